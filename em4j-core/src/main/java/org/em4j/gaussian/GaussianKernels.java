package org.em4j.gaussian;

import org.em4j.data.Dataset;

/**
 * The fused Gaussian E-step: for a range of rows, every component's log density, the
 * responsibilities by log-sum-exp, the log-likelihood, and the sufficient statistics, in one pass
 * (the E-step and the statistics gathering of Dempster, Laird and Rubin, "Maximum likelihood from
 * incomplete data via the EM algorithm", JRSS B 39, 1977, fused as in the single-pass
 * formulation of Neal and Hinton, "A view of the EM algorithm that justifies incremental, sparse,
 * and other variants", 1998).
 *
 * <p>{@link #accumulate} dispatches on the covariance type and dimension:
 *
 * <ul>
 *   <li>full and tied with D &ge; 3: {@link FullKernels} (blocked matrix products, with the Vector
 *       API when it is available);
 *   <li>diag and spherical: {@link DiagonalKernels}, and full or tied with D &le; 2: {@link
 *       SmallDimensionKernels}, both vectorised across transposed blocks of rows ({@link
 *       RowBlock}).
 * </ul>
 *
 * <p>Rows whose responsibility for a component is below {@link #FLUSH} are taken as zero, so no
 * multiply-add ever touches subnormal numbers, and are skipped where that saves work.
 *
 * <p>Each kernel's order of additions depends only on the rows given (its block grid starts at
 * {@code from}), so a chunk's statistics are the same whichever thread computes it.
 *
 * @implNote Every statistic differs from the row-at-a-time definition only by rounding (the
 *     multiply-adds are fused and summed in another order); the tests hold it to 1e-12 relative.
 */
final class GaussianKernels {
  /**
   * Responsibilities below this are taken as zero. Their products with centred values would
   * otherwise reach the subnormal range, where every multiply-add costs a hundred cycles or more,
   * and their share of any statistic that matters is below 1e-260.
   */
  static final double FLUSH = 1e-280;

  private GaussianKernels() {}

  /** Per-thread scratch of the row-block kernels, made on first use. */
  static final class Scratch {
    final int k;
    final int d;
    /** Transposed row block of the kernels that vectorise across rows. */
    RowBlock rowBlock;

    Scratch(int k, int d) {
      this.k = k;
      this.d = d;
    }
  }

  /**
   * The fused E-step over rows {@code [from, to)}.
   *
   * @param stats gets the rows' statistics; modified (its scratch too)
   * @return the weighted log-likelihood of the rows
   */
  static double accumulate(
      GaussianParameters p, Dataset data, int from, int to, GaussianStatistics stats) {
    if (FullKernels.handles(p)) {
      return FullKernels.INSTANCE.accumulate(p, data, from, to, stats);
    }
    Scratch s = stats.scratch();
    CovarianceType type = p.covarianceType();
    if (type == CovarianceType.DIAG || type == CovarianceType.SPHERICAL) {
      if (s.rowBlock == null) {
        s.rowBlock = DiagonalKernels.newBlock(s.k, s.d);
      }
      return DiagonalKernels.accumulate(p, data, from, to, stats, s.rowBlock);
    }
    if (!SmallDimensionKernels.handles(p)) {
      throw new AssertionError("no kernel for " + type + " in " + s.d + " dimensions");
    }
    if (s.rowBlock == null) {
      s.rowBlock = SmallDimensionKernels.newBlock(type, s.k, s.d);
    }
    return SmallDimensionKernels.accumulate(p, data, from, to, stats, s.rowBlock);
  }

  /**
   * Turns the log joints of the block into weighted responsibilities; returns the rows' ll.
   *
   * <p>When every row of the block has weight 1, the rows' {@code log(sum_c exp(l_c - max))} are
   * added as the log of their product (each factor is in [1, K], so the product of a block cannot
   * overflow): one {@code log} per 16 rows instead of one per row.
   *
   * @param lj log joints, {@code rows x k}; replaced by the weighted responsibilities
   * @param w the rows' weights; not modified
   */
  static double responsibilities(int rows, int k, double[] lj, double[] w) {
    double ll = 0;
    double product = 1;
    boolean unit = true;
    for (int i = 0; i < rows; i++) {
      unit &= w[i] == 1;
    }
    for (int i = 0; i < rows; i++) {
      if (unit && i > 0 && (i & 15) == 0) {
        // K^16 cannot overflow for any K < 1e19; longer products could.
        ll += Math.log(product);
        product = 1;
      }
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
}
