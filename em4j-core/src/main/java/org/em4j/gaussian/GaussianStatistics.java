package org.em4j.gaussian;

import java.util.Arrays;
import org.em4j.engine.Statistics;
import org.em4j.kernel.Packed;

/**
 * Sufficient statistics of a Gaussian mixture, accumulated around a fixed shift per component
 * (the means the E-step ran under) so that second moments do not suffer the cancellation of
 * {@code E[xx'] - mu mu'}: for each component {@code c}, {@code n_c = sum r}, {@code s_c = sum r
 * (x - shift_c)} and the second moments {@code q} of {@code x - shift_c} (a packed upper triangle
 * per component for {@code FULL}; one packed triangle summed over components for {@code TIED};
 * the diagonal only for {@code DIAG} and {@code SPHERICAL}).
 *
 * <p>With missing values, a row adds its conditional expectation (observed values, and the
 * conditional means of the missing ones) with {@link #add} and the conditional covariance of its
 * missing coordinates to {@code q} with {@link #addConditional}; {@code q} then holds expected
 * second moments and nothing else changes.
 *
 * <p>Also carries per-thread scratch space for the E-step, which {@link #merge} and {@link
 * #reset} ignore.
 */
public final class GaussianStatistics implements Statistics<GaussianStatistics> {
  private static final long serialVersionUID = 1L;

  final CovarianceType type;
  final int k;
  final int d;
  final double[] shift;
  final double[] n;
  final double[] s;
  final double[] q;

  // Scratch for the E-step; not statistics.
  final double[] logJoint;
  final double[] diff;
  private transient GaussianKernels.Scratch scratch;
  private transient FullKernels.Scratch fullScratch;

  /**
   * @param shift {@code K x D} centre of each component's sums; not copied, not modified
   */
  GaussianStatistics(CovarianceType type, int k, int d, double[] shift) {
    this.type = type;
    this.k = k;
    this.d = d;
    this.shift = shift;
    this.n = new double[k];
    this.s = new double[k * d];
    this.q =
        new double[
            switch (type) {
              case FULL -> k * Packed.size(d);
              case TIED -> Packed.size(d);
              case DIAG, SPHERICAL -> k * d;
            }];
    this.logJoint = new double[k];
    this.diff = new double[k * d];
  }

  /**
   * Adds one row's contribution to component {@code c}.
   *
   * @param r the row's weight times its responsibility
   * @param centred {@code x - shift_c}, read from {@code off}; not modified
   */
  void add(int c, double r, double[] centred, int off) {
    n[c] += r;
    int so = c * d;
    for (int j = 0; j < d; j++) {
      s[so + j] += r * centred[off + j];
    }
    switch (type) {
      case FULL -> Packed.rank1(q, c * Packed.size(d), r, centred, off, d);
      case TIED -> Packed.rank1(q, 0, r, centred, off, d);
      case DIAG, SPHERICAL -> {
        for (int j = 0; j < d; j++) {
          double v = centred[off + j];
          q[so + j] += r * v * v;
        }
      }
      default -> throw new AssertionError(type);
    }
  }

  /**
   * Adds {@code r} times the conditional covariance of a row's missing coordinates to component
   * {@code c}'s second moments (see {@link GaussianMissingKernel}): with {@link #add} for the
   * row's conditional expectation, this makes {@code q} the expected second moments of the
   * complete row. The covariance is zero outside the missing coordinates, so only those entries
   * change.
   *
   * @param missing the {@code m} missing coordinates, increasing; not modified
   * @param cond from {@code off}: the {@code m x m} conditional covariance (FULL, TIED) or the
   *     {@code m} conditional variances (DIAG, SPHERICAL); not modified
   */
  void addConditional(int c, double r, int[] missing, double[] cond, int off) {
    int m = missing.length;
    switch (type) {
      case FULL, TIED -> {
        int base = type == CovarianceType.FULL ? c * Packed.size(d) : 0;
        for (int i = 0; i < m; i++) {
          for (int j = i; j < m; j++) {
            q[base + Packed.index(d, missing[i], missing[j])] += r * cond[off + i * m + j];
          }
        }
      }
      case DIAG, SPHERICAL -> {
        for (int i = 0; i < m; i++) {
          q[c * d + missing[i]] += r * cond[off + i];
        }
      }
      default -> throw new AssertionError(type);
    }
  }

  /** Scratch for {@link GaussianKernels}' row-block kernels, made on first use. */
  GaussianKernels.Scratch scratch() {
    if (scratch == null) {
      scratch = new GaussianKernels.Scratch(k, d);
    }
    return scratch;
  }

  /** Scratch for {@link FullKernels} implementation {@code impl}, made on first use. */
  FullKernels.Scratch fullScratch(GaussianParameters p, FullKernels impl) {
    FullKernels.Scratch sc = fullScratch;
    if (sc == null || sc.impl != impl) {
      sc = impl.newScratch(p);
      fullScratch = sc;
    }
    return sc;
  }

  @Override
  public void merge(GaussianStatistics other) {
    // Statistics shipped between machines carry equal copies of the shift, not the same array.
    if (other.k != k
        || other.d != d
        || other.type != type
        || (other.shift != shift && !Arrays.equals(other.shift, shift))) {
      throw new IllegalArgumentException("statistics gathered under different parameters");
    }
    add(n, other.n);
    add(s, other.s);
    add(q, other.q);
  }

  private static void add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
  }

  @Override
  public void reset() {
    Arrays.fill(n, 0);
    Arrays.fill(s, 0);
    Arrays.fill(q, 0);
  }

  /** Total weight of responsibility per component (a copy). */
  public double[] componentWeights() {
    return n.clone();
  }

  /** Whether every accumulated value equals the other's exactly (for tests). */
  public boolean sameValues(GaussianStatistics o) {
    return Arrays.equals(n, o.n) && Arrays.equals(s, o.s) && Arrays.equals(q, o.q);
  }

  /** Largest relative difference to another statistics object (for tests). */
  public double maxRelativeDifference(GaussianStatistics o) {
    return Math.max(
        relDiff(n, o.n), Math.max(relDiff(s, o.s), relDiff(q, o.q)));
  }

  private static double relDiff(double[] a, double[] b) {
    double scale = 0;
    for (double v : a) {
      scale = Math.max(scale, Math.abs(v));
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return scale == 0 ? m : m / scale;
  }
}
