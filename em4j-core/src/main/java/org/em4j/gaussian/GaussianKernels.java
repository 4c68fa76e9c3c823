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

  /**
   * Data sets with at least this many rows times components use the Vector API's {@code exp}
   * (see {@link org.em4j.kernel.VectorExp}): its warm-up, about 0.6 s, is repaid by some 10^8
   * values, i.e. within about 100 iterations at this size and within a few at 10^7. Smaller jobs
   * keep the plain loops, which give the same bits.
   */
  static final long VECTOR_EXP_MIN_VALUES = 1L << 20;

  private GaussianKernels() {}

  /** Whether an E-step over this data set with k components should use the Vector API's exp. */
  static boolean vectorExp(Dataset data, int k) {
    return (long) data.rows() * k >= VECTOR_EXP_MIN_VALUES;
  }

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
      return FullKernels.forDimension(p.dimension()).accumulate(p, data, from, to, stats);
    }
    Scratch s = stats.scratch();
    CovarianceType type = p.covarianceType();
    if (type == CovarianceType.DIAG || type == CovarianceType.SPHERICAL) {
      if (s.rowBlock == null) {
        s.rowBlock = DiagonalKernels.newBlock(s.k, s.d);
      }
      s.rowBlock.useVectorExp(vectorExp(data, s.k));
      return DiagonalKernels.accumulate(p, data, from, to, stats, s.rowBlock);
    }
    if (!SmallDimensionKernels.handles(p)) {
      throw new AssertionError("no kernel for " + type + " in " + s.d + " dimensions");
    }
    if (s.rowBlock == null) {
      s.rowBlock = SmallDimensionKernels.newBlock(type, s.k, s.d);
    }
    s.rowBlock.useVectorExp(vectorExp(data, s.k));
    return SmallDimensionKernels.accumulate(p, data, from, to, stats, s.rowBlock);
  }
}
