package org.em4j.gaussian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.IterationListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exact observed-data EM against an independent reference: {@code scripts/golden/missing_em.py},
 * a row-by-row NumPy/SciPy implementation with full matrices for every covariance type, run for a
 * fixed number of iterations from the same start on 150 rows with about 20 % of cells missing.
 */
class MissingDataGoldenTest {
  private static final double TOLERANCE = 1e-8;
  private static JsonNode golden;
  private static Dataset data;

  @BeforeAll
  static void load() throws IOException {
    Path file =
        Path.of(System.getProperty("basedir", "."))
            .resolve("../scripts/golden/missing-em.json")
            .normalize();
    golden = new ObjectMapper().readTree(file.toFile());
    data = dataset(golden.get("data"));
  }

  static Dataset dataset(JsonNode rows) {
    int n = rows.size();
    int d = rows.get(0).size();
    double[] v = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        JsonNode c = rows.get(i).get(j);
        v[i * d + j] = c.isNull() ? Double.NaN : c.asDouble();
      }
    }
    return Dataset.of(v, n, d);
  }

  static GaussianParameters parameters(CovarianceType type, JsonNode p) {
    int k = p.get("weights").size();
    int d = p.get("means").get(0).size();
    double[] w = new double[k];
    double[][] mu = new double[k][d];
    double[][][] cov = new double[k][d][d];
    for (int c = 0; c < k; c++) {
      w[c] = p.get("weights").get(c).asDouble();
      for (int i = 0; i < d; i++) {
        mu[c][i] = p.get("means").get(c).get(i).asDouble();
        for (int j = 0; j < d; j++) {
          cov[c][i][j] = p.get("covariances").get(c).get(i).get(j).asDouble();
        }
      }
    }
    return GaussianParameters.fromFull(type, w, mu, cov);
  }

  private static JsonNode entry(CovarianceType type) {
    return golden.get("types").get(type.label());
  }

  private static EmRun<GaussianParameters> run(CovarianceType type, int threads, int chunkRows) {
    GaussianFamily family = new GaussianFamily(type, golden.get("reg").asDouble());
    GaussianParameters start = parameters(type, entry(type).get("start"));
    EmOptions options =
        EmOptions.builder()
            .components(start.components())
            .tolerance(0)
            .maxIterations(golden.get("iterations").asInt())
            .chunkRows(chunkRows)
            .build();
    try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
      return EmEngine.run(family, data, start, options, exec, 0, IterationListener.none());
    }
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void logLikelihoodAtEveryIterationMatchesTheReference(CovarianceType type) {
    EmRun<GaussianParameters> run = run(type, 1, ChunkExecutor.DEFAULT_CHUNK_ROWS);
    JsonNode expected = entry(type).get("logLikelihoods");
    List<Double> actual = run.logLikelihoodTrace();
    assertEquals(expected.size(), actual.size());
    for (int t = 0; t < actual.size(); t++) {
      double e = expected.get(t).asDouble();
      assertEquals(e, actual.get(t), TOLERANCE * Math.abs(e), "iteration " + t);
    }
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void parametersAfterTheIterationsMatchTheReference(CovarianceType type) {
    GaussianParameters actual = run(type, 1, ChunkExecutor.DEFAULT_CHUNK_ROWS).parameters();
    GaussianParameters expected = parameters(type, entry(type).get("final"));
    int k = expected.components();
    int d = expected.dimension();
    for (int c = 0; c < k; c++) {
      assertRelative(expected.weight(c), actual.weight(c), "weight " + c);
      double[] em = expected.mean(c);
      double[] am = actual.mean(c);
      double[] ec = expected.covariance(c);
      double[] ac = actual.covariance(c);
      for (int i = 0; i < d; i++) {
        assertRelative(em[i], am[i], "mean " + c + "," + i);
        for (int j = 0; j < d; j++) {
          // Off-diagonal entries relative to the scale of their row and column.
          double scale = Math.sqrt(ec[i * d + i] * ec[j * d + j]);
          assertEquals(ec[i * d + j], ac[i * d + j], TOLERANCE * scale, "cov " + c + "," + i + "," + j);
        }
      }
    }
  }

  private static void assertRelative(double expected, double actual, String what) {
    assertEquals(expected, actual, TOLERANCE * Math.abs(expected), what);
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void conditionalExpectationsMatchTheReference(CovarianceType type) {
    GaussianParameters p = parameters(type, entry(type).get("final"));
    double[] imputed = GaussianImputer.conditionalMeans(p, data);
    JsonNode expected = entry(type).get("imputed");
    int d = data.columns();
    for (int i = 0; i < data.rows(); i++) {
      for (int j = 0; j < d; j++) {
        double e = expected.get(i).get(j).asDouble();
        if (Double.isNaN(data.get(i, j))) {
          assertEquals(e, imputed[i * d + j], TOLERANCE * Math.max(1, Math.abs(e)), "row " + i);
        } else {
          assertEquals(data.get(i, j), imputed[i * d + j], 0.0, "observed value changed");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void logLikelihoodNeverDecreases(CovarianceType type) {
    List<Double> trace = run(type, 1, ChunkExecutor.DEFAULT_CHUNK_ROWS).logLikelihoodTrace();
    for (int t = 1; t < trace.size(); t++) {
      assertTrue(
          trace.get(t) >= trace.get(t - 1) - 1e-9 * Math.abs(trace.get(t - 1)),
          "iteration " + t + ": " + trace.get(t - 1) + " -> " + trace.get(t));
    }
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void resultDoesNotDependOnTheNumberOfThreads(CovarianceType type) {
    EmRun<GaussianParameters> one = run(type, 1, 16);
    EmRun<GaussianParameters> three = run(type, 3, 16);
    assertEquals(one.logLikelihoodTrace(), three.logLikelihoodTrace());
    assertEquals(one.parameters(), three.parameters());
  }
}
