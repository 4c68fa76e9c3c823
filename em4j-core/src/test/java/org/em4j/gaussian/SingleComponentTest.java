package org.em4j.gaussian;

import static org.em4j.testing.Reference.assertClose;
import static org.em4j.testing.Reference.assertRelative;

import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.testing.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With one component EM has nothing latent: the fit must be the closed-form maximum-likelihood
 * Gaussian (mean, biased covariance, plus the regularisation on the diagonal, in the structure of
 * the covariance type), and its log-likelihood the closed-form Gaussian log-likelihood.
 */
class SingleComponentTest {
  private static final double REG = 1e-6;

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void oneComponentIsTheClosedFormMaximumLikelihoodGaussian(CovarianceType type) {
    Dataset data = Reference.threeBlobs(7, 400);
    int n = data.rows();
    int d = data.columns();

    // Two-pass mean and biased covariance.
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += data.get(i, j);
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] s = new double[d][d];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          s[a][b] += (data.get(i, a) - mean[a]) * (data.get(i, b) - mean[b]) / n;
        }
      }
    }
    double[][] expected = new double[d][d];
    switch (type) {
      case FULL, TIED -> {
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            expected[a][b] = s[a][b] + (a == b ? REG : 0);
          }
        }
      }
      case DIAG -> {
        for (int a = 0; a < d; a++) {
          expected[a][a] = s[a][a] + REG;
        }
      }
      case SPHERICAL -> {
        double v = 0;
        for (int a = 0; a < d; a++) {
          v += s[a][a] / d;
        }
        for (int a = 0; a < d; a++) {
          expected[a][a] = v + REG;
        }
      }
      default -> throw new AssertionError(type);
    }
    double expectedLl = 0;
    for (int i = 0; i < n; i++) {
      expectedLl += Math.log(Reference.normalDensity(data.row(i), mean, expected));
    }

    MixtureModel<GaussianParameters> model =
        new MixtureFitter<>(
                new GaussianFamily(type, REG),
                EmOptions.builder().components(1).seed(3).threads(1).build())
            .fit(data);

    GaussianParameters p = model.parameters();
    assertRelative(1.0, p.weight(0), 0, "weight");
    assertClose(mean, p.mean(0), 1e-12, Reference.maxAbs(mean), "mean");
    double[] flat = new double[d * d];
    for (int a = 0; a < d; a++) {
      System.arraycopy(expected[a], 0, flat, a * d, d);
    }
    assertClose(flat, p.covariance(0), 1e-12, Reference.maxAbs(flat), type + " covariance");
    assertRelative(expectedLl, model.fit().logLikelihood(), 1e-12, "log-likelihood");
    assertRelative(expectedLl, model.logLikelihood(data), 1e-12, "model.logLikelihood");
  }
}
