package org.em4j.gaussian;

import org.em4j.data.Dataset;

/**
 * A copy of {@code GaussianKernels} as it was before the row-block kernels (commit b0af7e6), kept
 * in the benchmark module so old and new can be timed in one run ({@link KernelCompare}). Its
 * full and tied path for D &ge; 3 is {@link OldFullKernel}, the same code, kept once.
 *
 * <p>The fused Gaussian E-step kernels: for a range of rows, every component's log density, the
 * responsibilities by log-sum-exp, the log-likelihood, and the sufficient statistics, in one pass
 * (the E-step and the statistics gathering of Dempster, Laird and Rubin, "Maximum likelihood from
 * incomplete data via the EM algorithm", JRSS B 39, 1977, fused as in the single-pass
 * formulation of Neal and Hinton, "A view of the EM algorithm that justifies incremental, sparse,
 * and other variants", 1998).
 *
 * <p>Rows are processed in blocks of {@value #BLOCK} so that the work per component becomes
 * small matrix products over the block, written so that HotSpot C2 vectorises the inner loops
 * (contiguous, {@link Math#fma}, no branches, no allocation):
 *
 * <ul>
 *   <li>full and tied: {@code z_i = L^-1 (x_i - mu_c)} is computed as {@code z_i += (x_i -
 *       mu_c)[b] * U[b, .]} with {@code U = L^-T} (upper triangular, stored with its zeros), four
 *       columns {@code b} at a time so each pass over {@code z_i} does four multiply-adds; the
 *       second moments {@code Q_c += sum_i r_ic d_i d_i^T} are added to the packed upper triangle
 *       four rows at a time (a rank-4 update: {@code Q_c += W^T D} with {@code W = R o D}), so each
 *       load and store of {@code Q_c} carries four multiply-adds;
 *   <li>diag and spherical: one short loop per row and component.
 * </ul>
 *
 * <p>Rows whose responsibility for a component is zero (or below {@link #FLUSH}) are not added
 * to that component's statistics, which for well separated components skips most of the work of
 * the second moments.
 *
 * <p>Each responsibility takes one {@code exp}: {@code e_c = exp(l_c - max)}, {@code r_c = e_c /
 * sum e}.
 *
 * <p>The order of additions depends only on the rows given (the block grid starts at {@code
 * from}), so a chunk's statistics are the same whichever thread computes it.
 *
 * @implNote Every statistic differs from the row-at-a-time definition only by rounding (the
 *     multiply-adds are fused and summed in another order); the tests hold it to 1e-12 relative.
 */
final class BaselineKernels {
  /** Rows per block. */
  static final int BLOCK = 16;

  /**
   * Responsibilities below this are taken as zero. Their products with centred values would
   * otherwise reach the subnormal range, where every multiply-add costs a hundred cycles or more,
   * and their share of any statistic that matters is below 1e-260.
   */
  static final double FLUSH = 1e-280;

  private BaselineKernels() {}

  /** Per-thread scratch space, sized for one parameter shape. */
  static final class Scratch {
    final int k;
    final int d;
    /** U_c = (L_c^-1)^T per covariance block, D x D row-major, zeros below the diagonal. */
    final double[] upper;
    /** Parameters the upper factors were computed from. */
    GaussianParameters cachedFor;
    /** Log joint densities, then responsibilities, BLOCK x K. */
    final double[] lj;
    /** Row weights of the block. */
    final double[] w;
    /** Diag and spherical: means and inverse deviations transposed to D x K. */
    final double[] meansT;
    final double[] scaleT;
    /** Diag and spherical: log weight plus log normalising constant per component. */
    final double[] base;
    /** Diag and spherical: one row's squared distances to every component. */
    final double[] m;

    Scratch(int k, int d, int blocks) {
      this.k = k;
      this.d = d;
      this.upper = new double[blocks * d * d];
      this.lj = new double[BLOCK * k];
      this.w = new double[BLOCK];
      this.meansT = new double[d * k];
      this.scaleT = new double[d * k];
      this.base = new double[k];
      this.m = new double[k];
    }
  }

  private static Scratch cached;
  private static OldFullKernel cachedFull;

  /** The full and tied kernel for D >= 3 (one thread only: this is a benchmark copy). */
  private static OldFullKernel oldFull(GaussianParameters p) {
    int k = p.components();
    int d = p.dimension();
    int blocks = p.covarianceType() == CovarianceType.TIED ? 1 : k;
    if (cachedFull == null || !cachedFull.fits(k, d, blocks)) {
      cachedFull = new OldFullKernel(k, d, blocks);
    }
    return cachedFull;
  }

  /** The scratch of the kernel before row blocks (one thread only: this is a benchmark copy). */
  private static Scratch baselineScratch(GaussianParameters p, GaussianStatistics stats) {
    Scratch sc = cached;
    int k = p.components();
    int d = p.dimension();
    if (sc == null || sc.k != k || sc.d != d) {
      sc = new Scratch(k, d, p.covarianceType() == CovarianceType.TIED ? 1 : k);
      cached = sc;
    }
    if (sc.cachedFor != p) {
      if (p.covarianceType() == CovarianceType.FULL || p.covarianceType() == CovarianceType.TIED) {
        transposeInverses(p, sc.upper);
      } else {
        transposeDiagonal(p, sc);
      }
      sc.cachedFor = p;
    }
    return sc;
  }

  /**
   * The fused E-step over rows {@code [from, to)}.
   *
   * @param stats gets the rows' statistics; modified (its scratch too)
   * @return the weighted log-likelihood of the rows
   */
  static double accumulate(
      GaussianParameters p, Dataset data, int from, int to, GaussianStatistics stats) {
    CovarianceType type = p.covarianceType();
    if (p.dimension() >= 3 && (type == CovarianceType.FULL || type == CovarianceType.TIED)) {
      return oldFull(p).accumulate(p, data, from, to, stats);
    }
    Scratch s = baselineScratch(p, stats);
    double ll = 0;
    for (int i0 = from; i0 < to; i0 += BLOCK) {
      int rows = Math.min(BLOCK, to - i0);
      ll += block(p, data, i0, rows, stats, s);
    }
    return ll;
  }

  private static double block(
      GaussianParameters p, Dataset data, int i0, int rows, GaussianStatistics st, Scratch s) {
    int k = p.components();
    double[] w = s.w;
    boolean any = false;
    for (int i = 0; i < rows; i++) {
      w[i] = data.weight(i0 + i);
      any |= w[i] != 0;
    }
    if (!any) {
      return 0;
    }
    double[] x = data.values();
    switch (p.covarianceType()) {
      case FULL, TIED -> logJointTiny(p, x, i0, rows, s);
      case DIAG -> logJointDiag(p, x, i0, rows, s);
      case SPHERICAL -> logJointSpherical(p, x, i0, rows, s);
      default -> throw new AssertionError();
    }
    double ll = responsibilities(rows, k, s.lj, s.w);
    switch (p.covarianceType()) {
      case FULL, TIED -> addTiny(p, x, i0, rows, st, s);
      case DIAG, SPHERICAL -> addDiagonal(p, x, i0, rows, st, s);
      default -> throw new AssertionError();
    }
    return ll;
  }

  /**
   * Turns the log joints of the block into weighted responsibilities; returns the rows' ll.
   *
   * <p>When every row of the block has weight 1, the rows' {@code log(sum_c exp(l_c - max))} are
   * added as the log of their product (each factor is in [1, K], so the product of a block cannot
   * overflow): one {@code log} per block instead of one per row.
   */
  static double responsibilities(int rows, int k, double[] lj, double[] w) {
    double ll = 0;
    double product = 1;
    boolean unit = true;
    for (int i = 0; i < rows; i++) {
      unit &= w[i] == 1;
    }
    for (int i = 0; i < rows; i++) {
      int o = i * k;
      if (w[i] == 0) {
        for (int c = 0; c < k; c++) {
          lj[o + c] = 0;
        }
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, lj[o + c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(lj[o + c] - max);
        lj[o + c] = e;
        sum += e;
      }
      if (unit) {
        ll += max;
        product *= sum;
      } else {
        ll += w[i] * (max + Math.log(sum));
      }
      double scale = w[i] / sum;
      for (int c = 0; c < k; c++) {
        double r = lj[o + c] * scale;
        lj[o + c] = r < FLUSH ? 0 : r;
      }
    }
    return unit ? ll + Math.log(product) : ll;
  }

  // ---------------------------------------------------------------- full and tied

  /** Log joints for full or tied covariances in one or two dimensions, without inner loops. */
  private static void logJointTiny(GaussianParameters p, double[] x, int i0, int rows, Scratch s) {
    int d = s.d;
    int k = s.k;
    double[] mu = p.meansArray();
    double[] u = s.upper;
    double[] lj = s.lj;
    for (int i = 0; i < rows; i++) {
      int xo = (i0 + i) * d;
      for (int c = 0; c < k; c++) {
        int uo = p.block(c) * d * d;
        double base = p.logWeights[c] + p.logNorm[p.block(c)];
        double m;
        if (d == 1) {
          double z = (x[xo] - mu[c]) * u[uo];
          m = z * z;
        } else {
          double a0 = x[xo] - mu[2 * c];
          double a1 = x[xo + 1] - mu[2 * c + 1];
          double z0 = a0 * u[uo];
          double z1 = Math.fma(a1, u[uo + 3], a0 * u[uo + 1]);
          m = Math.fma(z1, z1, z0 * z0);
        }
        lj[i * k + c] = base - 0.5 * m;
      }
    }
  }

  /** Statistics for full or tied covariances in one or two dimensions. */
  private static void addTiny(
      GaussianParameters p, double[] x, int i0, int rows, GaussianStatistics st, Scratch s) {
    int d = s.d;
    int k = s.k;
    double[] mu = p.meansArray();
    double[] lj = s.lj;
    double[] n = st.n;
    double[] sums = st.s;
    double[] q = st.q;
    boolean tied = p.covarianceType() == CovarianceType.TIED;
    for (int i = 0; i < rows; i++) {
      int xo = (i0 + i) * d;
      for (int c = 0; c < k; c++) {
        double r = lj[i * k + c];
        if (r == 0) {
          continue;
        }
        n[c] += r;
        if (d == 1) {
          double a = x[xo] - mu[c];
          double ra = r * a;
          sums[c] += ra;
          int qo = tied ? 0 : c;
          q[qo] = Math.fma(ra, a, q[qo]);
        } else {
          double a0 = x[xo] - mu[2 * c];
          double a1 = x[xo + 1] - mu[2 * c + 1];
          double r0 = r * a0;
          double r1 = r * a1;
          sums[2 * c] += r0;
          sums[2 * c + 1] += r1;
          int qo = tied ? 0 : 3 * c;
          q[qo] = Math.fma(r0, a0, q[qo]);
          q[qo + 1] = Math.fma(r0, a1, q[qo + 1]);
          q[qo + 2] = Math.fma(r1, a1, q[qo + 2]);
        }
      }
    }
  }

  /** Fills {@code upper} with {@code (L^-1)^T} of every covariance block. */
  static void transposeInverses(GaussianParameters p, double[] upper) {
    int d = p.dimension();
    int blocks = p.covarianceType() == CovarianceType.TIED ? 1 : p.components();
    double[] inv = p.inverseFactor;
    for (int b = 0; b < blocks; b++) {
      int o = b * d * d;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          upper[o + j * d + i] = inv[o + i * d + j];
        }
      }
    }
  }

  // ---------------------------------------------------------------- diag and spherical

  /**
   * Diagonal log joints, vectorised across components: {@code m_c += ((x_j - mu_cj) /
   * sigma_cj)^2} for all c at once, with means and inverse deviations transposed to D x K.
   */
  private static void logJointDiag(GaussianParameters p, double[] x, int i0, int rows, Scratch s) {
    int d = s.d;
    int k = s.k;
    double[] muT = s.meansT;
    double[] invT = s.scaleT;
    double[] base = s.base;
    double[] m = s.m;
    double[] lj = s.lj;
    for (int i = 0; i < rows; i++) {
      int xo = (i0 + i) * d;
      java.util.Arrays.fill(m, 0.0);
      for (int j = 0; j < d; j++) {
        double xj = x[xo + j];
        int o = j * k;
        for (int c = 0; c < k; c++) {
          double t = (xj - muT[o + c]) * invT[o + c];
          m[c] = Math.fma(t, t, m[c]);
        }
      }
      int lo = i * k;
      for (int c = 0; c < k; c++) {
        lj[lo + c] = base[c] - 0.5 * m[c];
      }
    }
  }

  /** Spherical log joints, vectorised across components like {@link #logJointDiag}. */
  private static void logJointSpherical(
      GaussianParameters p, double[] x, int i0, int rows, Scratch s) {
    int d = s.d;
    int k = s.k;
    double[] muT = s.meansT;
    double[] inv = p.inverseFactor;
    double[] base = s.base;
    double[] m = s.m;
    double[] lj = s.lj;
    for (int i = 0; i < rows; i++) {
      int xo = (i0 + i) * d;
      java.util.Arrays.fill(m, 0.0);
      for (int j = 0; j < d; j++) {
        double xj = x[xo + j];
        int o = j * k;
        for (int c = 0; c < k; c++) {
          double t = xj - muT[o + c];
          m[c] = Math.fma(t, t, m[c]);
        }
      }
      int lo = i * k;
      for (int c = 0; c < k; c++) {
        lj[lo + c] = base[c] - 0.5 * (m[c] * inv[c] * inv[c]);
      }
    }
  }

  /** Fills the transposed means, inverse deviations and constant terms of the diagonal kernels. */
  static void transposeDiagonal(GaussianParameters p, Scratch s) {
    int d = s.d;
    int k = s.k;
    double[] mu = p.meansArray();
    double[] inv = p.inverseFactor;
    boolean diag = p.covarianceType() == CovarianceType.DIAG;
    for (int c = 0; c < k; c++) {
      s.base[c] = p.logWeights[c] + p.logNorm[c];
      for (int j = 0; j < d; j++) {
        s.meansT[j * k + c] = mu[c * d + j];
        s.scaleT[j * k + c] = diag ? inv[c * d + j] : inv[c];
      }
    }
  }

  /** Diagonal second moments: {@code n_c += r}, {@code s_c += r d}, {@code q_c += r d o d}. */
  private static void addDiagonal(
      GaussianParameters p, double[] x, int i0, int rows, GaussianStatistics st, Scratch s) {
    int d = s.d;
    int k = s.k;
    double[] mu = p.meansArray();
    double[] lj = s.lj;
    double[] n = st.n;
    double[] sums = st.s;
    double[] q = st.q;
    for (int i = 0; i < rows; i++) {
      int xo = (i0 + i) * d;
      for (int c = 0; c < k; c++) {
        double r = lj[i * k + c];
        if (r == 0) {
          continue;
        }
        n[c] += r;
        int o = c * d;
        for (int j = 0; j < d; j++) {
          double t = x[xo + j] - mu[o + j];
          double rt = r * t;
          sums[o + j] += rt;
          q[o + j] = Math.fma(rt, t, q[o + j]);
        }
      }
    }
  }
}
