package org.em4j.gaussian;

import org.em4j.data.Dataset;
import org.em4j.kernel.Packed;

/**
 * A copy of {@code GaussianKernels} as it was before the row-block kernels (commit b0af7e6), kept
 * in the benchmark module so old and new can be timed in one run ({@link KernelCompare}).
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

  /** Rows per rank-r update of the second moments (and per group in the quadratic forms). */
  private static final int GROUP = 4;

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
    /** Centred rows of the block for one component, BLOCK x D. */
    final double[] diff;
    /** Quadratic-form outputs, BLOCK x D. */
    final double[] z;
    /** Log joint densities, then responsibilities, BLOCK x K. */
    final double[] lj;
    /** Row weights of the block. */
    final double[] w;
    /** Responsibility-weighted centred rows, GROUP x D. */
    final double[] wd;
    /** Rows of the block with a non-zero responsibility for the current component. */
    final int[] pick;
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
      this.diff = new double[BLOCK * d];
      this.z = new double[BLOCK * d];
      this.lj = new double[BLOCK * k];
      this.w = new double[BLOCK];
      this.wd = new double[GROUP * d];
      this.pick = new int[BLOCK];
      this.meansT = new double[d * k];
      this.scaleT = new double[d * k];
      this.base = new double[k];
      this.m = new double[k];
    }
  }

  private static Scratch cached;

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
    boolean tiny = s.d <= 2 && p.covarianceType() != CovarianceType.DIAG
        && p.covarianceType() != CovarianceType.SPHERICAL;
    switch (p.covarianceType()) {
      case FULL, TIED -> {
        if (tiny) {
          logJointTiny(p, x, i0, rows, s);
        } else {
          for (int c = 0; c < k; c++) {
            logJointFull(p, x, i0, rows, c, s);
          }
        }
      }
      case DIAG -> logJointDiag(p, x, i0, rows, s);
      case SPHERICAL -> logJointSpherical(p, x, i0, rows, s);
      default -> throw new AssertionError();
    }
    double ll = responsibilities(rows, k, s);
    switch (p.covarianceType()) {
      case FULL, TIED -> {
        if (tiny) {
          addTiny(p, x, i0, rows, st, s);
        } else {
          for (int c = 0; c < k; c++) {
            addFull(p, x, i0, rows, c, st, s);
          }
        }
      }
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
  private static double responsibilities(int rows, int k, Scratch s) {
    double[] lj = s.lj;
    double[] w = s.w;
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

  /** Fills column c of the block's log joints. */
  private static void logJointFull(
      GaussianParameters p, double[] x, int i0, int rows, int c, Scratch s) {
    int d = s.d;
    int k = s.k;
    centre(x, i0, rows, p.meansArray(), c * d, d, s.diff);
    double[] z = s.z;
    java.util.Arrays.fill(z, 0, rows * d, 0.0);
    int uo = p.block(c) * d * d;
    for (int i = 0; i < rows; i++) {
      triangular(s.upper, uo, s.diff, i * d, z, i * d, d);
    }
    double base = p.logWeights[c] + p.logNorm[p.block(c)];
    for (int i = 0; i < rows; i++) {
      s.lj[i * k + c] = base - 0.5 * squaredNorm(z, i * d, d);
    }
  }

  /** Writes {@code x_i - mu} for the block's rows into {@code out} (rows x D). */
  private static void centre(
      double[] x, int i0, int rows, double[] mu, int mo, int d, double[] out) {
    for (int i = 0; i < rows; i++) {
      int xo = (i0 + i) * d;
      int oo = i * d;
      for (int j = 0; j < d; j++) {
        out[oo + j] = x[xo + j] - mu[mo + j];
      }
    }
  }

  /**
   * {@code z += U^T v}, i.e. {@code z[a] += sum_{b <= a} v[b] U[b][a]}, for upper triangular
   * {@code U} (D x D, zeros stored below the diagonal), four columns of {@code U^T} at a time.
   */
  static void triangular(double[] u, int uo, double[] v, int vo, double[] z, int zo, int d) {
    int b = 0;
    for (; b + 3 < d; b += 4) {
      double v0 = v[vo + b];
      double v1 = v[vo + b + 1];
      double v2 = v[vo + b + 2];
      double v3 = v[vo + b + 3];
      int r0 = uo + b * d;
      int r1 = r0 + d;
      int r2 = r1 + d;
      int r3 = r2 + d;
      // Rows b+1..b+3 of U are zero left of their diagonal, so starting at column b is exact.
      for (int a = b; a < d; a++) {
        z[zo + a] =
            Math.fma(
                v3,
                u[r3 + a],
                Math.fma(
                    v2,
                    u[r2 + a],
                    Math.fma(v1, u[r1 + a], Math.fma(v0, u[r0 + a], z[zo + a]))));
      }
    }
    for (; b < d; b++) {
      double v0 = v[vo + b];
      int r0 = uo + b * d;
      for (int a = b; a < d; a++) {
        z[zo + a] = Math.fma(v0, u[r0 + a], z[zo + a]);
      }
    }
  }

  /** {@code |z|^2} with four independent sums, so the additions do not wait on each other. */
  private static double squaredNorm(double[] z, int o, int d) {
    double m0 = 0;
    double m1 = 0;
    double m2 = 0;
    double m3 = 0;
    int j = 0;
    for (; j + 3 < d; j += 4) {
      m0 = Math.fma(z[o + j], z[o + j], m0);
      m1 = Math.fma(z[o + j + 1], z[o + j + 1], m1);
      m2 = Math.fma(z[o + j + 2], z[o + j + 2], m2);
      m3 = Math.fma(z[o + j + 3], z[o + j + 3], m3);
    }
    for (; j < d; j++) {
      m0 = Math.fma(z[o + j], z[o + j], m0);
    }
    return (m0 + m1) + (m2 + m3);
  }

  /**
   * Adds the block's rows to component c's statistics, skipping rows whose responsibility is zero
   * (after {@link #FLUSH}), four rows at a time.
   */
  private static void addFull(
      GaussianParameters p, double[] x, int i0, int rows, int c, GaussianStatistics st, Scratch s) {
    int d = s.d;
    int k = s.k;
    double[] lj = s.lj;
    int[] pick = s.pick;
    int picked = 0;
    for (int i = 0; i < rows; i++) {
      if (lj[i * k + c] != 0) {
        pick[picked++] = i;
      }
    }
    if (picked == 0) {
      return;
    }
    double[] diff = s.diff;
    double[] mu = p.meansArray();
    int mo = c * d;
    // Centre only the picked rows, packed at the front of diff.
    for (int g = 0; g < picked; g++) {
      int xo = (i0 + pick[g]) * d;
      int oo = g * d;
      for (int j = 0; j < d; j++) {
        diff[oo + j] = x[xo + j] - mu[mo + j];
      }
    }
    double[] wd = s.wd;
    double[] q = st.q;
    int qo = p.covarianceType() == CovarianceType.TIED ? 0 : c * Packed.size(d);
    double[] sums = st.s;
    int so = c * d;
    double nc = 0;
    int g = 0;
    for (; g + GROUP <= picked; g += GROUP) {
      double r0 = lj[pick[g] * k + c];
      double r1 = lj[pick[g + 1] * k + c];
      double r2 = lj[pick[g + 2] * k + c];
      double r3 = lj[pick[g + 3] * k + c];
      nc += r0 + r1 + r2 + r3;
      int o0 = g * d;
      int o1 = o0 + d;
      int o2 = o1 + d;
      int o3 = o2 + d;
      for (int j = 0; j < d; j++) {
        double a0 = r0 * diff[o0 + j];
        double a1 = r1 * diff[o1 + j];
        double a2 = r2 * diff[o2 + j];
        double a3 = r3 * diff[o3 + j];
        wd[j] = a0;
        wd[d + j] = a1;
        wd[2 * d + j] = a2;
        wd[3 * d + j] = a3;
        sums[so + j] += (a0 + a1) + (a2 + a3);
      }
      rank4(q, qo, wd, diff, o0, d);
    }
    for (; g < picked; g++) {
      double r = lj[pick[g] * k + c];
      nc += r;
      int o = g * d;
      for (int j = 0; j < d; j++) {
        double a = r * diff[o + j];
        wd[j] = a;
        sums[so + j] += a;
      }
      rank1(q, qo, wd, diff, o, d);
    }
    st.n[c] += nc;
  }

  /**
   * {@code Q += sum_{g<4} w_g d_g^T} on the packed upper triangle, where {@code w_g} is row g of
   * {@code wd} and {@code d_g} row g of {@code diff} from {@code o}.
   */
  static void rank4(double[] q, int qo, double[] wd, double[] diff, int o, int d) {
    int o1 = o + d;
    int o2 = o1 + d;
    int o3 = o2 + d;
    int idx = qo;
    for (int a = 0; a < d; a++) {
      double w0 = wd[a];
      double w1 = wd[d + a];
      double w2 = wd[2 * d + a];
      double w3 = wd[3 * d + a];
      int base = idx - a;
      for (int b = a; b < d; b++) {
        q[base + b] =
            Math.fma(
                w3,
                diff[o3 + b],
                Math.fma(
                    w2,
                    diff[o2 + b],
                    Math.fma(w1, diff[o1 + b], Math.fma(w0, diff[o + b], q[base + b]))));
      }
      idx += d - a;
    }
  }

  private static void rank1(double[] q, int qo, double[] wd, double[] diff, int o, int d) {
    int idx = qo;
    for (int a = 0; a < d; a++) {
      double w0 = wd[a];
      int base = idx - a;
      for (int b = a; b < d; b++) {
        q[base + b] = Math.fma(w0, diff[o + b], q[base + b]);
      }
      idx += d - a;
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
