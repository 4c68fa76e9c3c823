package org.em4j.gaussian;

import org.em4j.data.Dataset;

/**
 * The fused E-step for diagonal and spherical covariances, vectorised across rows: blocks of rows
 * are transposed ({@link RowBlock}) so that every inner loop runs over the block's rows, a long
 * uniform trip that HotSpot C2 turns into AVX-512 instructions, instead of over D or K.
 *
 * <ul>
 *   <li>log joints, per component c: {@code m_i = sum_j ((x_ij - mu_cj) p_cj)^2} (diag, {@code
 *       p = 1 / sigma}) or {@code m_i = (sum_j (x_ij - mu_cj)^2) p_c^2} (spherical), two columns
 *       per pass over the block; the differences are taken directly (not expanded as {@code |x|^2
 *       - 2 x.mu + |mu|^2}), so data far from the origin loses no digits;
 *   <li>responsibilities: {@link RowBlock#responsibilities};
 *   <li>statistics around the component means ({@code s_cj += r_ic (x_ij - mu_cj)}, {@code q_cj +=
 *       r_ic (x_ij - mu_cj)^2}) into one accumulator per row position, skipping a component whose
 *       responsibilities in the block are all zero; two blocks at a time ({@link RowBlock#second}
 *       shares the lanes), so each load and store of a lane carries two rows.
 * </ul>
 *
 * <p>This is the E-step of Dempster, Laird and Rubin (JRSS B 39, 1977) for the diagonal and
 * spherical Gaussian mixtures (the "VVI" and "VII" models of Banfield and Raftery, Biometrics 49,
 * 1993), fused with the statistics as in {@link GaussianKernels}.
 *
 * @implNote Results differ from the row-at-a-time definition only by rounding (the sums over rows
 *     are taken in another order, and {@code exp} is {@link org.em4j.kernel.VectorExp}).
 */
final class DiagonalKernels {
  private DiagonalKernels() {}

  /** A row block sized for the parameters' shape. */
  static RowBlock newBlock(int k, int d) {
    return new RowBlock(k, d, RowBlock.rowsFor(k, d), k * d).withSecond();
  }

  /**
   * The fused E-step over rows {@code [from, to)}.
   *
   * @param st gets the rows' statistics; modified
   * @param b scratch; modified
   * @return the weighted log-likelihood of the rows
   */
  static double accumulate(
      GaussianParameters p, Dataset data, int from, int to, GaussianStatistics st, RowBlock b) {
    RowBlock b2 = b.second;
    b.clearLanes();
    b2.clearLanes();
    double ll = 0;
    int i0 = from;
    while (i0 < to) {
      int n = Math.min(b.rows, to - i0);
      boolean first = b.load(data, i0, n);
      if (first) {
        logJoints(p, n, b);
        ll += b.responsibilities(n);
      }
      i0 += n;
      int n2 = Math.min(b.rows, to - i0);
      boolean second = n2 > 0 && b2.load(data, i0, n2);
      if (second) {
        logJoints(p, n2, b2);
        ll += b2.responsibilities(n2);
      }
      i0 += Math.max(n2, 0);
      if (first && second && n == n2) {
        addPair(p, n, b, b2);
      } else {
        if (first) {
          addAll(p, n, b);
        }
        if (second) {
          addAll(p, n2, b2);
        }
      }
    }
    b.addLanesTo(st);
    return ll + b.takeLogLikelihood() + b2.takeLogLikelihood();
  }

  /** Every component's log joints of the block's first n rows. */
  static void logJoints(GaussianParameters p, int n, RowBlock b) {
    boolean diag = p.covarianceType() == CovarianceType.DIAG;
    for (int c = 0; c < b.k; c++) {
      if (diag) {
        logJointDiag(p, c, n, b);
      } else {
        logJointSpherical(p, c, n, b);
      }
    }
  }

  /** Adds the block's first n rows to the lanes of every component with a responsibility. */
  static void addAll(GaussianParameters p, int n, RowBlock b) {
    for (int c = 0; c < b.k; c++) {
      if (b.anyResponsibility(c, n)) {
        add(p, c, n, b);
      }
    }
  }

  /**
   * Adds two blocks of n rows to the lanes in one pass (their lanes are shared), which halves the
   * loads and stores of the lanes: those, not the arithmetic, bound the statistics at large K D.
   */
  static void addPair(GaussianParameters p, int n, RowBlock a, RowBlock b) {
    for (int c = 0; c < a.k; c++) {
      boolean inA = a.anyResponsibility(c, n);
      boolean inB = b.anyResponsibility(c, n);
      if (inA && inB) {
        addTwo(p, c, n, a, b);
      } else if (inA) {
        add(p, c, n, a);
      } else if (inB) {
        add(p, c, n, b);
      }
    }
  }

  private static void addTwo(GaussianParameters p, int c, int n, RowBlock a, RowBlock b) {
    int d = a.d;
    double[] ra = a.lj[c];
    double[] rb = b.lj[c];
    double[] nl = a.lanesN[c];
    for (int i = 0; i < n; i++) {
      nl[i] += ra[i] + rb[i];
    }
    double[] mu = p.meansArray();
    int o = c * d;
    for (int j = 0; j < d; j++) {
      double[] xa = a.x[j];
      double[] xb = b.x[j];
      double[] sl = a.lanesS[o + j];
      double[] ql = a.lanesQ[o + j];
      double mj = mu[o + j];
      for (int i = 0; i < n; i++) {
        double ta = xa[i] - mj;
        double tb = xb[i] - mj;
        double aa = ra[i] * ta;
        double ab = rb[i] * tb;
        sl[i] += aa + ab;
        ql[i] = Math.fma(ab, tb, Math.fma(aa, ta, ql[i]));
      }
    }
  }

  /** Component c's log joints of the block's first n rows, into {@code b.lj[c]}. */
  private static void logJointDiag(GaussianParameters p, int c, int n, RowBlock b) {
    int d = b.d;
    double[] mu = p.meansArray();
    double[] inv = p.inverseFactor;
    int o = c * d;
    double[] m = b.m;
    double[] x0 = b.x[0];
    double mu0 = mu[o];
    double p0 = inv[o];
    for (int i = 0; i < n; i++) {
      double t = (x0[i] - mu0) * p0;
      m[i] = t * t;
    }
    int j = 1;
    for (; j + 1 < d; j += 2) {
      double[] xa = b.x[j];
      double[] xb = b.x[j + 1];
      double mua = mu[o + j];
      double mub = mu[o + j + 1];
      double pa = inv[o + j];
      double pb = inv[o + j + 1];
      for (int i = 0; i < n; i++) {
        double ta = (xa[i] - mua) * pa;
        double tb = (xb[i] - mub) * pb;
        m[i] = Math.fma(tb, tb, Math.fma(ta, ta, m[i]));
      }
    }
    if (j < d) {
      double[] xa = b.x[j];
      double mua = mu[o + j];
      double pa = inv[o + j];
      for (int i = 0; i < n; i++) {
        double ta = (xa[i] - mua) * pa;
        m[i] = Math.fma(ta, ta, m[i]);
      }
    }
    double base = p.logWeights[c] + p.logNorm[p.block(c)];
    double[] l = b.lj[c];
    for (int i = 0; i < n; i++) {
      l[i] = base - 0.5 * m[i];
    }
  }

  /** Like {@link #logJointDiag} with one precision per component. */
  private static void logJointSpherical(GaussianParameters p, int c, int n, RowBlock b) {
    int d = b.d;
    double[] mu = p.meansArray();
    int o = c * d;
    double[] m = b.m;
    double[] x0 = b.x[0];
    double mu0 = mu[o];
    for (int i = 0; i < n; i++) {
      double t = x0[i] - mu0;
      m[i] = t * t;
    }
    int j = 1;
    for (; j + 1 < d; j += 2) {
      double[] xa = b.x[j];
      double[] xb = b.x[j + 1];
      double mua = mu[o + j];
      double mub = mu[o + j + 1];
      for (int i = 0; i < n; i++) {
        double ta = xa[i] - mua;
        double tb = xb[i] - mub;
        m[i] = Math.fma(tb, tb, Math.fma(ta, ta, m[i]));
      }
    }
    if (j < d) {
      double[] xa = b.x[j];
      double mua = mu[o + j];
      for (int i = 0; i < n; i++) {
        double ta = xa[i] - mua;
        m[i] = Math.fma(ta, ta, m[i]);
      }
    }
    double base = p.logWeights[c] + p.logNorm[p.block(c)];
    double pc = p.inverseFactor[c];
    double[] l = b.lj[c];
    for (int i = 0; i < n; i++) {
      l[i] = base - 0.5 * (m[i] * pc * pc);
    }
  }

  /** Adds the block's rows to component c's lanes: {@code n += r}, {@code s += r t}, {@code q += r t^2}. */
  private static void add(GaussianParameters p, int c, int n, RowBlock b) {
    int d = b.d;
    double[] r = b.lj[c];
    double[] nl = b.lanesN[c];
    for (int i = 0; i < n; i++) {
      nl[i] += r[i];
    }
    double[] mu = p.meansArray();
    int o = c * d;
    for (int j = 0; j < d; j++) {
      double[] xj = b.x[j];
      double[] sl = b.lanesS[o + j];
      double[] ql = b.lanesQ[o + j];
      double mj = mu[o + j];
      for (int i = 0; i < n; i++) {
        double t = xj[i] - mj;
        double a = r[i] * t;
        sl[i] += a;
        ql[i] = Math.fma(a, t, ql[i]);
      }
    }
  }
}
