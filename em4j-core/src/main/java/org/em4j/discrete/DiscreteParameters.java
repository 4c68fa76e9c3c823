package org.em4j.discrete;

import java.util.Arrays;
import org.em4j.mixture.MixtureParameters;

/**
 * What the parameters of every discrete mixture share: K mixing weights and, per component, a
 * block of {@code q} values (a success probability, a vector of probabilities or rates, or a
 * probability table), stored flat as {@code K x q}. Immutable; subclasses validate their values on
 * construction and keep their logarithms for the E-step.
 */
public abstract class DiscreteParameters implements MixtureParameters {
  private static final long serialVersionUID = 1L;

  /** How far the weights may sum from 1 and still be accepted (rounding in files). */
  public static final double SUM_TOLERANCE = 1e-6;

  final int k;
  final double[] weights;
  final double[] logWeights;
  final double[] values;

  /**
   * @param weights K mixing weights, {@code >= 0}, summing to 1 within {@link #SUM_TOLERANCE}
   *     (renormalised); copied
   * @param values {@code K x q} component values, row-major; copied (subclasses check them)
   * @throws IllegalArgumentException naming the first invalid value
   */
  DiscreteParameters(double[] weights, double[] values) {
    this.k = weights.length;
    if (k < 1) {
      throw new IllegalArgumentException("a mixture needs at least one component");
    }
    if (values.length % k != 0 || values.length == 0) {
      throw new IllegalArgumentException(
          "found " + values.length + " component values for " + k + " components");
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      double w = weights[c];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "weight of component " + (c + 1) + " must be a finite number >= 0, got " + w);
      }
      sum += w;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new IllegalArgumentException("the weights sum to " + sum + ", not 1");
    }
    this.weights = new double[k];
    this.logWeights = new double[k];
    // weights that sum to 1 up to rounding are kept as they are: dividing by such a sum again
    // would move some of them by an ulp, so a model read back from its file would differ
    double scale = Math.abs(sum - 1) <= k * Math.ulp(1.0) ? 1 : sum;
    for (int c = 0; c < k; c++) {
      this.weights[c] = weights[c] / scale;
      this.logWeights[c] = Math.log(this.weights[c]);
    }
    this.values = values.clone();
    for (int i = 0; i < this.values.length; i++) {
      if (!Double.isFinite(this.values[i])) {
        throw new IllegalArgumentException(
            "value " + (i % (values.length / k) + 1) + " of component " + (i / (values.length / k) + 1)
                + " is not a finite number: " + this.values[i]);
      }
    }
  }

  @Override
  public int components() {
    return k;
  }

  @Override
  public double weight(int c) {
    return weights[c];
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** Number of values per component ({@code q}). */
  public int valuesPerComponent() {
    return values.length / k;
  }

  /** All component values, {@code K x q} row-major (a copy). */
  public double[] componentValues() {
    return values.clone();
  }

  /** The backing values, for the family (not a copy; not to be modified). */
  double[] valuesArray() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && Arrays.equals(((DiscreteParameters) o).weights, weights)
        && Arrays.equals(((DiscreteParameters) o).values, values)
        && sameShape((DiscreteParameters) o);
  }

  /** Whether the other parameters (of the same class) have the same shape beyond K and q. */
  boolean sameShape(DiscreteParameters other) {
    return dimension() == other.dimension();
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weights) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "[K="
        + k
        + ", D="
        + dimension()
        + ", weights="
        + Arrays.toString(weights)
        + ", values="
        + Arrays.toString(values)
        + "]";
  }

  /** Checks that a probability is a number in [0, 1]. */
  static void checkProbability(double p, String what) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + " must be a probability in [0, 1], got " + p);
    }
  }

  /** {@code log(1 - p)} accurately for small {@code p}. */
  static double log1m(double p) {
    return Math.log1p(-p);
  }
}
