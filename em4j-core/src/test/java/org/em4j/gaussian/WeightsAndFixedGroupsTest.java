package org.em4j.gaussian;

import static org.em4j.testing.Reference.assertClose;
import static org.em4j.testing.Reference.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.testing.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Row weights and fixed parameter groups, each against an independent reference. */
class WeightsAndFixedGroupsTest {

  private static GaussianParameters start(CovarianceType type) {
    double[][] cov = {{1, 0.1, 0}, {0.1, 1, 0}, {0, 0, 1}};
    double[][] diag = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    double[][] c = type == CovarianceType.FULL || type == CovarianceType.TIED ? cov : diag;
    return GaussianParameters.fromFull(
        type,
        new double[] {0.3, 0.3, 0.4},
        new double[][] {{0, 0, 0}, {2, 1, -1}, {-1, 3, 2}},
        new double[][][] {c, c, c});
  }

  private static MixtureModel<GaussianParameters> fit(
      CovarianceType type, Dataset data, Set<String> fixed, int iterations) {
    EmOptions options =
        EmOptions.builder()
            .components(3)
            .maxIterations(iterations)
            .tolerance(0)
            .fixed(fixed)
            .threads(1)
            .build();
    return new MixtureFitter<>(new GaussianFamily(type), options).fit(data, start(type));
  }

  /** A row of weight 3 is three copies of the row; a row of weight 0 is no row at all. */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void integerWeightsEqualRepeatedRows(CovarianceType type) {
    Dataset base = Reference.threeBlobs(51, 200);
    int d = base.columns();
    double[] weights = new double[base.rows()];
    List<double[]> repeated = new java.util.ArrayList<>();
    for (int i = 0; i < base.rows(); i++) {
      weights[i] = i % 4; // 0, 1, 2, 3
      for (int r = 0; r < weights[i]; r++) {
        repeated.add(base.row(i));
      }
    }
    MixtureModel<GaussianParameters> weighted =
        fit(type, base.withWeights(weights), Set.of(), 30);
    MixtureModel<GaussianParameters> copies =
        fit(type, Dataset.ofRows(repeated.toArray(new double[0][])), Set.of(), 30);
    GaussianParameters a = weighted.parameters();
    GaussianParameters b = copies.parameters();
    assertClose(b.weights(), a.weights(), 1e-10, 1, "weights");
    assertClose(b.means(), a.means(), 1e-10, Reference.maxAbs(b.means()), "means");
    assertClose(
        b.compactCovariances(), a.compactCovariances(), 1e-10,
        Reference.maxAbs(b.compactCovariances()), "covariances");
    assertRelative(copies.fit().logLikelihood(), weighted.fit().logLikelihood(), 1e-10, "ll");
    assertEquals(repeated.size(), weighted.fit().totalWeight());
    assertEquals(base.rows(), weighted.fit().samples());
    assertEquals(
        copies.fit().bic(), weighted.fit().bic(), 1e-9 * Math.abs(copies.fit().bic()),
        "BIC uses the total weight as n");
    assertEquals(d, a.dimension());
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void fixedGroupsKeepTheirStartingValuesAndEmStillClimbs(CovarianceType type) {
    Dataset data = Reference.threeBlobs(52, 300);
    GaussianParameters s = start(type);
    for (String group : List.of("weights", "means", "covariances")) {
      MixtureModel<GaussianParameters> m = fit(type, data, Set.of(group), 40);
      GaussianParameters p = m.parameters();
      switch (group) {
        case "weights" -> assertArrayEquals(s.weights(), p.weights(), 0.0);
        case "means" -> assertArrayEquals(s.means(), p.means(), 0.0);
        default -> assertArrayEquals(s.compactCovariances(), p.compactCovariances(), 0.0);
      }
      List<Double> trace = m.fit().logLikelihoodTrace();
      for (int i = 1; i < trace.size(); i++) {
        assertTrue(
            trace.get(i) >= trace.get(i - 1) - 1e-9 * Math.abs(trace.get(i - 1)),
            group + " fixed, iteration " + i + ": " + trace.get(i - 1) + " -> " + trace.get(i));
      }
      assertTrue(trace.get(trace.size() - 1) > trace.get(0), group + " fixed: made progress");
    }
    GaussianFamily family = new GaussianFamily(type);
    int k = 3;
    int d = 3;
    int cov = type.freeParameters(k, d);
    assertEquals((k - 1) + k * d + cov, family.freeParameters(s, Set.of()));
    assertEquals(k * d + cov, family.freeParameters(s, Set.of("weights")));
    assertEquals(k - 1, family.freeParameters(s, Set.of("means", "covariances")));
  }

  /**
   * With one component and the mean held at {@code m0}, the covariance is the second moment
   * about {@code m0}: {@code S + (xbar - m0)(xbar - m0)' + reg I}.
   */
  @Test
  void aFixedMeanGivesTheSecondMomentAboutIt() {
    Dataset data = Reference.threeBlobs(53, 250);
    int n = data.rows();
    double[] m0 = {0.5, -0.25, 1.0};
    double[][] expected = new double[3][3];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          expected[a][b] += (data.get(i, a) - m0[a]) * (data.get(i, b) - m0[b]) / n;
        }
      }
    }
    double[] flat = new double[9];
    for (int a = 0; a < 3; a++) {
      expected[a][a] += 1e-6;
      System.arraycopy(expected[a], 0, flat, a * 3, 3);
    }
    GaussianParameters s =
        GaussianParameters.fromFull(
            CovarianceType.FULL, new double[] {1}, new double[][] {m0},
            new double[][][] {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}});
    MixtureModel<GaussianParameters> m =
        new MixtureFitter<>(
                new GaussianFamily(CovarianceType.FULL),
                EmOptions.builder().maxIterations(3).tolerance(0).fixed(Set.of("means")).build())
            .fit(data, s);
    assertArrayEquals(m0, m.parameters().mean(0), 0.0);
    assertClose(flat, m.parameters().covariance(0), 1e-12, Reference.maxAbs(flat), "covariance");
  }
}
