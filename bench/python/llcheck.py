"""One referee for every library: the log-likelihood of the data under each final parameter file.

Usage: llcheck.py DIR D PARAMS.txt...   prints "LL file value" per file.
"""
import sys

import numpy as np
from scipy.linalg import solve_triangular
from scipy.special import logsumexp

from common import read_data, read_mixture, full_covariances


def loglik(x, w, means, covs):
    n, d = x.shape
    k = len(w)
    total = 0.0
    for start in range(0, n, 200000):
        xb = x[start:start + 200000]
        lj = np.empty((xb.shape[0], k))
        for c in range(k):
            chol = np.linalg.cholesky(covs[c])
            z = solve_triangular(chol, (xb - means[c]).T, lower=True)
            lj[:, c] = (np.log(w[c]) - 0.5 * d * np.log(2 * np.pi)
                        - np.sum(np.log(np.diag(chol))) - 0.5 * np.sum(z * z, axis=0))
        total += np.sum(logsumexp(lj, axis=1))
    return total


def main():
    directory, d = sys.argv[1], int(sys.argv[2])
    x = read_data(directory + '/data.bin', d)
    for path in sys.argv[3:]:
        kind, w, means, cov = read_mixture(path)
        print('LL %s %.17g' % (path, loglik(x, w, means, full_covariances(kind, means, cov))))


if __name__ == '__main__':
    main()
