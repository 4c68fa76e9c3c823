package org.em4j.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.em4j.data.Levels;
import org.em4j.discrete.BernoulliFamily;
import org.em4j.discrete.BernoulliParameters;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.BinomialParameters;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.CategoricalParameters;
import org.em4j.discrete.PoissonFamily;
import org.em4j.discrete.PoissonParameters;
import org.em4j.gaussian.CovarianceType;

/** Every family em4j has, each as a {@link FamilyCase}. */
public final class FamilyCases {
  private FamilyCases() {}

  /** Gaussian (every covariance type), binomial, bernoulli, categorical and poisson. */
  public static List<FamilyCase<?, ?>> all() {
    List<FamilyCase<?, ?>> cases = new ArrayList<>();
    for (CovarianceType t : CovarianceType.values()) {
      cases.add(new GaussianCase(t));
    }
    int trials = 20;
    cases.add(new DiscreteCase<>("binomial", new BinomialFamily(trials),
        (rnd, k) -> new BinomialParameters(weights(rnd, k), spread(rnd, k, 0.1, 0.9)),
        p -> p * (1 - p), trials));
    int bern = 8;
    cases.add(new DiscreteCase<>("bernoulli", new BernoulliFamily(),
        (rnd, k) -> {
          // component c leans to 1 on a pattern of columns of its own
          double[] p = new double[k * bern];
          for (int c = 0; c < k; c++) {
            for (int j = 0; j < bern; j++) {
              boolean high = ((j + c) % (k + 1)) == 0 || (j * (c + 1)) % 3 == c % 3;
              p[c * bern + j] = high ? rnd.nextDouble(0.75, 0.9) : rnd.nextDouble(0.1, 0.25);
            }
          }
          return new BernoulliParameters(weights(rnd, k), bern, p);
        },
        p -> p * (1 - p), 1));
    int[] levels = {3, 3, 4};
    cases.add(new DiscreteCase<>("categorical", new CategoricalFamily(Levels.ofCounts(levels)),
        (rnd, k) -> {
          int total = 10;
          double[] p = new double[k * total];
          for (int c = 0; c < k; c++) {
            int off = 0;
            for (int j = 0; j < levels.length; j++) {
              int peak = (c + j) % levels[j];
              double sum = 0;
              for (int l = 0; l < levels[j]; l++) {
                double v = l == peak ? rnd.nextDouble(3, 5) : rnd.nextDouble(0.2, 0.6);
                p[c * total + off + l] = v;
                sum += v;
              }
              for (int l = 0; l < levels[j]; l++) {
                p[c * total + off + l] /= sum;
              }
              off += levels[j];
            }
          }
          return new CategoricalParameters(weights(rnd, k), levels, p);
        },
        p -> p * (1 - p), 1));
    int dp = 2;
    cases.add(new DiscreteCase<>("poisson", new PoissonFamily(),
        (rnd, k) -> {
          double[] rates = new double[k * dp];
          for (int c = 0; c < k; c++) {
            for (int j = 0; j < dp; j++) {
              rates[c * dp + j] = 2 + 12 * ((c + j) % k) + rnd.nextDouble(0, 1);
            }
          }
          return new PoissonParameters(weights(rnd, k), dp, rates);
        },
        r -> r, 1));
    return cases;
  }

  static double[] weights(SplittableRandom rnd, int k) {
    double[] w = new double[k];
    double sum = 0;
    for (int c = 0; c < k; c++) {
      w[c] = 0.5 + rnd.nextDouble();
      sum += w[c];
    }
    for (int c = 0; c < k; c++) {
      w[c] /= sum;
    }
    return w;
  }

  /** k values spread between lo and hi, apart from each other, in random order. */
  static double[] spread(SplittableRandom rnd, int k, double lo, double hi) {
    double[] v = new double[k];
    for (int c = 0; c < k; c++) {
      double centre = k == 1 ? (lo + hi) / 2 : lo + (hi - lo) * c / (k - 1);
      v[c] = centre + rnd.nextDouble(-0.03, 0.03);
    }
    for (int c = k - 1; c > 0; c--) {
      int j = rnd.nextInt(c + 1);
      double t = v[c];
      v[c] = v[j];
      v[j] = t;
    }
    return v;
  }
}
