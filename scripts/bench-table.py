"""Turns bench-compare.sh's results.tsv into the markdown table of docs/performance.md."""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
em4j = {r['shape']: r for r in rows if r['lib'] == 'em4j' and r['per_iter_s']}
print('| shape (N, D, K, cov) | library | iterations | s / iteration | peer / em4j | peak RSS MB | log-likelihood | rel. diff to em4j |')
print('| --- | --- | --- | --- | --- | --- | --- | --- |')
for r in rows:
    shape = '(%s)' % r['shape'].replace(',', ', ')
    if not r['per_iter_s']:
        print('| %s | %s | | n/a | | | | %s |' % (shape, r['lib'], r['note']))
        continue
    base = em4j.get(r['shape'])
    ratio = '%.1f' % (float(r['per_iter_s']) / float(base['per_iter_s'])) if base else ''
    if r['lib'] == 'em4j':
        ratio = '1'
    print('| %s | %s | %s | %.4g | %s | %s | %.10g | %s |' % (
        shape, r['lib'], r['iters'], float(r['per_iter_s']), ratio, r['peak_rss_mb'],
        float(r['ll']), r['rel_diff']))
