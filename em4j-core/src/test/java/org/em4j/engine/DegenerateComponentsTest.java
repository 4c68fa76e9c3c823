package org.em4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Degenerate components are detected at the iteration they appear, under every policy, and no
 * result holds NaN or an invalid parameter. Two textbook ways to degenerate (McLachlan and Peel
 * 2000, 3.10): a component started far from every row loses all its weight at the first M-step;
 * a component started on an isolated row collapses onto it (its covariance becomes the
 * regularisation alone).
 */
class DegenerateComponentsTest {

  /** Two clusters of 100 rows around (0,0) and (8,8), and one isolated row at (40, -40). */
  static Dataset data() {
    SplittableRandom rnd = new SplittableRandom(1);
    double[] v = new double[201 * 2];
    for (int i = 0; i < 200; i++) {
      double c = i < 100 ? 0 : 8;
      v[2 * i] = c + rnd.nextGaussian();
      v[2 * i + 1] = c + rnd.nextGaussian();
    }
    v[400] = 40;
    v[401] = -40;
    return Dataset.of(v, 201, 2);
  }

  static GaussianParameters start(double[] third, double thirdVariance) {
    return GaussianParameters.fromFull(
        CovarianceType.FULL,
        new double[] {0.45, 0.45, 0.1},
        new double[][] {{0.5, 0.5}, {7, 7}, third},
        new double[][][] {
          {{2, 0}, {0, 2}}, {{2, 0}, {0, 2}}, {{thirdVariance, 0}, {0, thirdVariance}}
        });
  }

  static MixtureModel<GaussianParameters> fit(GaussianParameters start, DegeneratePolicy policy) {
    EmOptions o =
        EmOptions.builder().components(start.components()).maxIterations(60).tolerance(1e-10)
            .threads(1).onDegenerate(policy).seed(3).build();
    return new MixtureFitter<>(new GaussianFamily(CovarianceType.FULL), o).fit(data(), start);
  }

  static void assertValid(MixtureModel<GaussianParameters> m) {
    GaussianFamily f = new GaussianFamily(CovarianceType.FULL);
    for (double v : f.flatten(m.parameters())) {
      assertTrue(Double.isFinite(v), "a parameter is " + v);
    }
    assertTrue(Double.isFinite(m.fit().logLikelihood()));
    // the model file holds the events and reads back
    MixtureModel<?> back = ModelFile.fromTree(ModelFile.toTree(m), "m");
    assertEquals(m.fit().degenerateEvents(), back.fit().degenerateEvents());
  }

  @Test
  void aComponentStartedFarAwayLosesItsWeightAtTheFirstIteration() {
    MixtureModel<GaussianParameters> m = fit(start(new double[] {-300, 300}, 1), DegeneratePolicy.WARN);
    List<DegenerateEvent> ev = m.fit().degenerateEvents();
    assertTrue(!ev.isEmpty(), "detected");
    assertEquals(1, ev.get(0).iteration(), "at the iteration it happened");
    assertEquals(2, ev.get(0).component());
    assertTrue(ev.get(0).reason().contains("below one row"), ev.get(0).reason());
    assertValid(m);
  }

  @Test
  void aComponentStartedOnAnIsolatedRowCollapsesOntoIt() {
    MixtureModel<GaussianParameters> m = fit(start(new double[] {40, -40}, 1e-4), DegeneratePolicy.WARN);
    DegenerateEvent first = m.fit().degenerateEvents().get(0);
    assertEquals(1, first.iteration());
    assertEquals(2, first.component());
    assertTrue(first.reason().contains("collapsed"), first.reason());
    // warn keeps the component: its covariance is the regularisation, valid but singular in spirit
    assertEquals(3, m.parameters().components());
    assertEquals(1e-6, m.parameters().covariance(2)[0], 1e-12);
    assertEquals(1, m.fit().degenerateEvents().size(), "reported once, not at every iteration");
    assertTrue(m.fit().iterations() > 1);
    assertValid(m);
  }

  @ParameterizedTest
  @EnumSource(DegeneratePolicy.class)
  void everyPolicyDetectsTheCollapseAndReturnsAValidModelOrFails(DegeneratePolicy policy) {
    GaussianParameters s = start(new double[] {40, -40}, 1e-4);
    if (policy == DegeneratePolicy.FAIL) {
      DegenerateFitException e = assertThrows(DegenerateFitException.class, () -> fit(s, policy));
      assertTrue(e.getMessage().contains("component 3") && e.getMessage().contains("iteration 1"),
          e.getMessage());
      return;
    }
    MixtureModel<GaussianParameters> m = fit(s, policy);
    DegenerateEvent first = m.fit().degenerateEvents().get(0);
    assertEquals(1, first.iteration());
    assertValid(m);
    switch (policy) {
      case DROP -> {
        assertEquals(2, m.parameters().components(), "the collapsed component is gone");
        assertTrue(first.action().equals("dropped"));
        // the two clusters remain, each with about half of the rows
        assertEquals(0.5, m.parameters().weight(0), 0.02);
      }
      case REINIT -> {
        assertEquals(3, m.parameters().components());
        assertTrue(first.action().equals("reinitialised"));
        // the same seed reinitialises the same way
        assertEquals(
            ModelFile.toJson(m), ModelFile.toJson(fit(s, policy)), "reproducible");
      }
      default -> assertEquals(3, m.parameters().components());
    }
  }

  @Test
  void dropOnThreadsAndCheckpointsIsReproducible() {
    GaussianParameters s = start(new double[] {40, -40}, 1e-4);
    EmOptions o = EmOptions.builder().components(3).maxIterations(40).tolerance(0)
        .onDegenerate(DegeneratePolicy.REINIT).seed(9).chunkRows(16).build();
    GaussianFamily f = new GaussianFamily(CovarianceType.FULL);
    String one = ModelFile.toJson(new MixtureFitter<>(f, o.toBuilder().threads(1).build()).fit(data(), s));
    String eight = ModelFile.toJson(new MixtureFitter<>(f, o.toBuilder().threads(8).build()).fit(data(), s));
    assertEquals(one, eight);
  }
}
