package org.em4j.discrete;

import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.data.Levels;
import org.em4j.mixture.MixtureModel;

/** Known models of every discrete family and data drawn from them, for the tests. */
final class Fixtures {
  private Fixtures() {}

  /** A family with a known model of it. */
  record Case<P extends DiscreteParameters>(String name, DiscreteFamily<P> family, P truth) {
    Dataset sample(int n, long seed) {
      return new MixtureModel<>(family, truth, null, null, null).sample(n, seed).data();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final Levels LEVELS =
      new Levels(List.of(List.of("no", "yes"), List.of("low", "mid", "high"), List.of("a", "b", "c", "d")));

  static List<Case<?>> all() {
    return List.of(
        new Case<>(
            "binomial",
            new BinomialFamily(20),
            new BinomialParameters(new double[] {0.3, 0.7}, new double[] {0.2, 0.75})),
        new Case<>(
            "bernoulli",
            new BernoulliFamily(),
            new BernoulliParameters(
                new double[] {0.4, 0.6}, 4, new double[] {0.9, 0.8, 0.1, 0.2, 0.1, 0.3, 0.9, 0.7})),
        new Case<>(
            "poisson",
            new PoissonFamily(),
            new PoissonParameters(new double[] {0.35, 0.65}, 2, new double[] {2, 12, 9, 1.5})),
        new Case<>(
            "categorical",
            new CategoricalFamily(LEVELS),
            new CategoricalParameters(
                new double[] {0.45, 0.55},
                LEVELS.counts(),
                new double[] {
                  0.9, 0.1, 0.7, 0.2, 0.1, 0.4, 0.3, 0.2, 0.1,
                  0.2, 0.8, 0.1, 0.2, 0.7, 0.1, 0.1, 0.2, 0.6
                })));
  }

  /** The data with every {@code every}-th cell (except whole rows) made missing. */
  static Dataset withMissing(Dataset data, int every) {
    double[] v = data.values().clone();
    int d = data.columns();
    for (int i = 0; i < v.length; i += every) {
      if (d > 1) {
        v[i] = Double.NaN;
      }
    }
    return new Dataset(v, data.rows(), d, data.columnNames(), null, data.source());
  }
}
