package org.em4j.gaussian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;

/**
 * Old Faithful, two full-covariance components: em4j with 10 restarts reaches the maximum that
 * scikit-learn (50 restarts, reg_covar 1e-6, like em4j) and mclust (no regularisation) report.
 *
 * <p>Against scikit-learn the tolerance is 1e-6 absolute: both maximise the same function, and
 * both stop on a change of the mean log-likelihood below 1e-10 here. Against mclust it is 1e-3
 * absolute: mclust maximises the unregularised likelihood, whose maximum is higher by an amount
 * second order in 1e-6 (measured 9e-9 when these goldens were written), so 1e-3 is honest slack
 * for a different function and a different stopping rule, not a fudge for a real difference.
 */
class OldFaithfulTest {

  @Test
  void tenRestartsReachTheMaximumLikelihoodOfScikitLearnAndMclust() throws IOException {
    Dataset data = SklearnGoldenTest.csv("faithful.csv", CsvReader.Header.AUTO);
    assertEquals(272, data.rows());
    assertEquals(java.util.List.of("eruptions", "waiting"), data.columnNames());
    JsonNode sklearn = SklearnGoldenTest.json("sklearn_faithful.json");
    JsonNode mclust = SklearnGoldenTest.json("mclust_faithful.json");

    EmOptions options =
        EmOptions.builder()
            .components(2)
            .restarts(10)
            .seed(2024)
            .tolerance(1e-10)
            .maxIterations(10_000)
            .build();
    MixtureModel<GaussianParameters> model =
        new MixtureFitter<>(new GaussianFamily(CovarianceType.FULL), options).fit(data);
    double ll = model.fit().logLikelihood();
    double skl = sklearn.get("logLikelihood").asDouble();
    double mcl = mclust.get("logLikelihood").asDouble();
    assertTrue(model.fit().converged(), "converged");
    assertEquals(skl, ll, 1e-6, "scikit-learn's maximum (same regularisation)");
    assertEquals(mcl, ll, 1e-3, "mclust's maximum (no regularisation)");
    assertTrue(ll <= mcl + 1e-9, "the regularised maximum is not above the unregularised one");

    // The maximum is the well-known short/long eruptions split.
    GaussianParameters p = model.parameters();
    int shortOnes = p.mean(0)[0] < p.mean(1)[0] ? 0 : 1;
    JsonNode weights = sklearn.get("weights");
    JsonNode means = sklearn.get("means");
    for (int c = 0; c < 2; c++) {
      int ours = c == 0 ? shortOnes : 1 - shortOnes;
      assertEquals(weights.get(c).asDouble(), p.weight(ours), 1e-5, "weight " + c);
      for (int j = 0; j < 2; j++) {
        assertEquals(
            means.get(c).get(j).asDouble(), p.mean(ours)[j], 1e-4, "mean " + c + ", " + j);
      }
    }
  }
}
