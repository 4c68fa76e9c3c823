package org.em4j.gaussian;

import static org.em4j.testing.Reference.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.testing.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every fit must have, checked on random data for many seeds. */
class EmPropertiesTest {

  static Stream<Arguments> typesAndSeeds() {
    return Stream.of(CovarianceType.values())
        .flatMap(t -> Stream.of(1L, 2L, 3L, 4L, 5L).map(s -> Arguments.of(t, s)));
  }

  /**
   * EM never lowers the log-likelihood (Dempster, Laird and Rubin 1977, theorem 1). Checked with
   * no regularisation, where the theorem holds exactly, allowing only rounding (1e-12 relative),
   * from random responsibilities so the runs start far from a maximum.
   */
  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("typesAndSeeds")
  void emNeverLowersTheLogLikelihood(CovarianceType type, long seed) {
    Dataset data = Reference.threeBlobs(100 + seed, 300);
    EmOptions options =
        EmOptions.builder()
            .components(3)
            .maxIterations(150)
            .tolerance(0)
            .init(InitMethod.RANDOM)
            .seed(seed)
            .threads(1)
            .build();
    MixtureModel<GaussianParameters> model =
        new MixtureFitter<>(new GaussianFamily(type, 0), options).fit(data);
    List<Double> trace = model.fit().logLikelihoodTrace();
    assertEquals(151, trace.size());
    assertTrue(trace.get(trace.size() - 1) > trace.get(0), "the fit made progress");
    for (int i = 1; i < trace.size(); i++) {
      double before = trace.get(i - 1);
      double after = trace.get(i);
      assertTrue(
          after >= before - 1e-12 * Math.abs(before),
          type + " seed " + seed + ": iteration " + i + " lowered the log-likelihood from "
              + before + " to " + after);
    }
  }

  /**
   * With scikit-learn's regularisation (1e-6 on the diagonal) the M-step is no longer the exact
   * maximiser, so a decrease is possible in principle; it must stay far below anything that
   * matters (1e-9 relative).
   */
  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("typesAndSeeds")
  void withTheDefaultRegularisationTheLogLikelihoodStillDoesNotFall(
      CovarianceType type, long seed) {
    Dataset data = Reference.threeBlobs(200 + seed, 300);
    EmOptions options =
        EmOptions.builder().components(3).maxIterations(100).tolerance(0).seed(seed).threads(1)
            .init(InitMethod.RANDOM_POINTS).build();
    List<Double> trace =
        new MixtureFitter<>(new GaussianFamily(type), options).fit(data).fit().logLikelihoodTrace();
    for (int i = 1; i < trace.size(); i++) {
      assertTrue(
          trace.get(i) >= trace.get(i - 1) - 1e-9 * Math.abs(trace.get(i - 1)),
          type + " seed " + seed + ": iteration " + i + ": " + trace.get(i - 1) + " -> "
              + trace.get(i));
    }
  }

  /**
   * predictProba rows sum to 1, predict is their argmax, and scoreSamples is the log of the sum
   * of the weighted component densities, computed here with Gauss-Jordan inverses and LU
   * determinants.
   */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void predictionsAgreeWithTheDensitiesComputedIndependently(CovarianceType type) {
    Dataset data = Reference.threeBlobs(11, 400);
    MixtureModel<GaussianParameters> model =
        new MixtureFitter<>(
                new GaussianFamily(type),
                EmOptions.builder().components(3).seed(5).restarts(2).threads(1).build())
            .fit(data);
    GaussianParameters p = model.parameters();
    int k = p.components();
    int d = p.dimension();
    Dataset test = Reference.threeBlobs(12, 200);
    double[][] proba = model.predictProba(test);
    int[] labels = model.predict(test);
    double[] scores = model.scoreSamples(test);
    double total = 0;
    for (int i = 0; i < test.rows(); i++) {
      double sum = 0;
      int argmax = 0;
      for (int c = 0; c < k; c++) {
        assertTrue(proba[i][c] >= 0 && proba[i][c] <= 1, "a probability");
        sum += proba[i][c];
        if (proba[i][c] > proba[i][argmax]) {
          argmax = c;
        }
      }
      assertEquals(1.0, sum, 1e-14, "row " + i + " responsibilities sum");
      assertEquals(argmax, labels[i], "predict is the most probable component");

      double[] joint = new double[k];
      double mixture = 0;
      for (int c = 0; c < k; c++) {
        joint[c] =
            p.weight(c)
                * Reference.normalDensity(test.row(i), p.mean(c), Reference.square(p.covariance(c), d));
        mixture += joint[c];
      }
      assertRelative(Math.log(mixture), scores[i], 1e-12, "scoreSamples row " + i);
      for (int c = 0; c < k; c++) {
        assertEquals(joint[c] / mixture, proba[i][c], 1e-12, "responsibility " + i + ", " + c);
      }
      total += scores[i];
    }
    assertRelative(total, model.logLikelihood(test), 1e-14, "logLikelihood is the sum");
    assertRelative(total / test.rows(), model.score(test), 1e-14, "score is the mean");
    int params = model.freeParameters();
    assertRelative(-2 * total + params * Math.log(test.rows()), model.bic(test), 1e-14, "bic");
    assertRelative(-2 * total + 2 * params, model.aic(test), 1e-14, "aic");
  }
}
