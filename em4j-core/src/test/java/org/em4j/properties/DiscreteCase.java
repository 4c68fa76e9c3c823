package org.em4j.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import org.em4j.discrete.DiscreteParameters;
import org.em4j.discrete.DiscreteStatistics;
import org.em4j.mixture.MixtureFamily;

/**
 * A discrete family (binomial, bernoulli, categorical, poisson) for the property tests: each
 * component is a vector of values (probabilities or rates), recovered within a few standard
 * errors {@code sqrt(variance(v) / (n_c * perRow))}.
 *
 * @param <P> the family's parameters
 */
final class DiscreteCase<P extends DiscreteParameters>
    implements FamilyCase<P, DiscreteStatistics> {
  private final String name;
  private final MixtureFamily<P, DiscreteStatistics> family;
  private final BiFunction<SplittableRandom, Integer, P> models;
  private final DoubleUnaryOperator variance;
  private final double perRow;

  /**
   * @param models a random well-separated model with the given number of components
   * @param variance the variance of one observation given a component value
   * @param perRow observations per row behind one value (trials for the binomial, else 1)
   */
  DiscreteCase(
      String name,
      MixtureFamily<P, DiscreteStatistics> family,
      BiFunction<SplittableRandom, Integer, P> models,
      DoubleUnaryOperator variance,
      double perRow) {
    this.name = name;
    this.family = family;
    this.models = models;
    this.variance = variance;
    this.perRow = perRow;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public MixtureFamily<P, DiscreteStatistics> family() {
    return family;
  }

  @Override
  public P randomModel(SplittableRandom random, int k, int d) {
    return models.apply(random, k); // the dimension is the family's own
  }

  @Override
  public void assertRecovers(P truth, P fitted, int n) {
    int k = truth.components();
    int q = truth.valuesPerComponent();
    double[] t = truth.componentValues();
    double[] f = fitted.componentValues();
    for (int c = 0; c < k; c++) {
      int best = -1;
      double bestDist = Double.POSITIVE_INFINITY;
      for (int g = 0; g < k; g++) {
        double dist = 0;
        for (int j = 0; j < q; j++) {
          dist += (t[c * q + j] - f[g * q + j]) * (t[c * q + j] - f[g * q + j]);
        }
        if (dist < bestDist) {
          bestDist = dist;
          best = g;
        }
      }
      double w = truth.weight(c);
      assertTrue(Math.abs(fitted.weight(best) - w) <= 8 * Math.sqrt(w * (1 - w) / n) + 1e-9,
          name + ": weight " + fitted.weight(best) + " vs " + w);
      double nc = n * w;
      for (int j = 0; j < q; j++) {
        double v = t[c * q + j];
        double se = Math.sqrt(variance.applyAsDouble(v) / (nc * perRow));
        // 8 standard errors of the complete-data estimate: the mixture's overlap widens it
        assertTrue(Math.abs(f[best * q + j] - v) <= 8 * se + 1e-9,
            name + ": component " + c + " value " + j + ": " + f[best * q + j] + " vs " + v);
      }
    }
  }
}
