package org.em4j.discrete;

import java.util.Arrays;
import org.em4j.engine.Statistics;

/**
 * Sufficient statistics of a discrete mixture: per component, the total responsibility {@code
 * n_c} and a block of {@code m} responsibility-weighted sums whose meaning the family defines
 * (e.g. {@code sum r x_j} and {@code sum r [x_j observed]}). Mutable, not thread-safe; carries a
 * scratch array for the E-step that {@link #merge} and {@link #reset} ignore.
 */
public final class DiscreteStatistics implements Statistics<DiscreteStatistics> {
  private static final long serialVersionUID = 1L;

  final int k;
  final int m;
  final int d;
  final double[] n;
  final double[] s;

  // Scratch for the E-step; not statistics.
  final double[] logJoint;

  /**
   * @param k number of components
   * @param m sums per component
   * @param d the data's number of columns
   */
  DiscreteStatistics(int k, int m, int d) {
    this.k = k;
    this.m = m;
    this.d = d;
    this.n = new double[k];
    this.s = new double[k * m];
    this.logJoint = new double[k];
  }

  @Override
  public void merge(DiscreteStatistics other) {
    if (other.k != k || other.m != m) {
      throw new IllegalArgumentException(
          "statistics of different shapes: " + k + " x " + m + " and " + other.k + " x " + other.m);
    }
    for (int c = 0; c < k; c++) {
      n[c] += other.n[c];
    }
    for (int i = 0; i < s.length; i++) {
      s[i] += other.s[i];
    }
  }

  @Override
  public void reset() {
    Arrays.fill(n, 0);
    Arrays.fill(s, 0);
  }

  /** Total responsibility per component (a copy). */
  public double[] componentWeights() {
    return n.clone();
  }

  /** The per-component sums, {@code K x m} (a copy). */
  public double[] sums() {
    return s.clone();
  }

  /** Whether every accumulated value equals the other's exactly (for tests). */
  public boolean sameValues(DiscreteStatistics o) {
    return Arrays.equals(n, o.n) && Arrays.equals(s, o.s);
  }

  /** Largest difference to another statistics object relative to the largest value (for tests). */
  public double maxRelativeDifference(DiscreteStatistics o) {
    double scale = 0;
    double diff = 0;
    for (int c = 0; c < k; c++) {
      scale = Math.max(scale, Math.abs(n[c]));
      diff = Math.max(diff, Math.abs(n[c] - o.n[c]));
    }
    for (int i = 0; i < s.length; i++) {
      scale = Math.max(scale, Math.abs(s[i]));
      diff = Math.max(diff, Math.abs(s[i] - o.s[i]));
    }
    return scale == 0 ? diff : diff / scale;
  }
}
