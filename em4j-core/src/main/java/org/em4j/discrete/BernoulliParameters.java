package org.em4j.discrete;

import java.util.Arrays;

/**
 * The values of one Bernoulli mixture: K weights and, per component, the probability {@code p_cj}
 * that column {@code j} is 1. Immutable; validated on construction.
 */
public final class BernoulliParameters extends DiscreteParameters {
  private static final long serialVersionUID = 1L;

  private final int d;
  final double[] logP;
  final double[] log1mP;
  /** {@code log p - log(1 - p)} per value, for the E-step when {@link #interior}. */
  final double[] logRatio;
  /** Per component, {@code sum_j log(1 - p_cj)}: the log density of an all-zero row. */
  final double[] logAllZero;
  /** Whether every p is strictly inside (0, 1), so every log above is finite. */
  final boolean interior;

  /**
   * @param weights K mixing weights; copied
   * @param d number of binary columns D
   * @param p {@code K x D} probabilities of a 1, row-major, each in [0, 1]; copied
   * @throws IllegalArgumentException naming the first invalid value
   */
  public BernoulliParameters(double[] weights, int d, double[] p) {
    super(weights, checkLength(weights.length, d, p));
    this.d = d;
    logP = new double[p.length];
    log1mP = new double[p.length];
    logRatio = new double[p.length];
    logAllZero = new double[weights.length];
    boolean inside = true;
    for (int i = 0; i < p.length; i++) {
      checkProbability(p[i], "p of component " + (i / d + 1) + ", column " + (i % d + 1));
      logP[i] = Math.log(p[i]);
      log1mP[i] = log1m(p[i]);
      logRatio[i] = logP[i] - log1mP[i];
      logAllZero[i / d] += log1mP[i];
      inside &= p[i] > 0 && p[i] < 1;
    }
    interior = inside;
  }

  private static double[] checkLength(int k, int d, double[] p) {
    if (d < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, got " + d);
    }
    if (p.length != k * d) {
      throw new IllegalArgumentException(
          "found " + p.length + " probabilities, expected " + k + " x " + d);
    }
    return p;
  }

  @Override
  public int dimension() {
    return d;
  }

  /** Probability that column {@code j} is 1 in component {@code c}. */
  public double p(int c, int j) {
    return values[c * d + j];
  }

  /** The probabilities of component {@code c} (a copy). */
  public double[] p(int c) {
    return Arrays.copyOfRange(values, c * d, (c + 1) * d);
  }
}
