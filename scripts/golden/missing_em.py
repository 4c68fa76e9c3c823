#!/usr/bin/python3
"""Golden values for em4j's exact observed-data EM with missing values (Ghahramani & Jordan 1994).

An independent, deliberately slow reference: row by row, with full covariance matrices for every
covariance type, SciPy's multivariate normal for the marginal densities and np.linalg.solve for the
conditional distributions. The M-step estimates each component's full covariance from the expected
complete-data statistics and then projects it onto the type (diag: its diagonal; spherical: the
mean of its diagonal; tied: the weighted pool), which is the maximiser of the expected
complete-data log-likelihood for that type. reg is added to every diagonal, as in em4j and
scikit-learn's reg_covar.

Writes missing-em.json next to this script: the data (null = missing), the start, and for each
covariance type the log-likelihood at every iteration, the parameters after ITERATIONS M-steps and
the data with every missing value replaced by its conditional expectation under those parameters.
Run:  /usr/bin/python3 scripts/golden/missing_em.py
"""
import json
import os

import numpy as np
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

N, D, K = 150, 3, 2
ITERATIONS = 12
REG = 1e-6
MISSING_FRACTION = 0.2


def make_data(rng):
    means = np.array([[0.0, 0.0, 0.0], [3.0, 2.0, -1.0]])
    covs = np.array([[[1.0, 0.6, 0.2], [0.6, 1.5, -0.3], [0.2, -0.3, 0.8]],
                     [[0.7, -0.2, 0.1], [-0.2, 0.9, 0.4], [0.1, 0.4, 1.2]]])
    labels = rng.random(N) < 0.4
    x = np.array([rng.multivariate_normal(means[int(l)], covs[int(l)]) for l in labels])
    mask = rng.random((N, D)) < MISSING_FRACTION
    for i in range(N):  # keep at least one observed value per row
        if mask[i].all():
            mask[i, rng.integers(D)] = False
    x[mask] = np.nan
    return x


def start(kind):
    weights = np.array([0.5, 0.5])
    means = np.array([[0.5, -0.5, 0.2], [2.0, 1.5, -0.5]])
    full = np.array([[[1.2, 0.3, 0.0], [0.3, 1.0, 0.1], [0.0, 0.1, 0.9]],
                     [[1.0, -0.1, 0.2], [-0.1, 1.1, 0.0], [0.2, 0.0, 1.3]]])
    if kind == "full":
        covs = full
    elif kind == "tied":
        covs = np.array([full[0], full[0]])
    elif kind == "diag":
        covs = np.array([np.diag(np.diag(c)) for c in full])
    else:
        covs = np.array([np.eye(D) * s for s in (1.1, 0.8)])
    return weights, means, covs


def e_step(x, weights, means, covs):
    """Observed-data log-likelihood and the expected complete-data statistics, row by row."""
    n_k = np.zeros(K)
    sx = np.zeros((K, D))
    sxx = np.zeros((K, D, D))
    ll = 0.0
    for row in x:
        o = ~np.isnan(row)
        m = ~o
        lj = np.array([np.log(weights[c])
                       + multivariate_normal(means[c][o], covs[c][np.ix_(o, o)]).logpdf(row[o])
                       for c in range(K)])
        lse = logsumexp(lj)
        ll += lse
        r = np.exp(lj - lse)
        for c in range(K):
            xhat = row.copy()
            cond = np.zeros((D, D))
            if m.any():
                s_oo = covs[c][np.ix_(o, o)]
                s_mo = covs[c][np.ix_(m, o)]
                xhat[m] = means[c][m] + s_mo @ np.linalg.solve(s_oo, row[o] - means[c][o])
                cond[np.ix_(m, m)] = covs[c][np.ix_(m, m)] - s_mo @ np.linalg.solve(s_oo, s_mo.T)
            n_k[c] += r[c]
            sx[c] += r[c] * xhat
            sxx[c] += r[c] * (np.outer(xhat, xhat) + cond)
    return ll, n_k, sx, sxx


def m_step(kind, n_k, sx, sxx):
    weights = n_k / n_k.sum()
    means = sx / n_k[:, None]
    full = np.array([sxx[c] / n_k[c] - np.outer(means[c], means[c]) for c in range(K)])
    if kind == "full":
        covs = full
    elif kind == "tied":
        pooled = sum(n_k[c] * full[c] for c in range(K)) / n_k.sum()
        covs = np.array([pooled] * K)
    elif kind == "diag":
        covs = np.array([np.diag(np.diag(f)) for f in full])
    else:
        covs = np.array([np.eye(D) * np.trace(f) / D for f in full])
    covs = covs + REG * np.eye(D)
    return weights, means, covs


def impute(x, weights, means, covs):
    """Each missing value replaced by sum_c r_c E[x_m | x_o, c], r from the observed marginal."""
    out = x.copy()
    for i, row in enumerate(x):
        o = ~np.isnan(row)
        m = ~o
        if not m.any():
            continue
        lj = np.array([np.log(weights[c])
                       + multivariate_normal(means[c][o], covs[c][np.ix_(o, o)]).logpdf(row[o])
                       for c in range(K)])
        r = np.exp(lj - logsumexp(lj))
        fill = np.zeros(m.sum())
        for c in range(K):
            s_oo = covs[c][np.ix_(o, o)]
            s_mo = covs[c][np.ix_(m, o)]
            fill += r[c] * (means[c][m] + s_mo @ np.linalg.solve(s_oo, row[o] - means[c][o]))
        out[i, m] = fill
    return out


def main():
    rng = np.random.default_rng(20240607)
    x = make_data(rng)
    out = {
        "description": "scripts/golden/missing_em.py: exact observed-data EM, row by row",
        "iterations": ITERATIONS,
        "reg": REG,
        "data": [[None if np.isnan(v) else float(v) for v in row] for row in x],
        "types": {},
    }
    for kind in ("full", "tied", "diag", "spherical"):
        weights, means, covs = start(kind)
        trace = []
        entry = {"start": {"weights": weights.tolist(), "means": means.tolist(),
                           "covariances": covs.tolist()}}
        for it in range(ITERATIONS + 1):
            ll, n_k, sx, sxx = e_step(x, weights, means, covs)
            trace.append(ll)
            if it == ITERATIONS:
                break
            weights, means, covs = m_step(kind, n_k, sx, sxx)
        entry["logLikelihoods"] = trace
        entry["final"] = {"weights": weights.tolist(), "means": means.tolist(),
                          "covariances": covs.tolist()}
        entry["imputed"] = impute(x, weights, means, covs).tolist()
        out["types"][kind] = entry
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "missing-em.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path, "missing cells:", int(np.isnan(x).sum()), "of", x.size)


if __name__ == "__main__":
    main()
