package org.em4j.discrete;

import java.util.Arrays;

/**
 * The values of one Poisson mixture: K weights and, per component, a rate {@code lambda_cj >= 0}
 * per count column. Immutable; validated on construction.
 */
public final class PoissonParameters extends DiscreteParameters {
  private static final long serialVersionUID = 1L;

  private final int d;
  final double[] logRate;

  /**
   * @param weights K mixing weights; copied
   * @param d number of count columns D
   * @param rates {@code K x D} rates, row-major, finite and {@code >= 0}; copied
   * @throws IllegalArgumentException naming the first invalid value
   */
  public PoissonParameters(double[] weights, int d, double[] rates) {
    super(weights, checkLength(weights.length, d, rates));
    this.d = d;
    logRate = new double[rates.length];
    for (int i = 0; i < rates.length; i++) {
      if (!(rates[i] >= 0) || Double.isInfinite(rates[i])) {
        throw new IllegalArgumentException(
            "rate of component " + (i / d + 1) + ", column " + (i % d + 1)
                + " must be a finite number >= 0, got " + rates[i]);
      }
      logRate[i] = Math.log(rates[i]);
    }
  }

  private static double[] checkLength(int k, int d, double[] rates) {
    if (d < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, got " + d);
    }
    if (rates.length != k * d) {
      throw new IllegalArgumentException(
          "found " + rates.length + " rates, expected " + k + " x " + d);
    }
    return rates;
  }

  @Override
  public int dimension() {
    return d;
  }

  /** Rate of column {@code j} in component {@code c}. */
  public double rate(int c, int j) {
    return values[c * d + j];
  }

  /** The rates of component {@code c} (a copy). */
  public double[] rates(int c) {
    return Arrays.copyOfRange(values, c * d, (c + 1) * d);
  }
}
