"""Shared file formats of the comparison (see bench/src/main/java/org/em4j/bench/BenchFiles.java)."""
import numpy as np


def read_data(path, d):
    x = np.fromfile(path, dtype='<f8')
    return x.reshape(-1, d)


def read_mixture(path):
    with open(path) as f:
        lines = [l.split() for l in f if l.strip()]
    k, d, kind = int(lines[0][0]), int(lines[0][1]), lines[0][2]
    vals = [np.array([float(v) for v in l]) for l in lines[1:]]
    w = vals[0]
    means = np.array(vals[1:1 + k])
    rest = vals[1 + k:]
    if kind == 'full':
        cov = np.array(rest[:k * d]).reshape(k, d, d)
    elif kind == 'diag':
        cov = np.array(rest[:k])
    else:
        cov = rest[0]
    return kind, w, means, cov


def write_mixture(path, kind, w, means, cov):
    fmt = lambda v: ' '.join('%.17g' % x for x in np.ravel(v))
    k, d = means.shape
    with open(path, 'w') as f:
        f.write('%d %d %s\n' % (k, d, kind))
        f.write(fmt(w) + '\n')
        for m in means:
            f.write(fmt(m) + '\n')
        if kind == 'full':
            for c in range(k):
                for row in cov[c]:
                    f.write(fmt(row) + '\n')
        elif kind == 'diag':
            for c in range(k):
                f.write(fmt(cov[c]) + '\n')
        else:
            f.write(fmt(cov) + '\n')


def full_covariances(kind, means, cov):
    k, d = means.shape
    if kind == 'full':
        return cov
    if kind == 'diag':
        return np.array([np.diag(cov[c]) for c in range(k)])
    return np.array([np.eye(d) * cov[c] for c in range(k)])
