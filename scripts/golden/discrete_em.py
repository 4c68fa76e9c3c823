#!/usr/bin/python3
"""Golden references for em4j's discrete mixture families (binomial, bernoulli, categorical,
poisson), written with numpy/scipy independently of em4j's code.

For each family: generate data with a fixed numpy seed (with some missing cells where the family
allows them), run plain EM from a fixed start for exactly ITER iterations, and write
  golden/discrete_<family>.csv   the data (empty cell = missing)
  golden/discrete_<family>.json  the start, the parameters after ITER M-steps, and the
                                 log-likelihood of the parameters at iterations 0..ITER
Missing cells are left out of a row's likelihood and of their column's sums (exact EM under
within-component independence). Log densities come from scipy.stats (binom, poisson), so the
reference shares no arithmetic with em4j (which uses commons-numbers LogGamma).

Run from the repository root:  /usr/bin/python3 scripts/golden/discrete_em.py
"""
import json
import os

import numpy as np
from scipy import stats
from scipy.special import logsumexp

ITER = 30
OUT = "em4j-core/src/test/resources/golden"


def em(loglik_components, m_step, params, iterations):
    """Plain EM: returns the parameters after `iterations` M-steps and the LL trace."""
    trace = []
    for it in range(iterations + 1):
        lj = loglik_components(params)  # n x K, including log weights
        lse = logsumexp(lj, axis=1)
        trace.append(float(lse.sum()))
        if it == iterations:
            break
        r = np.exp(lj - lse[:, None])
        params = m_step(r)
    return params, trace


def write(name, header, rows, doc):
    with open(os.path.join(OUT, f"discrete_{name}.csv"), "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join("" if v is None else str(v) for v in row) + "\n")
    with open(os.path.join(OUT, f"discrete_{name}.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def poisson():
    rng = np.random.default_rng(11)
    n, d = 300, 2
    z = rng.random(n) < 0.35
    rates = np.array([[2.0, 9.0], [7.0, 1.5]])
    x = rng.poisson(rates[z.astype(int)]).astype(float)
    x[rng.random((n, d)) < 0.05] = np.nan
    x = x[~np.isnan(x).all(axis=1)]
    obs = ~np.isnan(x)
    x0 = np.where(obs, x, 0)
    w0 = np.array([0.5, 0.5])
    lam0 = np.array([[3.0, 4.0], [4.0, 3.0]])

    def ll(p):
        w, lam = p
        out = np.zeros((len(x), 2))
        for c in range(2):
            lp = np.where(obs, stats.poisson.logpmf(x0, lam[c]), 0.0)
            out[:, c] = np.log(w[c]) + lp.sum(axis=1)
        return out

    def m(r):
        w = r.sum(axis=0) / r.sum()
        lam = (r.T @ x0) / (r.T @ obs)
        return (w, lam)

    (w, lam), trace = em(ll, m, (w0, lam0), ITER)
    rows = [[None if np.isnan(v) else int(v) for v in row] for row in x]
    write("poisson", ["a", "b"], rows, {
        "iterations": ITER, "start": {"weights": w0.tolist(), "rate": lam0.tolist()},
        "weights": w.tolist(), "rate": lam.tolist(), "logLikelihoodTrace": trace})


def bernoulli():
    rng = np.random.default_rng(12)
    n, d, k = 400, 5, 3
    p_true = np.array([[0.9, 0.8, 0.1, 0.2, 0.5], [0.1, 0.2, 0.9, 0.8, 0.5], [0.5, 0.9, 0.9, 0.1, 0.1]])
    z = rng.choice(k, size=n, p=[0.3, 0.3, 0.4])
    x = (rng.random((n, d)) < p_true[z]).astype(float)
    x[rng.random((n, d)) < 0.04] = np.nan
    x = x[~np.isnan(x).all(axis=1)]
    obs = ~np.isnan(x)
    x0 = np.where(obs, x, 0)
    w0 = np.array([0.3, 0.3, 0.4])
    p0 = np.array([[0.6, 0.6, 0.4, 0.4, 0.5], [0.4, 0.4, 0.6, 0.6, 0.5], [0.5, 0.7, 0.7, 0.3, 0.3]])

    def ll(p):
        w, pr = p
        out = np.zeros((len(x), k))
        for c in range(k):
            lp = np.where(obs, stats.bernoulli.logpmf(x0, pr[c]), 0.0)
            out[:, c] = np.log(w[c]) + lp.sum(axis=1)
        return out

    def m(r):
        return (r.sum(axis=0) / r.sum(), (r.T @ x0) / (r.T @ obs))

    (w, pr), trace = em(ll, m, (w0, p0), ITER)
    rows = [[None if np.isnan(v) else int(v) for v in row] for row in x]
    write("bernoulli", [f"q{j+1}" for j in range(d)], rows, {
        "iterations": ITER, "start": {"weights": w0.tolist(), "p": p0.tolist()},
        "weights": w.tolist(), "p": pr.tolist(), "logLikelihoodTrace": trace})


def binomial():
    rng = np.random.default_rng(13)
    n = 200
    trials = rng.integers(1, 25, size=n)
    z = rng.random(n) < 0.6
    x = rng.binomial(trials, np.where(z, 0.75, 0.3))
    w0 = np.array([0.5, 0.5])
    p0 = np.array([0.6, 0.5])

    def ll(p):
        w, pr = p
        return np.stack([np.log(w[c]) + stats.binom.logpmf(x, trials, pr[c]) for c in range(2)], axis=1)

    def m(r):
        return (r.sum(axis=0) / r.sum(), (r.T @ x) / (r.T @ trials))

    (w, pr), trace = em(ll, m, (w0, p0), ITER)
    write("binomial", ["heads", "tosses"], [[int(a), int(b)] for a, b in zip(x, trials)], {
        "iterations": ITER, "start": {"weights": w0.tolist(), "p": p0.tolist()},
        "weights": w.tolist(), "p": pr.tolist(), "logLikelihoodTrace": trace})


def categorical():
    rng = np.random.default_rng(14)
    n, k = 350, 2
    levels = [["no", "yes"], ["high", "low", "mid"], ["a", "b", "c", "d"]]
    truth = [
        [[0.8, 0.2], [0.6, 0.1, 0.3], [0.4, 0.3, 0.2, 0.1]],
        [[0.3, 0.7], [0.1, 0.6, 0.3], [0.1, 0.2, 0.3, 0.4]],
    ]
    z = rng.random(n) < 0.45
    codes = np.zeros((n, 3))
    for i in range(n):
        for j in range(3):
            codes[i, j] = rng.choice(len(levels[j]), p=truth[int(z[i])][j])
    codes[rng.random((n, 3)) < 0.05] = np.nan
    codes = codes[~np.isnan(codes).all(axis=1)]
    w0 = np.array([0.5, 0.5])
    p0 = [
        [np.array([0.6, 0.4]), np.array([0.4, 0.3, 0.3]), np.array([0.3, 0.3, 0.2, 0.2])],
        [np.array([0.4, 0.6]), np.array([0.3, 0.4, 0.3]), np.array([0.2, 0.2, 0.3, 0.3])],
    ]

    def ll(p):
        w, pr = p
        out = np.zeros((len(codes), k))
        for c in range(k):
            out[:, c] = np.log(w[c])
            for j in range(3):
                col = codes[:, j]
                ok = ~np.isnan(col)
                out[ok, c] += np.log(pr[c][j][col[ok].astype(int)])
        return out

    def m(r):
        w = r.sum(axis=0) / r.sum()
        pr = []
        for c in range(k):
            tables = []
            for j in range(3):
                col = codes[:, j]
                ok = ~np.isnan(col)
                counts = np.array([r[ok & (col == l), c].sum() for l in range(len(levels[j]))])
                tables.append(counts / counts.sum())
            pr.append(tables)
        return (w, pr)

    (w, pr), trace = em(ll, m, (w0, p0), ITER)
    rows = [[None if np.isnan(v) else levels[j][int(v)] for j, v in enumerate(row)] for row in codes]
    tolist = lambda t: [[col.tolist() for col in comp] for comp in t]
    write("categorical", ["smoker", "stress", "group"], rows, {
        "iterations": ITER, "levels": levels,
        "start": {"weights": w0.tolist(), "probabilities": tolist(p0)},
        "weights": w.tolist(), "probabilities": tolist(pr), "logLikelihoodTrace": trace})


if __name__ == "__main__":
    poisson()
    bernoulli()
    binomial()
    categorical()
