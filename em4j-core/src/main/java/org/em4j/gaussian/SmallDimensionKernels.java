package org.em4j.gaussian;

import org.em4j.data.Dataset;
import org.em4j.kernel.Packed;

/**
 * The fused E-step for full and tied covariances in one or two dimensions, vectorised across rows
 * with the block transposed into columns ({@link RowBlock}): at D &le; 2 the per-component work of
 * a row is a handful of operations, so a loop over D or K cannot fill a vector register, while a
 * loop over the block's rows can.
 *
 * <p>With {@code L^-1} the inverse Cholesky factor of the component's covariance ({@code l00};
 * {@code l10, l11} at D = 2), {@code z = L^-1 (x - mu)}, the log joint is {@code log w_c + log
 * norm_c - |z|^2 / 2}; the statistics are {@code n_c += r}, {@code s_c += r a} and the packed
 * second moments {@code q += r a a^T} of {@code a = x - mu_c} (one triangle for all components
 * when tied). This is the E-step of Dempster, Laird and Rubin (JRSS B 39, 1977) for the Gaussian
 * mixture, fused with the statistics as in {@link GaussianKernels}.
 *
 * @implNote Results differ from the row-at-a-time definition only by rounding (sums over rows in
 *     another order, {@code exp} by {@link org.em4j.kernel.VectorExp}).
 */
final class SmallDimensionKernels {
  private SmallDimensionKernels() {}

  /** Whether these kernels handle the parameters' shape. */
  static boolean handles(GaussianParameters p) {
    CovarianceType t = p.covarianceType();
    return p.dimension() <= 2 && (t == CovarianceType.FULL || t == CovarianceType.TIED);
  }

  /** A row block sized for the parameters' shape. */
  static RowBlock newBlock(CovarianceType type, int k, int d) {
    int qSize = type == CovarianceType.TIED ? Packed.size(d) : k * Packed.size(d);
    return new RowBlock(k, d, RowBlock.rowsFor(k, d), qSize);
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
    b.clearLanes();
    double ll = 0;
    for (int i0 = from; i0 < to; i0 += b.rows) {
      int n = Math.min(b.rows, to - i0);
      if (!b.load(data, i0, n)) {
        continue;
      }
      logJoints(p, n, b);
      ll += b.responsibilities(n);
      addAll(p, n, b);
    }
    b.addLanesTo(st);
    return ll + b.takeLogLikelihood();
  }

  /** Every component's log joints of the block's first n rows. */
  static void logJoints(GaussianParameters p, int n, RowBlock b) {
    for (int c = 0; c < b.k; c++) {
      if (b.d == 1) {
        logJoint1(p, c, n, b);
      } else {
        logJoint2(p, c, n, b);
      }
    }
  }

  /** Adds the block's first n rows to the lanes of every component with a responsibility. */
  static void addAll(GaussianParameters p, int n, RowBlock b) {
    for (int c = 0; c < b.k; c++) {
      if (b.anyResponsibility(c, n)) {
        if (b.d == 1) {
          add1(p, c, n, b);
        } else {
          add2(p, c, n, b);
        }
      }
    }
  }

  private static double base(GaussianParameters p, int c) {
    return p.logWeights[c] + p.logNorm[p.block(c)];
  }

  private static void logJoint1(GaussianParameters p, int c, int n, RowBlock b) {
    double mu = p.meansArray()[c];
    double l00 = p.inverseFactor[p.block(c)];
    double base = base(p, c);
    double[] x0 = b.x[0];
    double[] l = b.lj[c];
    for (int i = 0; i < n; i++) {
      double z = (x0[i] - mu) * l00;
      l[i] = base - 0.5 * (z * z);
    }
  }

  private static void logJoint2(GaussianParameters p, int c, int n, RowBlock b) {
    double mu0 = p.meansArray()[2 * c];
    double mu1 = p.meansArray()[2 * c + 1];
    int lo = p.block(c) * 4;
    double l00 = p.inverseFactor[lo];
    double l10 = p.inverseFactor[lo + 2];
    double l11 = p.inverseFactor[lo + 3];
    double base = base(p, c);
    double[] x0 = b.x[0];
    double[] x1 = b.x[1];
    double[] l = b.lj[c];
    for (int i = 0; i < n; i++) {
      double a0 = x0[i] - mu0;
      double a1 = x1[i] - mu1;
      double z0 = a0 * l00;
      double z1 = Math.fma(a1, l11, a0 * l10);
      l[i] = base - 0.5 * Math.fma(z1, z1, z0 * z0);
    }
  }

  private static void add1(GaussianParameters p, int c, int n, RowBlock b) {
    double mu = p.meansArray()[c];
    double[] r = b.lj[c];
    double[] x0 = b.x[0];
    double[] nl = b.lanesN[c];
    double[] sl = b.lanesS[c];
    double[] ql = b.lanesQ[p.covarianceType() == CovarianceType.TIED ? 0 : c];
    for (int i = 0; i < n; i++) {
      double a = x0[i] - mu;
      double ra = r[i] * a;
      nl[i] += r[i];
      sl[i] += ra;
      ql[i] = Math.fma(ra, a, ql[i]);
    }
  }

  private static void add2(GaussianParameters p, int c, int n, RowBlock b) {
    double mu0 = p.meansArray()[2 * c];
    double mu1 = p.meansArray()[2 * c + 1];
    double[] r = b.lj[c];
    double[] x0 = b.x[0];
    double[] x1 = b.x[1];
    double[] nl = b.lanesN[c];
    double[] s0 = b.lanesS[2 * c];
    double[] s1 = b.lanesS[2 * c + 1];
    int qo = p.covarianceType() == CovarianceType.TIED ? 0 : 3 * c;
    double[] q00 = b.lanesQ[qo];
    double[] q01 = b.lanesQ[qo + 1];
    double[] q11 = b.lanesQ[qo + 2];
    // Two passes: one loop over all nine arrays is too large for C2 to vectorise.
    for (int i = 0; i < n; i++) {
      nl[i] += r[i];
      s0[i] += r[i] * (x0[i] - mu0);
      s1[i] += r[i] * (x1[i] - mu1);
    }
    for (int i = 0; i < n; i++) {
      double a0 = x0[i] - mu0;
      double a1 = x1[i] - mu1;
      double r0 = r[i] * a0;
      q00[i] = Math.fma(r0, a0, q00[i]);
      q01[i] = Math.fma(r0, a1, q01[i]);
      q11[i] = Math.fma(r[i] * a1, a1, q11[i]);
    }
  }
}
