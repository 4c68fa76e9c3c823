package org.em4j.discrete;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.InitMethod;
import org.em4j.engine.IterationListener;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants every discrete family must keep, checked on data drawn from a known model. */
class PropertiesTest {
  static List<Fixtures.Case<?>> cases() {
    return Fixtures.all();
  }

  /** Log-likelihood never decreases; probabilities stay in [0, 1] and sum to 1. */
  @ParameterizedTest
  @MethodSource("cases")
  <P extends DiscreteParameters> void monotoneAndValid(Fixtures.Case<P> c) {
    Dataset data = c.sample(500, 1);
    if (!(c.family() instanceof BinomialFamily)) {
      data = Fixtures.withMissing(data, 7);
    }
    for (InitMethod init : List.of(InitMethod.RANDOM, InitMethod.KMEANS_PLUSPLUS)) {
      for (int k = 1; k <= 3; k++) {
        EmOptions options =
            EmOptions.builder().components(k).tolerance(0).maxIterations(60).init(init).seed(k)
                .traceParameters(true).build();
        P start = c.family().initialize(data, k, init, new SplittableRandom(k), ChunkExecutor.sequential());
        EmRun<P> run =
            EmEngine.run(c.family(), data, start, options, ChunkExecutor.sequential(), 0,
                IterationListener.none());
        List<Double> ll = run.logLikelihoodTrace();
        for (int i = 1; i < ll.size(); i++) {
          assertTrue(
              ll.get(i) >= ll.get(i - 1) - 1e-9 * Math.abs(ll.get(i - 1)),
              c + " K=" + k + " " + init + ": LL fell at iteration " + i + ": " + ll);
        }
        for (P p : run.parameterTrace()) {
          assertValid(c.family(), p);
        }
      }
    }
  }

  static void assertValid(DiscreteFamily<?> family, DiscreteParameters p) {
    double sum = 0;
    for (double w : p.weights()) {
      assertTrue(w >= 0 && w <= 1);
      sum += w;
    }
    assertEquals(1, sum, 1e-12);
    double[] v = p.componentValues();
    for (double x : v) {
      assertTrue(family instanceof PoissonFamily ? x >= 0 : x >= 0 && x <= 1, "value " + x);
    }
    if (p instanceof CategoricalParameters cp) {
      for (int c = 0; c < cp.components(); c++) {
        for (int j = 0; j < cp.dimension(); j++) {
          assertEquals(1, Arrays.stream(cp.probabilities(c, j)).sum(), 1e-12);
        }
      }
    }
  }

  /** Statistics gathered all at once, chunk by chunk, as two merged halves and on 3 threads agree. */
  @ParameterizedTest
  @MethodSource("cases")
  <P extends DiscreteParameters> void chunksMergeToTheWhole(Fixtures.Case<P> c) {
    Dataset data = c.sample(1000, 2);
    if (!(c.family() instanceof BinomialFamily)) {
      data = Fixtures.withMissing(data, 5);
    }
    DiscreteFamily<P> f = c.family();
    P p = c.truth();
    DiscreteStatistics whole = f.newStatistics(p);
    double llWhole = f.accumulate(p, data, 0, data.rows(), whole);
    DiscreteStatistics a = f.newStatistics(p);
    DiscreteStatistics b = f.newStatistics(p);
    double llHalves = f.accumulate(p, data, 0, 437, a) + f.accumulate(p, data, 437, data.rows(), b);
    a.merge(b);
    assertTrue(whole.maxRelativeDifference(a) < 1e-13, "halves: " + whole.maxRelativeDifference(a));
    assertEquals(llWhole, llHalves, 1e-10 * Math.abs(llWhole));
    DiscreteStatistics rowByRow = f.newStatistics(p);
    DiscreteStatistics one = f.newStatistics(p);
    for (int i = 0; i < data.rows(); i++) {
      one.reset();
      f.accumulate(p, data, i, i + 1, one);
      rowByRow.merge(one);
    }
    assertTrue(whole.maxRelativeDifference(rowByRow) < 1e-13);
    DiscreteStatistics seq = f.newStatistics(p);
    DiscreteStatistics par = f.newStatistics(p);
    double l1 = EmEngine.eStep(f, data, p, seq, 64, ChunkExecutor.sequential());
    double l3;
    try (ChunkExecutor three = ChunkExecutor.create(3)) {
      l3 = EmEngine.eStep(f, data, p, par, 64, three);
    }
    assertTrue(seq.sameValues(par), "3 threads differ from 1");
    assertEquals(l1, l3, 0);
    assertTrue(whole.maxRelativeDifference(seq) < 1e-13);
  }

  /** Sampling then fitting recovers the parameters that drew the sample. */
  @ParameterizedTest
  @MethodSource("cases")
  <P extends DiscreteParameters> void sampleThenFitRecovers(Fixtures.Case<P> c) {
    Dataset data = c.sample(c.family() instanceof BinomialFamily ? 3000 : 6000, 3);
    EmOptions options =
        EmOptions.builder().components(2).restarts(4).seed(5).init(InitMethod.RANDOM).build();
    MixtureModel<P> model = new MixtureFitter<>(c.family(), options).fit(data);
    P fit = model.parameters();
    // Components come back in either order: match by the first value.
    boolean swap =
        Math.abs(fit.componentValues()[0] - c.truth().componentValues()[0])
            > Math.abs(fit.componentValues()[fit.valuesPerComponent()] - c.truth().componentValues()[0]);
    int q = fit.valuesPerComponent();
    for (int k = 0; k < 2; k++) {
      int kk = swap ? 1 - k : k;
      assertEquals(c.truth().weight(k), fit.weight(kk), 0.03, c + " weight");
      for (int j = 0; j < q; j++) {
        double t = c.truth().componentValues()[k * q + j];
        double got = fit.componentValues()[kk * q + j];
        double tol = c.family() instanceof PoissonFamily ? 0.06 * Math.max(1, t) : 0.04;
        assertEquals(t, got, tol, c + " value " + j + " of component " + k);
      }
    }
  }

  /** One component: EM gives the closed-form maximum-likelihood estimate in one step. */
  @ParameterizedTest
  @MethodSource("cases")
  <P extends DiscreteParameters> void oneComponentIsTheClosedForm(Fixtures.Case<P> c) {
    Dataset plain = c.sample(300, 4);
    if (!(c.family() instanceof BinomialFamily)) {
      plain = Fixtures.withMissing(plain, 5);
    }
    double[] w = new double[plain.rows()];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.5 + (i % 4);
    }
    Dataset data = plain.withWeights(w);
    EmOptions options = EmOptions.builder().components(1).init(InitMethod.RANDOM).build();
    MixtureModel<P> model = new MixtureFitter<>(c.family(), options).fit(data);
    double[] expected = closedForm(c.family(), data);
    assertArrayEquals(expected, model.parameters().componentValues(), 1e-12);
    // The log-likelihood, computed cell by cell with the closed-form parameters.
    assertEquals(logLikelihood(c.family(), data, expected), model.fit().logLikelihood(),
        1e-10 * Math.abs(model.fit().logLikelihood()));
    assertTrue(model.fit().iterations() <= 2);
  }

  static double[] closedForm(DiscreteFamily<?> f, Dataset data) {
    int d = data.columns();
    if (f instanceof BinomialFamily) {
      double s = 0;
      double n = 0;
      for (int i = 0; i < data.rows(); i++) {
        s += data.weight(i) * data.get(i, 0);
        n += data.weight(i) * data.get(i, 1);
      }
      return new double[] {s / n};
    }
    if (f instanceof CategoricalFamily cf) {
      int[] counts = cf.levels().counts();
      double[] out = new double[Arrays.stream(counts).sum()];
      int o = 0;
      for (int j = 0; j < d; j++) {
        double total = 0;
        for (int i = 0; i < data.rows(); i++) {
          double x = data.get(i, j);
          if (!Double.isNaN(x)) {
            out[o + (int) x] += data.weight(i);
            total += data.weight(i);
          }
        }
        for (int l = 0; l < counts[j]; l++) {
          out[o + l] /= total;
        }
        o += counts[j];
      }
      return out;
    }
    double[] out = new double[d];
    for (int j = 0; j < d; j++) {
      double s = 0;
      double n = 0;
      for (int i = 0; i < data.rows(); i++) {
        double x = data.get(i, j);
        if (!Double.isNaN(x)) {
          s += data.weight(i) * x;
          n += data.weight(i);
        }
      }
      out[j] = s / n;
    }
    return out;
  }

  /** The weighted log-likelihood of one component, from textbook formulas. */
  static double logLikelihood(DiscreteFamily<?> f, Dataset data, double[] v) {
    double ll = 0;
    for (int i = 0; i < data.rows(); i++) {
      double row = 0;
      if (f instanceof BinomialFamily) {
        int s = (int) data.get(i, 0);
        int n = (int) data.get(i, 1);
        row = logChoose(n, s) + s * Math.log(v[0]) + (n - s) * Math.log(1 - v[0]);
      } else if (f instanceof CategoricalFamily cf) {
        int o = 0;
        for (int j = 0; j < data.columns(); j++) {
          double x = data.get(i, j);
          if (!Double.isNaN(x)) {
            row += Math.log(v[o + (int) x]);
          }
          o += cf.levels().count(j);
        }
      } else {
        for (int j = 0; j < data.columns(); j++) {
          double x = data.get(i, j);
          if (Double.isNaN(x)) {
            continue;
          }
          if (f instanceof BernoulliFamily) {
            row += Math.log(x == 1 ? v[j] : 1 - v[j]);
          } else {
            row += x * Math.log(v[j]) - v[j] - logFactorial((int) x);
          }
        }
      }
      ll += data.weight(i) * row;
    }
    return ll;
  }

  static double logFactorial(int n) {
    double s = 0;
    for (int i = 2; i <= n; i++) {
      s += Math.log(i);
    }
    return s;
  }

  static double logChoose(int n, int k) {
    return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  }

  /** The unconstrained view maps back to the same parameters. */
  @ParameterizedTest
  @MethodSource("cases")
  <P extends DiscreteParameters> void unconstrainedRoundTrip(Fixtures.Case<P> c) {
    DiscreteFamily<P> f = c.family();
    P p = c.truth();
    double[] theta = f.toUnconstrained(p);
    assertEquals(f.freeParameters(p, Set.of()), theta.length);
    P back = f.fromUnconstrained(theta, p);
    assertArrayEquals(p.weights(), back.weights(), 1e-14);
    assertArrayEquals(p.componentValues(), back.componentValues(), 1e-14);
    // Any point of the space is a valid model.
    SplittableRandom r = new SplittableRandom(9);
    for (int t = 0; t < 20; t++) {
      double[] x = theta.clone();
      for (int i = 0; i < x.length; i++) {
        x[i] += 30 * (r.nextDouble() - 0.5);
      }
      assertValid(f, f.fromUnconstrained(x, p));
    }
  }

  /** The model file keeps every value: a written and read model predicts and scores the same. */
  @ParameterizedTest
  @MethodSource("cases")
  <P extends DiscreteParameters> void modelFileRoundTrip(Fixtures.Case<P> c) {
    Dataset data = c.sample(200, 6);
    EmOptions options = EmOptions.builder().components(2).seed(3).init(InitMethod.RANDOM).build();
    MixtureModel<P> model = new MixtureFitter<>(c.family(), options).fit(data);
    MixtureModel<?> back = ModelFile.fromTree(ModelFile.toTree(model), "model.json");
    assertEquals(c.family().name(), back.family().name());
    assertEquals(model.parameters(), back.parameters());
    assertArrayEquals(model.scoreSamples(data), back.scoreSamples(data), 0);
    assertArrayEquals(model.predict(data), back.predict(data));
    assertEquals(model.fit().bic(), back.fit().bic(), 0);
    assertEquals(
        model.family().freeParameters(model.parameters(), Set.of()), model.fit().freeParameters());
    assertEquals(model.bic(data), model.fit().bic(), 1e-9 * Math.abs(model.fit().bic()));
  }
}
