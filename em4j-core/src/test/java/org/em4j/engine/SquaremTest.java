package org.em4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQUAREM against plain EM, the reference: same optimum, monotone trace, honest pass counts, fixed
 * groups untouched, safeguards that fall back to the EM step, thread-count independence.
 */
class SquaremTest {
  private static final Dataset FAITHFUL = new CsvReader().read(Path.of("..", "data", "faithful.csv"));

  /** The heights experiment: men N(176, 8^2), women N(164, 6^2), 3:2. */
  static Dataset heights(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] =
          random.nextDouble() < 0.6
              ? 176 + 8 * random.nextGaussian()
              : 164 + 6 * random.nextGaussian();
    }
    return Dataset.of(x, n, 1);
  }

  /** The heights start: means at the sample mean +- 10, both variances the sample's. */
  static GaussianParameters heightsStart(Dataset data, CovarianceType type) {
    double[] x = data.values();
    double mean = Arrays.stream(x).average().orElseThrow();
    double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
    double[] cov = type == CovarianceType.TIED ? new double[] {var} : new double[] {var, var};
    return new GaussianParameters(
        type, 1, new double[] {0.5, 0.5}, new double[] {mean + 10, mean - 10}, cov);
  }

  /** Three overlapping 2-D clusters. */
  static Dataset overlapping(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] mu = {{0, 0}, {2.5, 0.5}, {0.5, 2.5}};
    double[] x = new double[2 * n];
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(3);
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      x[2 * i] = mu[c][0] + a;
      x[2 * i + 1] = mu[c][1] + 0.5 * a + (c + 1) * 0.4 * b;
    }
    return Dataset.of(x, n, 2);
  }

  static EmOptions options(Acceleration a, double tol) {
    return EmOptions.builder()
        .components(2)
        .tolerance(tol)
        .maxIterations(100_000)
        .threads(1)
        .acceleration(a)
        .build();
  }

  static <P> EmRun<P> run(Family<P, ?> family, Dataset data, P start, EmOptions options) {
    return run(family, data, start, options, IterationListener.none());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <P> EmRun<P> run(
      Family<P, ?> family, Dataset data, P start, EmOptions options, IterationListener<P> l) {
    try (ChunkExecutor exec = ChunkExecutor.create(options.threads())) {
      return EmEngine.run((Family) family, data, start, options, exec, 0, l);
    }
  }

  static GaussianParameters kmeansStart(GaussianFamily f, Dataset data, int k, long seed) {
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      return f.initialize(data, k, InitMethod.KMEANS_PLUSPLUS, new SplittableRandom(seed), exec);
    }
  }

  static Stream<Arguments> problems() {
    List<Arguments> out = new ArrayList<>();
    Dataset heights = heights(1000, 5);
    Dataset overlap = overlapping(600, 3);
    for (CovarianceType t : CovarianceType.values()) {
      GaussianFamily f = new GaussianFamily(t);
      out.add(Arguments.of("faithful K=2 " + t, f, FAITHFUL, kmeansStart(f, FAITHFUL, 2, 1)));
      out.add(Arguments.of("heights " + t, f, heights, heightsStart(heights, t)));
      out.add(Arguments.of("overlapping 2-D K=3 " + t, f, overlap, kmeansStart(f, overlap, 3, 2)));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void reachesThePlainEmOptimumWithAMonotoneTraceInFewerPasses(
      String name, GaussianFamily family, Dataset data, GaussianParameters start) {
    double tol = 1e-10;
    EmRun<GaussianParameters> plain = run(family, data, start, options(Acceleration.NONE, tol));
    EmRun<GaussianParameters> fast = run(family, data, start, options(Acceleration.SQUAREM, tol));
    assertTrue(plain.converged() && fast.converged(), name);
    // Same maximum: log-likelihood within 1e-8 per row, and never below plain EM's.
    double n = data.totalWeight();
    assertEquals(plain.logLikelihood(), fast.logLikelihood(), 1e-8 * n, name);
    assertTrue(fast.logLikelihood() >= plain.logLikelihood() - 1e-8 * n, name);
    // Same parameters (the optimum is isolated in these problems).
    double[] a = family.flatten(plain.parameters());
    double[] b = family.flatten(fast.parameters());
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-3 * Math.max(1, Math.abs(a[i])), name + " parameter " + i);
    }
    assertNonDecreasing(fast.logLikelihoodTrace(), name);
    // SQUAREM stops only when the estimated remaining gain is below the tolerance, plain EM when
    // one step's gain is: on fits plain EM finishes in a few passes that can cost a pass or two.
    int slack = plain.eSteps() < 20 ? 2 : 0;
    assertTrue(
        fast.eSteps() <= plain.eSteps() + slack,
        name + ": " + fast.eSteps() + " passes vs " + plain.eSteps());
    assertEquals(fast.iterations() + 1, fast.logLikelihoodTrace().size());
    assertEquals(plain.iterations() + 1, plain.eSteps());
  }

  static void assertNonDecreasing(List<Double> trace, String name) {
    for (int i = 1; i < trace.size(); i++) {
      assertTrue(
          trace.get(i) >= trace.get(i - 1),
          name + ": log-likelihood fell at iteration " + i + ": " + trace.get(i - 1) + " -> "
              + trace.get(i));
    }
  }

  @Test
  void heightsNeedsFarFewerPassesThanPlainEm() {
    Dataset data = heights(1000, 5);
    GaussianFamily f = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = heightsStart(data, CovarianceType.FULL);
    EmRun<GaussianParameters> plain = run(f, data, start, options(Acceleration.NONE, 1e-8));
    EmRun<GaussianParameters> fast = run(f, data, start, options(Acceleration.SQUAREM, 1e-8));
    assertTrue(
        3 * fast.eSteps() < plain.eSteps(), fast.eSteps() + " passes vs " + plain.eSteps());
  }

  /**
   * When every extrapolated point is refused, each cycle is two plain EM steps, so the run ends at
   * exactly plain EM's parameters after exactly as many passes.
   */
  @Test
  void refusedExtrapolationsFallBackToThePlainEmIterate() {
    Dataset data = overlapping(600, 3);
    GaussianFamily g = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = kmeansStart(g, data, 3, 2);
    EmRun<GaussianParameters> plain = run(g, data, start, options(Acceleration.NONE, 1e-9));
    CountingFamily<GaussianParameters, ?> f = new CountingFamily<>(g, CountingFamily.Spoil.REFUSE);
    EmRun<GaussianParameters> fast = run(f, data, start, options(Acceleration.SQUAREM, 1e-9));
    assertTrue(f.extrapolations > 0);
    // Every pass after the first is one EM step: the result is plain EM's iterate after that many.
    int steps = fast.eSteps() - 1;
    EmRun<GaussianParameters> same =
        run(g, data, start, options(Acceleration.NONE, 0).toBuilder().maxIterations(steps).build());
    assertEquals(same.parameters(), fast.parameters());
    assertEquals(same.logLikelihood(), fast.logLikelihood());
    assertTrue(fast.logLikelihood() >= plain.logLikelihood());
    // The accepted iterates are every second EM iterate (and the last one).
    List<Double> p = same.logLikelihoodTrace();
    List<Double> q = fast.logLikelihoodTrace();
    for (int i = 0; i < q.size() - 1; i++) {
      assertEquals(p.get(2 * i), q.get(i));
    }
    assertEquals(p.get(p.size() - 1), q.get(q.size() - 1));
  }

  /**
   * When every stabilised extrapolation is worse than the iterate it started from, the
   * monotonicity check rejects it and takes the EM iterate: the same parameters as plain EM, two
   * extra passes (the extrapolated point and its EM step) per attempt, and a trace that never
   * shows the worse points.
   */
  @Test
  void worseExtrapolationsAreRejectedByTheMonotonicityCheck() {
    Dataset data = heights(1000, 5);
    GaussianFamily g = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = heightsStart(data, CovarianceType.FULL);
    EmRun<GaussianParameters> plain = run(g, data, start, options(Acceleration.NONE, 1e-7));
    CountingFamily<GaussianParameters, ?> f =
        new CountingFamily<>(g, CountingFamily.Spoil.PENALISE);
    EmRun<GaussianParameters> fast = run(f, data, start, options(Acceleration.SQUAREM, 1e-7));
    assertTrue(f.extrapolations > 0);
    // Each rejected extrapolation costs two passes (p' and F(p')); every other pass after the
    // first is one EM step, so the result is plain EM's iterate after that many steps.
    int steps = fast.eSteps() - 1 - 2 * f.extrapolations;
    EmRun<GaussianParameters> same =
        run(g, data, start, options(Acceleration.NONE, 0).toBuilder().maxIterations(steps).build());
    assertEquals(same.parameters(), fast.parameters());
    assertEquals(same.logLikelihood(), fast.logLikelihood());
    assertTrue(fast.logLikelihood() >= plain.logLikelihood());
    assertEquals(f.passes, fast.eSteps());
    assertNonDecreasing(fast.logLikelihoodTrace(), "penalised");
    for (double ll : fast.logLikelihoodTrace()) {
      assertTrue(ll > plain.logLikelihoodTrace().get(0) - 1, "a penalised point was reported");
    }
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void fixedGroupsKeepTheirExactValues(CovarianceType type) {
    GaussianFamily f = new GaussianFamily(type);
    GaussianParameters start = kmeansStart(f, FAITHFUL, 3, 4);
    for (String group : GaussianFamily.GROUPS) {
      CountingFamily<GaussianParameters, ?> counting =
          new CountingFamily<>(f, CountingFamily.Spoil.NONE);
      EmOptions o =
          options(Acceleration.SQUAREM, 1e-9).toBuilder()
              .fixed(Set.of(group))
              .traceParameters(true)
              .build();
      EmRun<GaussianParameters> r = run(counting, FAITHFUL, start, o);
      assertTrue(counting.extrapolations > 0, group + ": nothing was extrapolated");
      for (GaussianParameters p : r.parameterTrace()) {
        switch (group) {
          case "weights" -> assertArrayEquals(start.weights(), p.weights(), group);
          case "means" -> assertArrayEquals(start.means(), p.means(), group);
          default -> assertArrayEquals(
              start.compactCovariances(), p.compactCovariances(), group);
        }
      }
      // And the free groups reach plain EM's optimum with the same groups fixed.
      EmRun<GaussianParameters> plain =
          run(f, FAITHFUL, start, o.toBuilder().acceleration(Acceleration.NONE).build());
      assertEquals(plain.logLikelihood(), r.logLikelihood(), 1e-6 * FAITHFUL.rows(), group);
    }
  }

  @Test
  void restartsKeepTheBestAcceleratedRun() {
    GaussianFamily f = new GaussianFamily(CovarianceType.DIAG);
    EmOptions o =
        EmOptions.builder()
            .components(3)
            .restarts(4)
            .seed(3)
            .threads(1)
            .acceleration(Acceleration.SQUAREM)
            .build();
    FitResult<GaussianParameters> r;
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      r = EmEngine.fit(f, FAITHFUL, o, null, exec, IterationListener.none());
    }
    double best = Arrays.stream(r.runLogLikelihoods()).max().orElseThrow();
    assertEquals(best, r.best().logLikelihood());
    assertEquals(best, r.runLogLikelihoods()[r.bestRestart()]);
  }

  /**
   * Old Faithful, full covariances, K = 3, from a k-means++ start: at the default tolerance, plain
   * EM stops at -1119.2159 (the maximum is -1119.2140), while SQUAREM, testing convergence on a
   * single EM step, stopped on a flat stretch at -1119.3016, 3e-4 per row lower. The test on the
   * estimated remaining gain keeps it going. Fails with the single-step test.
   */
  @Test
  void neverStopsOnAFlatStretchBelowPlainEm() {
    GaussianFamily f = new GaussianFamily(CovarianceType.FULL);
    double tol = EmOptions.DEFAULT_TOLERANCE;
    double n = FAITHFUL.totalWeight();
    for (long seed : new long[] {3, 4, 6, 13}) {
      GaussianParameters start;
      try (ChunkExecutor exec = ChunkExecutor.sequential()) {
        start =
            f.initialize(
                FAITHFUL, 3, InitMethod.KMEANS_PLUSPLUS, new SplittableRandom(seed).split(), exec);
      }
      EmRun<GaussianParameters> plain = run(f, FAITHFUL, start, options(Acceleration.NONE, tol));
      EmRun<GaussianParameters> fast = run(f, FAITHFUL, start, options(Acceleration.SQUAREM, tol));
      assertTrue(
          fast.logLikelihood() >= plain.logLikelihood() - tol * n,
          "seed " + seed + ": SQUAREM " + fast.logLikelihood() + " < plain "
              + plain.logLikelihood());
      assertNonDecreasing(fast.logLikelihoodTrace(), "seed " + seed);
    }
  }

  /** Draws n rows of a two-component discrete mixture. */
  static <P extends org.em4j.discrete.DiscreteParameters> Dataset draw(
      org.em4j.discrete.DiscreteFamily<P> family, P truth, int n, int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[n * d];
    double[] row = new double[d];
    for (int i = 0; i < n; i++) {
      family.sampleComponent(truth, random.nextDouble() < truth.weight(0) ? 0 : 1, random, row);
      System.arraycopy(row, 0, x, i * d, d);
    }
    return Dataset.of(x, n, d);
  }

  static Stream<Arguments> discrete() {
    var binomial = new org.em4j.discrete.BinomialFamily(12);
    var bernoulli = new org.em4j.discrete.BernoulliFamily();
    var categorical =
        new org.em4j.discrete.CategoricalFamily(org.em4j.data.Levels.ofCounts(3, 2, 4));
    var poisson = new org.em4j.discrete.PoissonFamily();
    return Stream.of(
        Arguments.of(
            binomial,
            draw(
                binomial,
                new org.em4j.discrete.BinomialParameters(
                    new double[] {0.6, 0.4}, new double[] {0.3, 0.65}),
                400, 2, 21)),
        Arguments.of(
            bernoulli,
            draw(
                bernoulli,
                new org.em4j.discrete.BernoulliParameters(
                    new double[] {0.5, 0.5}, 4, new double[] {0.2, 0.3, 0.7, 0.6, 0.7, 0.6, 0.3, 0.4}),
                400, 4, 22)),
        Arguments.of(
            categorical,
            draw(
                categorical,
                new org.em4j.discrete.CategoricalParameters(
                    new double[] {0.55, 0.45},
                    new int[] {3, 2, 4},
                    new double[] {
                      0.5, 0.3, 0.2, 0.7, 0.3, 0.1, 0.2, 0.3, 0.4,
                      0.2, 0.3, 0.5, 0.4, 0.6, 0.4, 0.3, 0.2, 0.1
                    }),
                400, 3, 23)),
        Arguments.of(
            poisson,
            draw(
                poisson,
                new org.em4j.discrete.PoissonParameters(
                    new double[] {0.5, 0.5}, 2, new double[] {2, 5, 4, 3}),
                400, 2, 24)));
  }

  /**
   * Every discrete family, through its unconstrained view (logits, log-ratios, log-rates): SQUAREM
   * extrapolates (and so uses the view), reaches plain EM's optimum within the tolerance and never
   * below it, with a monotone trace; with the weights fixed, every accepted iterate keeps the start's
   * weights exactly.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("discrete")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyDiscreteFamilyReachesThePlainEmOptimum(
      org.em4j.discrete.DiscreteFamily<?> family, Dataset data) {
    org.em4j.discrete.DiscreteFamily f = family;
    double tol = 1e-10;
    double n = data.totalWeight();
    // K = 3 over-fits; for bernoulli with 4 columns its maxima form a ridge (14 parameters for
    // 15 cell probabilities) on which SQUAREM can stop 1e-7 per row below plain EM at tolerance
    // 1e-10: a known limitation (docs/performance.md), so bernoulli is checked at K = 2 only.
    int maxK = family instanceof org.em4j.discrete.BernoulliFamily ? 2 : 3;
    for (int k = 2; k <= maxK; k++) {
      Object start;
      try (ChunkExecutor exec = ChunkExecutor.sequential()) {
        start = f.initialize(data, k, InitMethod.KMEANS_PLUSPLUS, new SplittableRandom(k), exec);
      }
      for (Set<String> fixed : List.of(Set.<String>of(), Set.of("weights"))) {
        String name = family.name() + " K=" + k + " fixed " + fixed;
        EmOptions o =
            options(Acceleration.SQUAREM, tol).toBuilder().fixed(fixed).traceParameters(true).build();
        CountingFamily counting = new CountingFamily(f, CountingFamily.Spoil.NONE);
        EmRun fast = run(counting, data, start, o);
        EmRun plain = run(f, data, start, o.toBuilder().acceleration(Acceleration.NONE).build());
        assertTrue(counting.extrapolations > 0, name + ": nothing was extrapolated");
        assertTrue(fast.converged(), name);
        assertEquals(plain.logLikelihood(), fast.logLikelihood(), 1e-6 * n, name);
        assertTrue(
            fast.logLikelihood() >= plain.logLikelihood() - tol * n,
            name + ": " + fast.logLikelihood() + " (" + fast.eSteps() + " passes) < plain "
                + plain.logLikelihood() + " (" + plain.eSteps() + " passes)");
        assertNonDecreasing(fast.logLikelihoodTrace(), name);
        if (!fixed.isEmpty()) {
          // The start's weights: exactly, but for the ulps by which the discrete parameters'
          // renormalisation moves them in every M-step (plain EM's too); extrapolation never
          // moves a fixed group.
          List<Object> trace = fast.parameterTrace();
          List<Object> plainTrace = plain.parameterTrace();
          double[] w = ((org.em4j.discrete.DiscreteParameters) start).weights();
          for (int i = 1; i < trace.size(); i++) {
            assertArrayEquals(
                w, ((org.em4j.discrete.DiscreteParameters) trace.get(i)).weights(), 1e-15, name);
          }
          for (int i = 1; i < plainTrace.size(); i++) {
            assertArrayEquals(
                w, ((org.em4j.discrete.DiscreteParameters) plainTrace.get(i)).weights(), 1e-15,
                name);
          }
        }
      }
    }
  }

  @Test
  void accelerationParsesItsLabelsAndNamesTheChoicesOtherwise() {
    assertEquals(Acceleration.SQUAREM, Acceleration.parse("SQUAREM"));
    assertEquals(Acceleration.NONE, Acceleration.parse("none"));
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Acceleration.parse("anderson"));
    assertTrue(e.getMessage().contains("none, squarem or daarem"), e.getMessage());
  }
}
