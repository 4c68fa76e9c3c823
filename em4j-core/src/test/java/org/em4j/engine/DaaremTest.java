package org.em4j.engine;

import static org.em4j.engine.SquaremTest.assertNonDecreasing;
import static org.em4j.engine.SquaremTest.heights;
import static org.em4j.engine.SquaremTest.heightsStart;
import static org.em4j.engine.SquaremTest.kmeansStart;
import static org.em4j.engine.SquaremTest.options;
import static org.em4j.engine.SquaremTest.overlapping;
import static org.em4j.engine.SquaremTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.BinomialParameters;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DAAREM against plain EM, the reference: same optimum, monotone trace, honest pass counts, fixed
 * groups untouched, fall-back to the EM step; and the Anderson step itself against closed forms
 * (an affine map's fixed point, the ridge normal equations).
 */
class DaaremTest {
  private static final Dataset FAITHFUL = new CsvReader().read(Path.of("..", "data", "faithful.csv"));

  // ---- the Anderson step, by hand ----

  /**
   * Anderson acceleration without damping on an affine map {@code G(x) = A x + b} in 3 dimensions:
   * with 3 independent differences the residual {@code f = G(x) - x} is affine too, so the
   * least-squares combination has zero residual and the proposal is the fixed point {@code x* =
   * (I - A)^-1 b} itself, solved here by Cramer's rule.
   */
  @Test
  void undampedAndersonFindsTheFixedPointOfAnAffineMapFromThreeDifferences() {
    double[][] a = {{0.9, 0.05, 0.0}, {0.02, 0.8, 0.1}, {0.0, 0.1, 0.95}};
    double[] b = {1, -2, 0.5};
    double[][] x = new double[5][];
    x[0] = new double[] {0, 0, 0};
    for (int k = 1; k < 5; k++) {
      x[k] = affine(a, b, x[k - 1]);
    }
    // History at x_3: differences of x_1..x_3 and of their residuals.
    double[][] dx = new double[3][];
    double[][] df = new double[3][];
    for (int j = 1; j <= 3; j++) {
      dx[j - 1] = minus(x[j], x[j - 1]);
      df[j - 1] = minus(minus(x[j + 1], x[j]), minus(x[j], x[j - 1]));
    }
    double[] f = minus(x[4], x[3]);
    double[] gamma = Daarem.coefficients(df, f, 1);
    double[] proposal = new double[3];
    for (int i = 0; i < 3; i++) {
      double xb = x[3][i];
      double fb = f[i];
      for (int j = 0; j < 3; j++) {
        xb -= dx[j][i] * gamma[j];
        fb -= df[j][i] * gamma[j];
      }
      proposal[i] = xb + fb;
    }
    // (I - A) x* = b by Cramer's rule.
    double[][] m = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i][j] = (i == j ? 1 : 0) - a[i][j];
      }
    }
    double det = det3(m);
    for (int c = 0; c < 3; c++) {
      double[][] mc = new double[3][];
      for (int i = 0; i < 3; i++) {
        mc[i] = m[i].clone();
        mc[i][c] = b[i];
      }
      double expected = det3(mc) / det;
      assertEquals(expected, proposal[c], 1e-9 * Math.max(1, Math.abs(expected)), "x*[" + c + "]");
    }
    // Plain iteration is still far from it after the same number of steps.
    assertTrue(Math.abs(x[4][0] - det3(replace(m, b, 0)) / det) > 1);
  }

  /**
   * The damped coefficients solve the ridge normal equations {@code (F'F + lambda I) g = F'f} for
   * the damping that makes {@code |g|^2 = delta |g_LS|^2}: checked with the 2 x 2 systems solved
   * by hand, for several delta.
   */
  @Test
  void dampedCoefficientsAreTheRidgeSolutionWithTheRequestedShrinkage() {
    double[][] cols = {{1, 2, 0, -1, 0.5}, {0.3, -1, 2, 0.2, 1}};
    double[] f = {0.7, -0.1, 1.3, 0.4, -0.6};
    double a11 = dot(cols[0], cols[0]);
    double a12 = dot(cols[0], cols[1]);
    double a22 = dot(cols[1], cols[1]);
    double b1 = dot(cols[0], f);
    double b2 = dot(cols[1], f);
    double[] ls = solve2(a11, a12, a22, b1, b2, 0);
    double lsNorm2 = ls[0] * ls[0] + ls[1] * ls[1];
    assertArrayEquals(ls, Daarem.coefficients(cols, f, 1), 1e-12);
    for (double delta : new double[] {0.9, 0.5, 0.1, 0.0104}) {
      double[] g = Daarem.coefficients(cols, f, delta);
      double norm2 = g[0] * g[0] + g[1] * g[1];
      assertEquals(delta * lsNorm2, norm2, 1e-8 * lsNorm2, "delta " + delta);
      // g solves the ridge equations for some lambda > 0: recover lambda from the first equation
      // and check the second.
      double lambda = (b1 - a11 * g[0] - a12 * g[1]) / g[0];
      assertTrue(lambda > 0, "lambda " + lambda);
      double[] ridge = solve2(a11, a12, a22, b1, b2, lambda);
      assertArrayEquals(ridge, g, 1e-9 * Math.sqrt(lsNorm2), "delta " + delta);
    }
  }

  @Test
  void aRankDeficientHistoryIsSolvedOnItsRange() {
    // Two equal columns: the minimum-norm least-squares solution splits the weight evenly.
    double[][] cols = {{1, 0, 1}, {1, 0, 1}};
    double[] f = {2, 5, 2};
    double[] g = Daarem.coefficients(cols, f, 1);
    assertEquals(1, g[0], 1e-12);
    assertEquals(1, g[1], 1e-12);
    assertArrayEquals(new double[2], Daarem.coefficients(new double[][] {{0, 0}, {0, 0}},
        new double[] {1, 1}, 1));
  }

  // ---- the accelerated fit against plain EM ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.em4j.engine.SquaremTest#problems")
  void reachesThePlainEmOptimumWithAMonotoneTrace(
      String name, GaussianFamily family, Dataset data, GaussianParameters start) {
    double tol = 1e-10;
    EmRun<GaussianParameters> plain = run(family, data, start, options(Acceleration.NONE, tol));
    CountingFamily<GaussianParameters, ?> counting =
        new CountingFamily<>(family, CountingFamily.Spoil.NONE);
    EmRun<GaussianParameters> fast =
        run(counting, data, start, options(Acceleration.DAAREM, tol));
    assertTrue(plain.converged() && fast.converged(), name);
    double n = data.totalWeight();
    assertEquals(plain.logLikelihood(), fast.logLikelihood(), 1e-8 * n, name);
    assertTrue(fast.logLikelihood() >= plain.logLikelihood() - 1e-8 * n, name);
    double[] a = family.flatten(plain.parameters());
    double[] b = family.flatten(fast.parameters());
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-3 * Math.max(1, Math.abs(a[i])), name + " parameter " + i);
    }
    assertNonDecreasing(fast.logLikelihoodTrace(), name);
    assertEquals(counting.passes, fast.eSteps(), name);
    assertEquals(fast.iterations() + 1, fast.logLikelihoodTrace().size());
    // Every accepted iterate costs one pass, a refused proposal one more.
    assertTrue(fast.eSteps() >= fast.iterations() + 1, name);
    assertTrue(fast.eSteps() <= fast.iterations() + 1 + counting.extrapolations, name);
    int slack = plain.eSteps() < 20 ? 2 : 0;
    assertTrue(
        fast.eSteps() <= plain.eSteps() + slack,
        name + ": " + fast.eSteps() + " passes vs " + plain.eSteps());
  }

  @Test
  void heightsNeedsFarFewerPassesThanPlainEm() {
    Dataset data = heights(1000, 5);
    GaussianFamily f = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = heightsStart(data, CovarianceType.FULL);
    EmRun<GaussianParameters> plain = run(f, data, start, options(Acceleration.NONE, 1e-8));
    EmRun<GaussianParameters> fast = run(f, data, start, options(Acceleration.DAAREM, 1e-8));
    // 415 against 979 passes on this data set; over the benchmark's 20 data sets the gain ranges
    // from 2.2x to 59x (docs/performance.md).
    assertTrue(
        2 * fast.eSteps() < plain.eSteps(), fast.eSteps() + " passes vs " + plain.eSteps());
    assertTrue(fast.logLikelihood() >= plain.logLikelihood());
  }

  /**
   * Do and Batzoglou's two coins (weights fixed at 1/2): the fixed point of EM, which plain EM
   * reaches at tolerance 1e-14 (p_A = 0.7968, p_B = 0.5196 in the paper), and the weights kept.
   */
  @Test
  void theTwoCoinsReachTheirMaximumWithTheWeightsKept() {
    String[] sets = {"HTTTHHTHTH", "HHHHTHHHHH", "HTHHHHHTHH", "HTHTTTHHTT", "THHHTHHHTH"};
    double[] x = new double[10];
    for (int i = 0; i < 5; i++) {
      x[2 * i] = sets[i].chars().filter(ch -> ch == 'H').count();
      x[2 * i + 1] = 10;
    }
    Dataset data = Dataset.of(x, 5, 2);
    BinomialFamily f = new BinomialFamily();
    BinomialParameters start =
        new BinomialParameters(new double[] {0.5, 0.5}, new double[] {0.6, 0.5});
    EmOptions o =
        options(Acceleration.DAAREM, 1e-14).toBuilder()
            .fixed(Set.of("weights"))
            .traceParameters(true)
            .build();
    EmRun<BinomialParameters> fast = run(f, data, start, o);
    EmRun<BinomialParameters> plain =
        run(f, data, start, o.toBuilder().acceleration(Acceleration.NONE).build());
    assertEquals(0.7968, fast.parameters().p(0), 1e-4);
    assertEquals(0.5196, fast.parameters().p(1), 1e-4);
    assertArrayEquals(
        plain.parameters().p(), fast.parameters().p(), 1e-6);
    for (BinomialParameters p : fast.parameterTrace()) {
      assertArrayEquals(new double[] {0.5, 0.5}, p.weights(), 1e-15);
    }
    assertNonDecreasing(fast.logLikelihoodTrace(), "two coins");
  }

  /**
   * When every proposal is refused (not a valid model), no pass is spent on it and every
   * iteration is a plain EM step: the run ends at exactly plain EM's iterate after as many steps.
   */
  @Test
  void refusedProposalsFallBackToThePlainEmStep() {
    Dataset data = overlapping(600, 3);
    GaussianFamily g = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = kmeansStart(g, data, 3, 2);
    CountingFamily<GaussianParameters, ?> f = new CountingFamily<>(g, CountingFamily.Spoil.REFUSE);
    EmRun<GaussianParameters> fast = run(f, data, start, options(Acceleration.DAAREM, 1e-9));
    assertTrue(f.extrapolations > 0);
    assertEquals(fast.iterations() + 1, fast.eSteps());
    EmRun<GaussianParameters> same =
        run(g, data, start, options(Acceleration.NONE, 0).toBuilder()
            .maxIterations(fast.iterations()).build());
    assertEquals(same.parameters(), fast.parameters());
    assertEquals(same.logLikelihoodTrace(), fast.logLikelihoodTrace());
  }

  /**
   * When every proposal is worse than the iterate it started from, it is rejected and the EM step
   * taken: plain EM's iterates, one extra pass per rejected proposal, and no worse point reported.
   */
  @Test
  void worseProposalsAreRejectedByTheMonotonicityCheck() {
    Dataset data = heights(1000, 5);
    GaussianFamily g = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = heightsStart(data, CovarianceType.FULL);
    CountingFamily<GaussianParameters, ?> f =
        new CountingFamily<>(g, CountingFamily.Spoil.PENALISE);
    EmRun<GaussianParameters> fast = run(f, data, start, options(Acceleration.DAAREM, 1e-7));
    assertTrue(f.extrapolations > 0);
    assertEquals(fast.iterations() + 1 + f.extrapolations, fast.eSteps());
    assertEquals(f.passes, fast.eSteps());
    EmRun<GaussianParameters> same =
        run(g, data, start, options(Acceleration.NONE, 0).toBuilder()
            .maxIterations(fast.iterations()).build());
    assertEquals(same.parameters(), fast.parameters());
    assertEquals(same.logLikelihoodTrace(), fast.logLikelihoodTrace());
    assertNonDecreasing(fast.logLikelihoodTrace(), "penalised");
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
          options(Acceleration.DAAREM, 1e-9).toBuilder()
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
      // The free groups reach a maximum with the group fixed: plain EM from there (the group
      // still fixed) gains nothing. (Tied, weights fixed, this start: DAAREM's extrapolation
      // lands in the basin of another maximum, -1131.369 where plain EM ends at -1130.276; see
      // docs/performance.md. So the end point is checked as a maximum, not as plain EM's.)
      EmRun<GaussianParameters> polish =
          run(f, FAITHFUL, r.parameters(), o.toBuilder().acceleration(Acceleration.NONE).build());
      assertEquals(r.logLikelihood(), polish.logLikelihood(), 1e-6 * FAITHFUL.rows(), group);
      if (type != CovarianceType.TIED || !group.equals("weights")) {
        EmRun<GaussianParameters> plain =
            run(f, FAITHFUL, start, o.toBuilder().acceleration(Acceleration.NONE).build());
        assertEquals(plain.logLikelihood(), r.logLikelihood(), 1e-6 * FAITHFUL.rows(), group);
      }
    }
  }

  /** Every discrete family, plain and with the weights fixed, K = 2 and 3. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("org.em4j.engine.SquaremTest#discrete")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyDiscreteFamilyReachesThePlainEmOptimum(
      org.em4j.discrete.DiscreteFamily<?> family, Dataset data) {
    org.em4j.discrete.DiscreteFamily f = family;
    double tol = 1e-10;
    double n = data.totalWeight();
    // K = 3 over-fits; for bernoulli (4 columns) and categorical (3, 2 and 4 levels) DAAREM then
    // needs tens of thousands of passes (most proposals refused; docs/performance.md), too slow
    // for a unit test: those two are checked at K = 2 here, the bernoulli ridge below.
    int maxK =
        family instanceof org.em4j.discrete.BernoulliFamily
                || family instanceof org.em4j.discrete.CategoricalFamily
            ? 2
            : 3;
    for (int k = 2; k <= maxK; k++) {
      Object start;
      try (ChunkExecutor exec = ChunkExecutor.sequential()) {
        start = f.initialize(data, k, InitMethod.KMEANS_PLUSPLUS, new SplittableRandom(k), exec);
      }
      for (Set<String> fixed : List.of(Set.<String>of(), Set.of("weights"))) {
        String name = family.name() + " K=" + k + " fixed " + fixed;
        EmOptions o =
            options(Acceleration.DAAREM, tol).toBuilder().fixed(fixed).traceParameters(true).build();
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
          double[] w = ((org.em4j.discrete.DiscreteParameters) start).weights();
          List<Object> trace = fast.parameterTrace();
          for (int i = 1; i < trace.size(); i++) {
            assertArrayEquals(
                w, ((org.em4j.discrete.DiscreteParameters) trace.get(i)).weights(), 1e-15, name);
          }
        }
      }
    }
  }

  /**
   * The ridge of docs/performance.md: bernoulli with 4 columns at K = 3 (14 parameters for 15 cell
   * probabilities), where SQUAREM at tolerance 1e-10 stops 1e-7 per row below plain EM. DAAREM
   * must not end below plain EM (it ends higher, -1077.5625 against -1077.5804), with a monotone
   * trace.
   */
  @Test
  void onTheBernoulliRidgeItEndsNoLowerThanPlainEm() {
    Object[] args = SquaremTest.discrete().toArray(Object[]::new);
    Dataset data = null;
    for (Object o : args) {
      Object[] a = ((org.junit.jupiter.params.provider.Arguments) o).get();
      if (a[0] instanceof org.em4j.discrete.BernoulliFamily) {
        data = (Dataset) a[1];
      }
    }
    org.em4j.discrete.BernoulliFamily f = new org.em4j.discrete.BernoulliFamily();
    org.em4j.discrete.BernoulliParameters start;
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      start = f.initialize(data, 3, InitMethod.KMEANS_PLUSPLUS, new SplittableRandom(3), exec);
    }
    double tol = 1e-10;
    EmRun<org.em4j.discrete.BernoulliParameters> fast =
        run(f, data, start, options(Acceleration.DAAREM, tol));
    EmRun<org.em4j.discrete.BernoulliParameters> plain =
        run(f, data, start, options(Acceleration.NONE, tol));
    assertTrue(
        fast.logLikelihood() >= plain.logLikelihood() - tol * data.totalWeight(),
        fast.logLikelihood() + " < " + plain.logLikelihood());
    assertNonDecreasing(fast.logLikelihoodTrace(), "ridge");
  }

  @Test
  void restartsKeepTheBestRunAndCheckpointsAreRefused() {
    GaussianFamily f = new GaussianFamily(CovarianceType.DIAG);
    EmOptions o =
        EmOptions.builder()
            .components(3)
            .restarts(4)
            .seed(3)
            .threads(1)
            .acceleration(Acceleration.DAAREM)
            .build();
    FitResult<GaussianParameters> r;
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      r = EmEngine.fit(f, FAITHFUL, o, null, exec, IterationListener.none());
      double best = java.util.Arrays.stream(r.runLogLikelihoods()).max().orElseThrow();
      assertEquals(best, r.best().logLikelihood());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  EmEngine.fit(f, FAITHFUL, o, null, exec, IterationListener.none(),
                      new Checkpointer<GaussianParameters>() {
                        @Override
                        public void save(FitState<GaussianParameters> state) {}

                        @Override
                        public int every() {
                          return 1;
                        }
                      },
                      null));
      assertTrue(e.getMessage().contains("DAAREM"), e.getMessage());
    }
    assertEquals(Acceleration.DAAREM, Acceleration.parse("DAAREM"));
  }

  // ---- helpers ----

  private static double[] affine(double[][] a, double[] b, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = b[i];
      for (int j = 0; j < x.length; j++) {
        y[i] += a[i][j] * x[j];
      }
    }
    return y;
  }

  private static double[] minus(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] - b[i];
    }
    return c;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double det3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }

  private static double[][] replace(double[][] m, double[] b, int c) {
    double[][] out = new double[3][];
    for (int i = 0; i < 3; i++) {
      out[i] = m[i].clone();
      out[i][c] = b[i];
    }
    return out;
  }

  /** Solves {@code [[a11 + l, a12], [a12, a22 + l]] g = [b1, b2]} by Cramer's rule. */
  private static double[] solve2(double a11, double a12, double a22, double b1, double b2, double l) {
    double det = (a11 + l) * (a22 + l) - a12 * a12;
    return new double[] {(b1 * (a22 + l) - a12 * b2) / det, ((a11 + l) * b2 - a12 * b1) / det};
  }
}
