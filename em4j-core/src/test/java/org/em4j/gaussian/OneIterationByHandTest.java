package org.em4j.gaussian;

import static org.em4j.testing.Reference.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One EM iteration of a two-component univariate mixture on five rows, worked out by hand: the
 * responsibilities from the densities (not log densities), then the weighted counts, means and
 * variances. The literal numbers in the comments were computed once more in Python's float
 * arithmetic, and are asserted too.
 */
class OneIterationByHandTest {
  private static final double[] X = {-2.0, -0.5, 0.5, 1.0, 3.0};
  private static final double REG = 1e-6;

  private static double density(double x, double mean, double var) {
    return Math.exp(-(x - mean) * (x - mean) / (2 * var)) / Math.sqrt(2 * Math.PI * var);
  }

  /** What one iteration gives, computed from the textbook formulas. */
  private record ByHand(
      double[][] resp, double[] weights, double[] means, double[] vars, double tiedVar,
      double startLl) {}

  private static ByHand byHand(double[] w, double[] mu, double[] var) {
    int n = X.length;
    double[][] r = new double[n][2];
    double startLl = 0;
    for (int i = 0; i < n; i++) {
      double j0 = w[0] * density(X[i], mu[0], var[0]);
      double j1 = w[1] * density(X[i], mu[1], var[1]);
      r[i][0] = j0 / (j0 + j1);
      r[i][1] = j1 / (j0 + j1);
      startLl += Math.log(j0 + j1);
    }
    double[] nk = new double[2];
    double[] means = new double[2];
    for (int c = 0; c < 2; c++) {
      double sx = 0;
      for (int i = 0; i < n; i++) {
        nk[c] += r[i][c];
        sx += r[i][c] * X[i];
      }
      means[c] = sx / nk[c];
    }
    double[] vars = new double[2];
    double pooled = 0;
    for (int c = 0; c < 2; c++) {
      double ss = 0;
      for (int i = 0; i < n; i++) {
        ss += r[i][c] * (X[i] - means[c]) * (X[i] - means[c]);
      }
      vars[c] = ss / nk[c] + REG;
      pooled += ss;
    }
    return new ByHand(
        r, new double[] {nk[0] / n, nk[1] / n}, means, vars, pooled / n + REG, startLl);
  }

  private static double logLikelihood(double[] w, double[] mu, double[] var) {
    double ll = 0;
    for (double x : X) {
      ll += Math.log(w[0] * density(x, mu[0], var[0]) + w[1] * density(x, mu[1], var[1]));
    }
    return ll;
  }

  private static MixtureModel<GaussianParameters> oneIteration(
      CovarianceType type, double[] w, double[] mu, double[] var) {
    double[][][] covs = {{{var[0]}}, {{var[1]}}};
    GaussianParameters start =
        GaussianParameters.fromFull(type, w, new double[][] {{mu[0]}, {mu[1]}}, covs);
    EmOptions options =
        EmOptions.builder().components(2).maxIterations(1).tolerance(0).threads(1).build();
    return new MixtureFitter<>(new GaussianFamily(type, REG), options)
        .fit(Dataset.of(X.clone(), X.length, 1), start);
  }

  /** In one dimension full, diag and spherical are the same model; each has its own code. */
  @ParameterizedTest
  @EnumSource(value = CovarianceType.class, names = {"FULL", "DIAG", "SPHERICAL"})
  void oneIterationMatchesTheHandComputation(CovarianceType type) {
    double[] w = {0.4, 0.6};
    double[] mu = {-1, 2};
    double[] var = {1, 2};
    ByHand e = byHand(w, mu, var);

    // Responsibilities of component 1 under the start (Python: 0.96896486739829..,
    // 0.79876742340559.., 0.34946503861238.., 0.14077214920298.., 0.00040594310512..).
    double[] python = {
      0.9689648673982986, 0.7987674234055905, 0.3494650386123869, 0.14077214920298123,
      0.0004059431051217395
    };
    GaussianParameters start =
        GaussianParameters.fromFull(
            type, w, new double[][] {{-1}, {2}}, new double[][][] {{{1}}, {{2}}});
    double[][] proba =
        new MixtureModel<>(new GaussianFamily(type, REG), start, null, null, null)
            .predictProba(Dataset.of(X.clone(), X.length, 1));
    for (int i = 0; i < X.length; i++) {
      assertRelative(python[i], e.resp()[i][0], 1e-14, "hand responsibility " + i);
      assertRelative(e.resp()[i][0], proba[i][0], 1e-13, "predictProba row " + i);
      assertRelative(e.resp()[i][1], proba[i][1], 1e-13, "predictProba row " + i + ", comp 2");
    }
    assertRelative(0.4516750843448758, e.weights()[0], 1e-14, "hand weight");
    assertRelative(-0.8947099446964552, e.means()[0], 1e-14, "hand mean 1");
    assertRelative(1.4664994545692516, e.means()[1], 1e-14, "hand mean 2");
    assertRelative(1.1067702210337824, e.vars()[0], 1e-14, "hand variance 1");
    assertRelative(1.567123784979484, e.vars()[1], 1e-14, "hand variance 2");

    MixtureModel<GaussianParameters> model = oneIteration(type, w, mu, var);
    GaussianParameters p = model.parameters();
    assertEquals(1, model.fit().iterations());
    for (int c = 0; c < 2; c++) {
      assertRelative(e.weights()[c], p.weight(c), 1e-13, "weight " + c);
      assertRelative(e.means()[c], p.mean(c)[0], 1e-13, "mean " + c);
      assertRelative(e.vars()[c], p.covariance(c)[0], 1e-13, "variance " + c);
    }
    // The trace holds the start's log-likelihood, then the new parameters'.
    assertEquals(2, model.fit().logLikelihoodTrace().size());
    assertRelative(-9.848671983877564, e.startLl(), 1e-14, "hand start log-likelihood");
    assertRelative(e.startLl(), model.fit().logLikelihoodTrace().get(0), 1e-13, "start ll");
    double ll1 = logLikelihood(e.weights(), e.means(), e.vars());
    assertRelative(-9.560042419919075, ll1, 1e-14, "hand log-likelihood after one step");
    assertRelative(ll1, model.fit().logLikelihood(), 1e-13, "log-likelihood after one step");
    assertEquals(model.fit().logLikelihood(), model.fit().logLikelihoodTrace().get(1));
  }

  @Test
  void oneTiedIterationPoolsTheVarianceOverComponents() {
    double[] w = {0.4, 0.6};
    double[] mu = {-1, 2};
    double[] var = {1.5, 1.5};
    ByHand e = byHand(w, mu, var);
    assertRelative(0.484533914407497, e.weights()[0], 1e-14, "hand weight");
    assertRelative(-0.8194468943721076, e.means()[0], 1e-14, "hand mean 1");
    assertRelative(1.5462701303869768, e.means()[1], 1e-14, "hand mean 2");
    assertRelative(1.3421854493880903, e.tiedVar(), 1e-14, "hand pooled variance");

    MixtureModel<GaussianParameters> model = oneIteration(CovarianceType.TIED, w, mu, var);
    GaussianParameters p = model.parameters();
    for (int c = 0; c < 2; c++) {
      assertRelative(e.weights()[c], p.weight(c), 1e-13, "weight " + c);
      assertRelative(e.means()[c], p.mean(c)[0], 1e-13, "mean " + c);
      assertRelative(e.tiedVar(), p.covariance(c)[0], 1e-13, "variance " + c);
    }
    assertRelative(-9.877223828954705, e.startLl(), 1e-14, "hand start log-likelihood");
    assertRelative(e.startLl(), model.fit().logLikelihoodTrace().get(0), 1e-13, "start ll");
    double ll1 = logLikelihood(e.weights(), e.means(), new double[] {e.tiedVar(), e.tiedVar()});
    assertRelative(-9.576623164058129, ll1, 1e-14, "hand log-likelihood after one step");
    assertRelative(ll1, model.fit().logLikelihood(), 1e-13, "log-likelihood after one step");
  }
}
