"""Turns bench-compare.sh's results.tsv into the markdown table of docs/performance.md.

Ratios are peer / em4j, per iteration, from the same run: by wall-clock time and, where the
runners reported it, by process CPU time (all threads), which a loaded machine disturbs less, and
by the median iteration (steady state, after the JIT's warm-up; em4j and scikit-learn time each
iteration). With REPEATS > 1 every number is the median over the runs, whose mean wall times per
iteration are listed in the last column.
"""
import csv
import math
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
em4j = {r['shape']: r for r in rows if r['lib'] == 'em4j' and r['per_iter_s']}


def num(r, key):
    try:
        v = float(r.get(key) or 'nan')
    except ValueError:
        return math.nan
    return v


print('| shape (N, D, K, cov) | library | iterations | wall s / iter | wall ratio | CPU s / iter '
      '| CPU ratio | median iteration s | median ratio | peak RSS MB | log-likelihood '
      '| rel. diff to em4j | runs (wall s / iter) |')
print('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for r in rows:
    shape = '(%s)' % r['shape'].replace(',', ', ')
    if not r['per_iter_s']:
        print('| %s | %s | | n/a | | | | | | | | %s | |' % (shape, r['lib'], r['note']))
        continue
    base = em4j.get(r['shape'])
    wall, cpu, med = num(r, 'per_iter_s'), num(r, 'cpu_per_iter_s'), num(r, 'median_iter_s')
    bw = num(base, 'per_iter_s') if base else math.nan
    bc = num(base, 'cpu_per_iter_s') if base else math.nan
    bm = num(base, 'median_iter_s') if base else math.nan
    fmt = lambda v: '' if math.isnan(v) else '%.3g' % v
    print('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.10g | %s | %s |' % (
        shape, r['lib'], r['iters'], fmt(wall), fmt(wall / bw), fmt(cpu), fmt(cpu / bc),
        fmt(med), fmt(med / bm), r['peak_rss_mb'], float(r['ll']), r['rel_diff'],
        (r.get('runs') or '').replace(',', ', ')))
