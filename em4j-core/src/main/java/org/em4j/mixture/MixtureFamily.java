package org.em4j.mixture;

import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;
import org.em4j.engine.Family;
import org.em4j.engine.Statistics;

/**
 * A family of finite mixtures: besides the EM pieces of {@link Family}, it gives each component's
 * log density (for prediction and scoring) and draws from a component (for sampling).
 *
 * @param <P> parameters of one mixture
 * @param <S> the E-step's sufficient statistics
 */
public interface MixtureFamily<P extends MixtureParameters, S extends Statistics<S>>
    extends Family<P, S> {

  /**
   * The log joint density of every row and component: {@code out[(i - from) * K + k] = log w_k +
   * log f_k(x_i)}.
   *
   * @param out at least {@code (to - from) * K} long; overwritten
   */
  void logJoint(P params, Dataset data, int from, int to, double[] out);

  /**
   * Draws one observation from component {@code k}.
   *
   * @param out receives the observation ({@link MixtureParameters#dimension()} values)
   */
  void sampleComponent(P params, int k, RandomGenerator random, double[] out);

  /** Checks that the data can be scored by this model (dimension, domain of every value). */
  /**
   * Components whose weight is below {@code minWeight} or below one row's worth ({@code 1 /
   * totalWeight}): a mixture-wide check that families extend with their own (a collapsed
   * covariance).
   */
  @Override
  default java.util.List<org.em4j.engine.Degeneracy> degenerateComponents(
      P params, double totalWeight, double minWeight) {
    java.util.List<org.em4j.engine.Degeneracy> out = new java.util.ArrayList<>();
    double floor = Math.max(minWeight, 1 / totalWeight);
    for (int c = 0; c < params.components(); c++) {
      double w = params.weight(c);
      if (w < floor) {
        out.add(
            new org.em4j.engine.Degeneracy(
                c,
                String.format(
                    java.util.Locale.ROOT,
                    "has weight %.3g, below %s",
                    w,
                    minWeight > 1 / totalWeight
                        ? "the threshold " + minWeight
                        : String.format(java.util.Locale.ROOT, "one row (1/N = %.3g)", 1 / totalWeight))));
      }
    }
    return out;
  }

  default void validateFor(P params, Dataset data) {
    if (data.columns() != params.dimension()) {
      throw new org.em4j.data.InputException(
          data.source()
              + " has "
              + data.columns()
              + " columns but the model has dimension "
              + params.dimension());
    }
    validate(data);
  }
}
