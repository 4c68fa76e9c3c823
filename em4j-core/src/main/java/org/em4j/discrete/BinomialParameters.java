package org.em4j.discrete;

/**
 * The values of one binomial mixture: K weights and each component's success probability {@code
 * p_c}. The data it describes has two columns, successes and trials, so its dimension is 2.
 * Immutable; validated on construction.
 */
public final class BinomialParameters extends DiscreteParameters {
  private static final long serialVersionUID = 1L;

  final double[] logP;
  final double[] log1mP;

  /**
   * @param weights K mixing weights; copied
   * @param p K success probabilities, each in [0, 1]; copied
   * @throws IllegalArgumentException naming the first invalid value
   */
  public BinomialParameters(double[] weights, double[] p) {
    super(weights, checkLength(weights.length, p));
    logP = new double[p.length];
    log1mP = new double[p.length];
    for (int c = 0; c < p.length; c++) {
      checkProbability(p[c], "p of component " + (c + 1));
      logP[c] = Math.log(p[c]);
      log1mP[c] = log1m(p[c]);
    }
  }

  private static double[] checkLength(int k, double[] p) {
    if (p.length != k) {
      throw new IllegalArgumentException(
          "found " + p.length + " success probabilities for " + k + " weights");
    }
    return p;
  }

  /** Two: the data columns are successes and trials. */
  @Override
  public int dimension() {
    return 2;
  }

  /** Success probability of component {@code c}. */
  public double p(int c) {
    return values[c];
  }

  /** The success probabilities (a copy). */
  public double[] p() {
    return values.clone();
  }
}
