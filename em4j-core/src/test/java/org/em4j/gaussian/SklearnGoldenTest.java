package org.em4j.gaussian;

import static org.em4j.testing.Reference.assertClose;
import static org.em4j.testing.Reference.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.testing.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * em4j against scikit-learn 1.2.1: the same data, the same start and the same number of EM
 * iterations (25, tolerance 0, reg_covar 1e-6) must give the same parameters and log-likelihood
 * to 1e-8 relative, for every covariance type. The goldens are written by {@code
 * scripts/golden/sklearn_gmm.py}.
 *
 * <p>"Relative" is per entry, against {@code max(|expected|, scale)}, where the scale is 1 for
 * weights, the largest |mean| for means and the largest entry of that component's covariance for
 * covariances, so entries near zero (off-diagonal covariances) are not held to an impossible
 * standard.
 */
class SklearnGoldenTest {
  private static final double TOL = 1e-8;

  static Stream<String> goldens() {
    return Stream.of("sklearn_d3_k3", "sklearn_d1_k2")
        .flatMap(
            tag -> Stream.of("full", "diag", "spherical", "tied").map(t -> tag + "_" + t + ".json"));
  }

  static JsonNode json(String resource) throws IOException {
    try (InputStream in = SklearnGoldenTest.class.getResourceAsStream("/golden/" + resource)) {
      if (in == null) {
        throw new IOException("no test resource golden/" + resource);
      }
      return new ObjectMapper().readTree(in);
    }
  }

  static Dataset csv(String resource, CsvReader.Header header) throws IOException {
    try (InputStream in = SklearnGoldenTest.class.getResourceAsStream("/" + resource);
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return new CsvReader().header(header).read(r, resource);
    }
  }

  static double[] vector(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).doubleValue();
    }
    return v;
  }

  static double[][] matrix(JsonNode a) {
    double[][] m = new double[a.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(a.get(i));
    }
    return m;
  }

  static double[][][] matrices(JsonNode a) {
    double[][][] m = new double[a.size()][][];
    for (int i = 0; i < m.length; i++) {
      m[i] = matrix(a.get(i));
    }
    return m;
  }

  static double[] flat(double[][] m) {
    return Stream.of(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void sameParametersAndLogLikelihoodAsScikitLearn(String golden) throws IOException {
    JsonNode g = json(golden);
    Dataset data = csv("golden/" + g.get("data").asText(), CsvReader.Header.NO);
    assertEquals(g.get("rows").asInt(), data.rows());
    assertEquals(g.get("dimension").asInt(), data.columns());
    CovarianceType type = CovarianceType.parse(g.get("covarianceType").asText());
    int k = g.get("components").asInt();
    int d = data.columns();
    JsonNode start = g.get("start");
    GaussianParameters from =
        GaussianParameters.fromFull(
            type,
            vector(start.get("weights")),
            matrix(start.get("means")),
            matrices(start.get("covariances")));

    EmOptions options =
        EmOptions.builder()
            .components(k)
            .maxIterations(g.get("maxIterations").asInt())
            .tolerance(g.get("tolerance").asDouble())
            .threads(1)
            .build();
    MixtureModel<GaussianParameters> model =
        new MixtureFitter<>(
                new GaussianFamily(type, g.get("regularization").asDouble()), options)
            .fit(data, from);
    assertEquals(g.get("result").get("iterations").asInt(), model.fit().iterations());

    JsonNode r = g.get("result");
    GaussianParameters p = model.parameters();
    double[] weights = vector(r.get("weights"));
    double[][] means = matrix(r.get("means"));
    double[][][] covs = matrices(r.get("covariances"));
    assertClose(weights, p.weights(), TOL, 1, golden + ": weights");
    double meanScale = Reference.maxAbs(flat(means));
    for (int c = 0; c < k; c++) {
      assertClose(means[c], p.mean(c), TOL, meanScale, golden + ": mean " + c);
      double[] cov = flat(covs[c]);
      assertClose(cov, p.covariance(c), TOL, Reference.maxAbs(cov), golden + ": covariance " + c);
    }
    assertEquals(d * d, p.covariance(0).length);
    assertRelative(
        r.get("logLikelihood").asDouble(), model.fit().logLikelihood(), TOL, golden + ": ll");
  }
}
