"""Times scikit-learn's GaussianMixture for M EM iterations from the common start.

Usage: sklearn_runner.py DIR D M OUT.txt

The model is built with init_params="random_from_data" and weights_init / means_init /
precisions_init, reg_covar=0 (as every peer), and its initialisation is done before the clock
starts; the timed loop is exactly the loop of GaussianMixture.fit (an _e_step and an _m_step per
iteration), so one timed iteration is what fit() spends per iteration.
"""
import sys
import time
import warnings

import numpy as np
from sklearn.mixture import GaussianMixture
from sklearn.utils import check_random_state

from common import read_data, read_mixture, write_mixture

try:
    from threadpoolctl import threadpool_info
except ImportError:  # pragma: no cover
    threadpool_info = None


def main():
    directory, d, m, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    x = read_data(directory + '/data.bin', d)
    kind, w, means, cov = read_mixture(directory + '/start.txt')
    k = len(w)
    if kind == 'full':
        prec = np.array([np.linalg.inv(c) for c in cov])
    else:
        prec = 1.0 / cov
    gm = GaussianMixture(n_components=k, covariance_type=kind, tol=0.0, reg_covar=0.0,
                         max_iter=m, n_init=1, init_params='random_from_data',
                         weights_init=w, means_init=means, precisions_init=prec,
                         random_state=0)
    gm._check_parameters(x)
    gm._initialize_parameters(x, check_random_state(0))
    t0 = time.perf_counter()
    c0 = time.process_time()
    each = []
    for _ in range(m):
        s0 = time.perf_counter()
        _, log_resp = gm._e_step(x)
        gm._m_step(x, log_resp)
        each.append(time.perf_counter() - s0)
    t1 = time.perf_counter()
    c1 = time.process_time()
    ll = gm.score(x) * x.shape[0]
    if threadpool_info is not None:
        for info in threadpool_info():
            print('BLAS %s %s threads=%s arch=%s' % (info.get('internal_api'), info.get('version'),
                                                   info.get('num_threads'),
                                                   info.get('architecture')))
    print('RESULT lib=sklearn iters=%d seconds=%.6f per_iter=%.6f own_ll=%.17g cpu_per_iter=%.6f'
          ' median_iter=%.6f' % (m, t1 - t0, (t1 - t0) / m, ll, (c1 - c0) / m, np.median(each)))
    write_mixture(out, kind, gm.weights_, gm.means_, gm.covariances_)


if __name__ == '__main__':
    warnings.simplefilter('ignore')
    main()
