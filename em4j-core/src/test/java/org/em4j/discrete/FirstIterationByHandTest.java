package org.em4j.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.em4j.data.Dataset;
import org.em4j.data.Levels;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.IterationListener;
import org.junit.jupiter.api.Test;

/**
 * One EM iteration on three or four rows, worked out in the test from the textbook formulas
 * (responsibility = weight x density / sum; new value = responsibility-weighted ratio), for the
 * Bernoulli, Poisson and categorical families (the binomial one is in {@link CoinsTest}).
 */
class FirstIterationByHandTest {
  static <P extends DiscreteParameters> EmRun<P> oneStep(DiscreteFamily<P> f, Dataset d, P start) {
    EmOptions o = EmOptions.builder().tolerance(0).maxIterations(1).fixed(Set.of()).build();
    return EmEngine.run(f, d, start, o, ChunkExecutor.sequential(), 0, IterationListener.none());
  }

  @Test
  void poisson() {
    double[] x = {0, 2, 5};
    double[] lambda = {1, 4};
    double[] w = {0.5, 0.5};
    double[] r1 = new double[3];
    double ll = 0;
    for (int i = 0; i < 3; i++) {
      double f1 = w[0] * Math.exp(-lambda[0]) * Math.pow(lambda[0], x[i]) / factorial((int) x[i]);
      double f2 = w[1] * Math.exp(-lambda[1]) * Math.pow(lambda[1], x[i]) / factorial((int) x[i]);
      r1[i] = f1 / (f1 + f2);
      ll += Math.log(f1 + f2);
    }
    double n1 = r1[0] + r1[1] + r1[2];
    double n2 = 3 - n1;
    double l1 = (r1[0] * x[0] + r1[1] * x[1] + r1[2] * x[2]) / n1;
    double l2 = ((1 - r1[0]) * x[0] + (1 - r1[1]) * x[1] + (1 - r1[2]) * x[2]) / n2;
    EmRun<PoissonParameters> run =
        oneStep(new PoissonFamily(), Dataset.ofRows(new double[][] {{0}, {2}, {5}}),
            new PoissonParameters(w, 1, lambda));
    assertEquals(ll, run.logLikelihoodTrace().get(0), 1e-13);
    assertEquals(n1 / 3, run.parameters().weight(0), 1e-14);
    assertEquals(l1, run.parameters().rate(0, 0), 1e-13);
    assertEquals(l2, run.parameters().rate(1, 0), 1e-13);
  }

  static double factorial(int n) {
    double f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  @Test
  void bernoulliWithAMissingCell() {
    double nan = Double.NaN;
    double[][] x = {{1, 0}, {1, 1}, {0, nan}, {0, 0}};
    double[] w = {0.6, 0.4};
    double[][] p = {{0.7, 0.2}, {0.3, 0.6}};
    double[] r1 = new double[4];
    for (int i = 0; i < 4; i++) {
      double[] f = new double[2];
      for (int c = 0; c < 2; c++) {
        f[c] = w[c];
        for (int j = 0; j < 2; j++) {
          if (!Double.isNaN(x[i][j])) { // a missing cell is left out of the product
            f[c] *= x[i][j] == 1 ? p[c][j] : 1 - p[c][j];
          }
        }
      }
      r1[i] = f[0] / (f[0] + f[1]);
    }
    // Column 1 is observed in every row, column 2 in rows 1, 2 and 4 only.
    double p11 = (r1[0] + r1[1]) / (r1[0] + r1[1] + r1[2] + r1[3]);
    double p12 = r1[1] / (r1[0] + r1[1] + r1[3]);
    double p22 = (1 - r1[1]) / ((1 - r1[0]) + (1 - r1[1]) + (1 - r1[3]));
    EmRun<BernoulliParameters> run =
        oneStep(new BernoulliFamily(), Dataset.ofRows(x),
            new BernoulliParameters(w, 2, new double[] {0.7, 0.2, 0.3, 0.6}));
    assertEquals((r1[0] + r1[1] + r1[2] + r1[3]) / 4, run.parameters().weight(0), 1e-14);
    assertEquals(p11, run.parameters().p(0, 0), 1e-14);
    assertEquals(p12, run.parameters().p(0, 1), 1e-14);
    assertEquals(p22, run.parameters().p(1, 1), 1e-14);
  }

  /** Probabilities of exactly 0 and 1 take the careful path: 0 log 0 = 0, never NaN. */
  @Test
  void bernoulliAtTheBoundary() {
    BernoulliParameters p =
        new BernoulliParameters(new double[] {0.4, 0.6}, 2, new double[] {1, 0, 0.5, 0.25});
    org.em4j.mixture.MixtureModel<BernoulliParameters> m =
        new org.em4j.mixture.MixtureModel<>(new BernoulliFamily(), p, null, null, null);
    double nan = Double.NaN;
    double[] s = m.scoreSamples(Dataset.ofRows(new double[][] {{1, 0}, {0, 0}, {1, nan}, {nan, 1}}));
    assertEquals(Math.log(0.4 * 1 * 1 + 0.6 * 0.5 * 0.75), s[0], 1e-15);
    assertEquals(Math.log(0.6 * 0.5 * 0.75), s[1], 1e-15);
    assertEquals(Math.log(0.4 * 1 + 0.6 * 0.5), s[2], 1e-15);
    assertEquals(Math.log(0.6 * 0.25), s[3], 1e-15);
  }

  @Test
  void categoricalLatentClasses() {
    // One column with levels a, b, c (codes 0, 1, 2) and a binary column.
    double[][] x = {{0, 1}, {2, 0}, {1, 1}, {0, 0}};
    double[] w = {0.5, 0.5};
    double[][] pa = {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}};
    double[][] pb = {{0.4, 0.6}, {0.7, 0.3}};
    double[] r1 = new double[4];
    for (int i = 0; i < 4; i++) {
      double f1 = w[0] * pa[0][(int) x[i][0]] * pb[0][(int) x[i][1]];
      double f2 = w[1] * pa[1][(int) x[i][0]] * pb[1][(int) x[i][1]];
      r1[i] = f1 / (f1 + f2);
    }
    double n1 = r1[0] + r1[1] + r1[2] + r1[3];
    double a1 = (r1[0] + r1[3]) / n1; // level a in class 1
    double c2 = (1 - r1[1]) / (4 - n1); // level c in class 2
    double b1yes = (r1[0] + r1[2]) / n1;
    Levels levels = new Levels(java.util.List.of(java.util.List.of("a", "b", "c"), java.util.List.of("no", "yes")));
    EmRun<CategoricalParameters> run =
        oneStep(new CategoricalFamily(levels), Dataset.ofRows(x),
            new CategoricalParameters(w, levels.counts(),
                new double[] {0.5, 0.3, 0.2, 0.4, 0.6, 0.2, 0.3, 0.5, 0.7, 0.3}));
    assertEquals(a1, run.parameters().probability(0, 0, 0), 1e-14);
    assertEquals(c2, run.parameters().probability(1, 0, 2), 1e-14);
    assertEquals(b1yes, run.parameters().probability(0, 1, 1), 1e-14);
  }
}
