package org.em4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.ModelFile;
import org.em4j.testing.Reference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fit, save, load: the same model; sample, fit: the model that was sampled. */
class RoundTripTest {

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void aSavedModelLoadsBackBitForBit(CovarianceType type, @TempDir Path dir) {
    Dataset data = Reference.threeBlobs(31, 500);
    MixtureModel<GaussianParameters> model =
        new MixtureFitter<>(
                new GaussianFamily(type),
                EmOptions.builder().components(3).seed(8).restarts(2).build())
            .fit(data);
    Path file = dir.resolve("model.json");
    ModelFile.write(model, file);
    MixtureModel<?> loaded = ModelFile.read(file);

    assertEquals(model.parameters(), loaded.parameters(), "parameters, bit for bit");
    assertEquals(model.columnNames(), loaded.columnNames());
    assertEquals(model.fit(), loaded.fit(), "the fit block");
    GaussianFamily family = (GaussianFamily) loaded.family();
    assertEquals(type, family.covarianceType());
    assertEquals(GaussianFamily.DEFAULT_REGULARIZATION, family.regularization());

    Dataset test = Reference.threeBlobs(32, 300);
    assertArrayEquals(model.predict(test), loaded.predict(test));
    assertTrue(
        Arrays.deepEquals(model.predictProba(test), loaded.predictProba(test)), "predictProba");
    assertArrayEquals(model.scoreSamples(test), loaded.scoreSamples(test), 0.0);
    assertEquals(model.logLikelihood(test), loaded.logLikelihood(test));

    // Writing the loaded model gives the same file.
    Path again = dir.resolve("again.json");
    ModelFile.write(loaded, again);
    assertEquals(ModelFile.toJson(model), ModelFile.toJson(loaded));
  }

  /**
   * Many models with random weights (which rarely sum to exactly 1.0 in floating point) through
   * the JSON text and back: the parameters and the scores must be bit-identical every time.
   */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void randomModelsSurviveTheJsonTextBitForBit(CovarianceType type) throws Exception {
    java.util.SplittableRandom random = new java.util.SplittableRandom(type.ordinal());
    Dataset rows = Dataset.of(new double[] {0.1, -0.2, 0.3, 1.4, 2.5, -0.6}, 2, 3);
    for (int trial = 0; trial < 300; trial++) {
      int k = 1 + random.nextInt(7);
      double[] w = new double[k];
      double sum = 0;
      for (int c = 0; c < k; c++) {
        w[c] = random.nextDouble(0.01, 1);
        sum += w[c];
      }
      double[][] means = new double[k][3];
      double[][][] covs = new double[k][3][3];
      double tiedVar = random.nextDouble(0.5, 2);
      for (int c = 0; c < k; c++) {
        w[c] /= sum;
        for (int j = 0; j < 3; j++) {
          means[c][j] = random.nextGaussian();
        }
        double v = type == CovarianceType.TIED ? tiedVar : random.nextDouble(0.5, 2);
        for (int j = 0; j < 3; j++) {
          covs[c][j][j] = type == CovarianceType.DIAG ? v + j * 0.1 : v;
        }
        if (type == CovarianceType.FULL || type == CovarianceType.TIED) {
          covs[c][0][1] = covs[c][1][0] = 0.1 * v;
        }
      }
      GaussianParameters p = GaussianParameters.fromFull(type, w, means, covs);
      MixtureModel<GaussianParameters> model =
          new MixtureModel<>(new GaussianFamily(type), p, null, null, null);
      String json = ModelFile.toJson(model);
      MixtureModel<?> loaded =
          ModelFile.fromTree(ModelFile.mapper().readTree(json), "trial " + trial);
      assertEquals(p, loaded.parameters(), "trial " + trial + ": " + Arrays.toString(w));
      assertArrayEquals(model.scoreSamples(rows), loaded.scoreSamples(rows), 0.0);
    }
  }

  /**
   * Draw 20000 rows from a known model and fit it again: every estimate must lie within five
   * standard errors of the truth (complete-data standard errors: weight {@code sqrt(w(1-w)/n)},
   * mean {@code sqrt(S_jj / n_c)}, covariance {@code sqrt((S_ii S_jj + S_ij^2) / n_c)}; the
   * components are far apart, so the missing labels cost little).
   */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void fittingASampleRecoversTheModel(CovarianceType type) {
    double[] weights = {0.3, 0.7};
    double[][] means = {{-3, 1}, {3, -1}};
    double[][][] covs =
        switch (type) {
          case FULL -> new double[][][] {{{1, 0.5}, {0.5, 2}}, {{0.5, -0.2}, {-0.2, 0.4}}};
          case TIED -> new double[][][] {{{1, 0.3}, {0.3, 0.6}}, {{1, 0.3}, {0.3, 0.6}}};
          case DIAG -> new double[][][] {{{1, 0}, {0, 2}}, {{0.5, 0}, {0, 0.3}}};
          case SPHERICAL -> new double[][][] {{{1.5, 0}, {0, 1.5}}, {{0.4, 0}, {0, 0.4}}};
        };
    GaussianParameters truth = GaussianParameters.fromFull(type, weights, means, covs);
    GaussianFamily family = new GaussianFamily(type);
    int n = 20_000;
    MixtureModel.Sample sample =
        new MixtureModel<>(family, truth, null, null, null).sample(n, 99);
    assertEquals(n, sample.data().rows());

    MixtureModel<GaussianParameters> fitted =
        new MixtureFitter<>(family, EmOptions.builder().components(2).seed(1).build())
            .fit(sample.data());
    GaussianParameters p = fitted.parameters();
    int first = p.mean(0)[0] < p.mean(1)[0] ? 0 : 1;
    for (int c = 0; c < 2; c++) {
      int f = c == 0 ? first : 1 - first;
      double w = weights[c];
      double nc = n * w;
      assertWithin(w, p.weight(f), 5 * Math.sqrt(w * (1 - w) / n), "weight " + c);
      double[] cov = p.covariance(f);
      for (int i = 0; i < 2; i++) {
        assertWithin(
            means[c][i], p.mean(f)[i], 5 * Math.sqrt(covs[c][i][i] / nc), "mean " + c + "," + i);
        for (int j = 0; j < 2; j++) {
          double se = Math.sqrt((covs[c][i][i] * covs[c][j][j] + covs[c][i][j] * covs[c][i][j]) / nc);
          if (type == CovarianceType.TIED) {
            se = Math.sqrt((covs[c][i][i] * covs[c][j][j] + covs[c][i][j] * covs[c][i][j]) / n);
          } else if (type == CovarianceType.SPHERICAL) {
            se = se / Math.sqrt(2); // the mean of two variances
          }
          assertWithin(covs[c][i][j], cov[i * 2 + j], 5 * se, "covariance " + c + "," + i + j);
        }
      }
    }
  }

  private static void assertWithin(double expected, double actual, double bound, String what) {
    assertTrue(
        Math.abs(actual - expected) <= bound,
        what + ": expected " + expected + " +- " + bound + " but was " + actual);
  }
}
