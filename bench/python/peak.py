"""Measures this machine's double-precision peak as OpenBLAS DGEMM sees it (numpy's matmul).

Run with OPENBLAS_CORETYPE=SkylakeX (as bench-compare.sh runs scikit-learn). Prints the best of
several 4096 x 4096 products on 1 thread and on 2 threads, in GFLOP/s (2 n^3 flops per product).
"""
import time

import numpy as np
from threadpoolctl import threadpool_limits

n = 4096
a = np.random.default_rng(0).standard_normal((n, n))
b = np.random.default_rng(1).standard_normal((n, n))
for threads in (1, 2):
    with threadpool_limits(limits=threads, user_api='blas'):
        a @ b
        best = min(_time for _time in (
            (lambda t0: (a @ b, time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(5)))
        print('DGEMM threads=%d GFLOP/s=%.1f' % (threads, 2 * n ** 3 / best / 1e9))
