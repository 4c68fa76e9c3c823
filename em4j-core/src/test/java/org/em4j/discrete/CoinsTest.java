package org.em4j.discrete;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Set;
import org.em4j.data.BinomialInput;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.data.TextTable;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.IterationListener;
import org.junit.jupiter.api.Test;

/**
 * The binomial family against textbook numbers: the two-coin example of Do and Batzoglou (Nature
 * Biotechnology 26, 2008, figure 1b) and the three-coin model of Li Hang, "Statistical Learning
 * Methods" (2012), example 9.1.
 */
class CoinsTest {
  static final String[] FLIPS = {
    "HTTTHHTHTH", "HHHHTHHHHH", "HTHHHHHTHH", "HTHTTTHHTT", "THHHTHHHTH"
  };

  static Dataset coins() throws Exception {
    StringBuilder csv = new StringBuilder("flips\n");
    for (String f : FLIPS) {
      csv.append(f).append('\n');
    }
    TextTable t = TextTable.read(new StringReader(csv.toString()), "coins", null, CsvReader.Header.AUTO);
    return BinomialInput.fromColumn(t, 0, null);
  }

  static EmRun<BinomialParameters> run(
      Dataset data, BinomialParameters start, int iterations, Set<String> fixed) {
    EmOptions options =
        EmOptions.builder().tolerance(0).maxIterations(iterations).fixed(fixed).build();
    return EmEngine.run(
        new BinomialFamily(10), data, start, options, ChunkExecutor.sequential(), 0,
        IterationListener.none());
  }

  @Test
  void flipStringsBecomeCounts() throws Exception {
    Dataset d = coins();
    assertArrayEquals(new double[] {5, 10, 9, 10, 8, 10, 4, 10, 7, 10}, d.values());
  }

  @Test
  void firstIterationByHand() throws Exception {
    // Hand-worked E-step: with equal fixed weights the responsibility of coin A for a set of h
    // heads and t tails is a / (a + b), a = 0.6^h 0.4^t, b = 0.5^10.
    int[] heads = {5, 9, 8, 4, 7};
    double ha = 0;
    double ta = 0;
    double hb = 0;
    double tb = 0;
    for (int h : heads) {
      double a = Math.pow(0.6, h) * Math.pow(0.4, 10 - h);
      double b = Math.pow(0.5, 10);
      double ra = a / (a + b);
      ha += ra * h;
      ta += ra * (10 - h);
      hb += (1 - ra) * h;
      tb += (1 - ra) * (10 - h);
    }
    BinomialParameters start = new BinomialParameters(new double[] {0.5, 0.5}, new double[] {0.6, 0.5});
    BinomialParameters one = run(coins(), start, 1, Set.of("weights")).parameters();
    assertEquals(ha / (ha + ta), one.p(0), 1e-14);
    assertEquals(hb / (hb + tb), one.p(1), 1e-14);
    // The paper's figure: 21.3 H / 8.6 T for coin A and 11.7 H / 8.4 T for coin B ...
    assertEquals(21.3, ha, 0.05);
    assertEquals(8.6, ta, 0.05);
    assertEquals(11.7, hb, 0.05);
    assertEquals(8.4, tb, 0.05);
    // ... giving 0.71 and 0.58 after the first iteration.
    assertEquals(0.71, one.p(0), 0.005);
    assertEquals(0.58, one.p(1), 0.005);
    assertArrayEquals(new double[] {0.5, 0.5}, one.weights(), 0);
  }

  @Test
  void tenthIterationAsInThePaper() throws Exception {
    BinomialParameters start = new BinomialParameters(new double[] {0.5, 0.5}, new double[] {0.6, 0.5});
    BinomialParameters ten = run(coins(), start, 10, Set.of("weights")).parameters();
    assertEquals(0.80, ten.p(0), 0.005);
    assertEquals(0.52, ten.p(1), 0.005);
  }

  @Test
  void threeCoinsFromTwoStarts() {
    double[] flips = {1, 1, 0, 1, 0, 0, 1, 0, 1, 1};
    double[] v = new double[20];
    for (int i = 0; i < 10; i++) {
      v[2 * i] = flips[i];
      v[2 * i + 1] = 1;
    }
    Dataset data = Dataset.of(v, 10, 2);
    // Li Hang, example 9.1: from (0.5, 0.5, 0.5) EM gives (0.5, 0.6, 0.6); from (0.4, 0.6, 0.7)
    // it gives (0.4064, 0.5368, 0.6432).
    EmRun<BinomialParameters> a =
        run(data, new BinomialParameters(new double[] {0.5, 0.5}, new double[] {0.5, 0.5}), 50, Set.of());
    assertEquals(0.5, a.parameters().weight(0), 1e-12);
    assertEquals(0.6, a.parameters().p(0), 1e-12);
    assertEquals(0.6, a.parameters().p(1), 1e-12);
    EmRun<BinomialParameters> b =
        run(data, new BinomialParameters(new double[] {0.4, 0.6}, new double[] {0.6, 0.7}), 50, Set.of());
    assertEquals(0.4064, b.parameters().weight(0), 5e-5);
    assertEquals(0.5368, b.parameters().p(0), 5e-5);
    assertEquals(0.6432, b.parameters().p(1), 5e-5);
    // Not identifiable: both answers reproduce the observed frequency 0.6 and have the same
    // likelihood, 6 log 0.6 + 4 log 0.4.
    double best = 6 * Math.log(0.6) + 4 * Math.log(0.4);
    assertEquals(best, a.logLikelihood(), 1e-12);
    assertEquals(best, b.logLikelihood(), 1e-12);
  }

  @Test
  void unfixedWeightsNeverLowerTheLikelihood() throws Exception {
    BinomialParameters start = new BinomialParameters(new double[] {0.5, 0.5}, new double[] {0.6, 0.5});
    EmRun<BinomialParameters> fixed = run(coins(), start, 200, Set.of("weights"));
    EmRun<BinomialParameters> free = run(coins(), start, 200, Set.of());
    assertTrue(free.logLikelihood() >= fixed.logLikelihood() - 1e-12);
  }
}
