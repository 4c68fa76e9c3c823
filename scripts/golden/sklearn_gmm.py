#!/usr/bin/python3
"""Writes the scikit-learn golden files that em4j-core's tests compare against.

Run from the repository root with Debian's Python (it has python3-sklearn 1.2.1 and numpy):

    /usr/bin/python3 scripts/golden/sklearn_gmm.py

It writes, under em4j-core/src/test/resources/golden/:

  * sklearn_d3_k3.csv, sklearn_d1_k2.csv   the data (no header, one row per sample)
  * sklearn_d3_k3_<type>.json,             for every covariance type: the start, the
    sklearn_d1_k2_<type>.json               parameters after exactly MAX_ITER EM iterations
                                            (tol=0) and the total log-likelihood of the
                                            final parameters (score(X) * N)
  * sklearn_faithful.json                  the best K = 2 full-covariance fit of Old Faithful
                                            found with n_init=50 (see faithful_reference.R for
                                            the mclust value)

Every number is written with repr(), so it reads back into the same double.
"""

import json
import os
import sys

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "em4j-core", "src", "test", "resources", "golden")
FAITHFUL = os.path.join(ROOT, "em4j-core", "src", "test", "resources", "faithful.csv")

MAX_ITER = 25
REG = 1e-6
TYPES = ["full", "diag", "spherical", "tied"]


def make_d3_k3(rng):
    """500 rows from three overlapping 3-D Gaussians with correlated covariances."""
    n = 500
    weights = np.array([0.5, 0.3, 0.2])
    means = np.array([[0.0, 0.0, 0.0], [2.0, 1.0, -1.0], [-1.0, 2.5, 1.5]]) + 3.0
    covs = []
    for c in range(3):
        a = rng.normal(size=(3, 3))
        covs.append(a @ a.T / 3.0 + 0.3 * np.eye(3))
    labels = rng.choice(3, size=n, p=weights)
    x = np.empty((n, 3))
    for i in range(n):
        x[i] = rng.multivariate_normal(means[labels[i]], covs[labels[i]])
    return x


def make_d1_k2(rng):
    """300 rows from two overlapping univariate normals."""
    n = 300
    labels = rng.random(n) < 0.35
    return np.where(labels, rng.normal(-1.0, 0.8, n), rng.normal(1.5, 1.2, n)).reshape(n, 1)


def start_for(x, k, rng):
    """A fixed start: means at perturbed data rows, covariances from the whole data."""
    n, d = x.shape
    rows = rng.choice(n, size=k, replace=False)
    means = x[rows] + rng.normal(scale=0.1, size=(k, d))
    weights = np.full(k, 1.0 / k) + np.linspace(-0.05, 0.05, k)
    weights = weights / weights.sum()
    base = np.atleast_2d(np.cov(x, rowvar=False, bias=True))
    scales = np.linspace(0.6, 1.2, k)
    return weights, means, base, scales


def precisions_init(cov_type, base, scales, d):
    """The start in sklearn's precisions_init format, and the full covariances it means.

    full: K x D x D precision matrices; tied: one D x D; diag: K x D; spherical: K.
    The covariances given to em4j are computed from the precisions that sklearn uses, so both
    tools start from the same point (up to the rounding of one inversion).
    """
    k = len(scales)
    if cov_type == "full":
        prec = np.array([np.linalg.inv(s * base) for s in scales])
        covs = np.array([np.linalg.inv(p) for p in prec])
    elif cov_type == "tied":
        prec = np.linalg.inv(base)
        covs = np.array([np.linalg.inv(prec)] * k)
    elif cov_type == "diag":
        prec = np.array([1.0 / (s * np.diag(base)) for s in scales])
        covs = np.array([np.diag(1.0 / p) for p in prec])
    elif cov_type == "spherical":
        prec = np.array([1.0 / (s * np.mean(np.diag(base))) for s in scales])
        covs = np.array([np.eye(d) / p for p in prec])
    else:
        raise ValueError(cov_type)
    return prec, covs


def full_covariances(gm, k, d):
    """sklearn's covariances_ as K full D x D matrices, whatever the type."""
    c = gm.covariances_
    t = gm.covariance_type
    if t == "full":
        return np.array(c)
    if t == "tied":
        return np.array([c] * k)
    if t == "diag":
        return np.array([np.diag(v) for v in c])
    return np.array([np.eye(d) * v for v in c])


def tolist(a):
    return np.asarray(a, dtype=float).tolist()


def write_json(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


def write_csv(name, x):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        for row in x:
            f.write(",".join(repr(float(v)) for v in row) + "\n")
    print("wrote", os.path.relpath(path, ROOT))


def fixed_iterations_case(tag, x, k, rng):
    n, d = x.shape
    write_csv(tag + ".csv", x)
    weights, means, base, scales = start_for(x, k, rng)
    for t in TYPES:
        prec, start_covs = precisions_init(t, base, scales, d)
        gm = GaussianMixture(
            n_components=k,
            covariance_type=t,
            tol=0.0,
            reg_covar=REG,
            max_iter=MAX_ITER,
            n_init=1,
            init_params="random_from_data",
            weights_init=weights,
            means_init=means,
            precisions_init=prec,
            random_state=0,
        )
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "did not converge": expected with tol = 0
            gm.fit(x)
        assert gm.n_iter_ == MAX_ITER, gm.n_iter_
        write_json(
            "%s_%s.json" % (tag, t),
            {
                "writtenBy": "scripts/golden/sklearn_gmm.py",
                "sklearnVersion": sklearn.__version__,
                "numpyVersion": np.__version__,
                "data": tag + ".csv",
                "rows": n,
                "dimension": d,
                "components": k,
                "covarianceType": t,
                "maxIterations": MAX_ITER,
                "tolerance": 0.0,
                "regularization": REG,
                "start": {
                    "weights": tolist(weights),
                    "means": tolist(means),
                    "covariances": tolist(start_covs),
                    "sklearnPrecisionsInit": tolist(prec),
                },
                "result": {
                    "weights": tolist(gm.weights_),
                    "means": tolist(gm.means_),
                    "covariances": tolist(full_covariances(gm, k, d)),
                    "logLikelihood": float(gm.score(x) * n),
                    "iterations": int(gm.n_iter_),
                },
            },
        )


def faithful_case():
    x = np.loadtxt(FAITHFUL, delimiter=",", skiprows=1)
    gm = GaussianMixture(
        n_components=2,
        covariance_type="full",
        tol=1e-10,
        reg_covar=REG,
        max_iter=10000,
        n_init=50,
        random_state=12345,
    )
    gm.fit(x)
    order = np.argsort(gm.means_[:, 0])
    write_json(
        "sklearn_faithful.json",
        {
            "writtenBy": "scripts/golden/sklearn_gmm.py",
            "sklearnVersion": sklearn.__version__,
            "data": "faithful.csv",
            "rows": int(x.shape[0]),
            "components": 2,
            "covarianceType": "full",
            "regularization": REG,
            "settings": "n_init=50, tol=1e-10, max_iter=10000, init_params=kmeans, random_state=12345",
            "converged": bool(gm.converged_),
            "logLikelihood": float(gm.score(x) * x.shape[0]),
            "weights": tolist(gm.weights_[order]),
            "means": tolist(gm.means_[order]),
            "covariances": tolist(gm.covariances_[order]),
        },
    )


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240611)
    fixed_iterations_case("sklearn_d3_k3", make_d3_k3(rng), 3, rng)
    fixed_iterations_case("sklearn_d1_k2", make_d1_k2(rng), 2, rng)
    faithful_case()
    return 0


if __name__ == "__main__":
    sys.exit(main())
