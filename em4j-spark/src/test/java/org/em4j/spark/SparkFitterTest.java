package org.em4j.spark;

import static org.em4j.spark.SparkTestSupport.frame;
import static org.em4j.spark.SparkTestSupport.maxRelativeDifference;
import static org.em4j.spark.SparkTestSupport.mixture;
import static org.em4j.spark.SparkTestSupport.relative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Spark fit against the local fit (the independent reference: the same family code driven by
 * the in-memory engine on one machine) from the same start, for a fixed number of iterations.
 */
class SparkFitterTest {
  private static final double TOLERANCE = 1e-9;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.session();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static EmOptions options(int k, int iterations) {
    return EmOptions.builder().components(k).tolerance(0).maxIterations(iterations).seed(7).build();
  }

  private static MixtureModel<GaussianParameters> local(
      GaussianFamily family, EmOptions options, Dataset data, GaussianParameters start) {
    return new MixtureFitter<>(family, options).fit(data, start);
  }

  private static MixtureModel<GaussianParameters> onSpark(
      GaussianFamily family, EmOptions options, Dataset data, int partitions, GaussianParameters start) {
    try (SparkData sd = SparkData.fromColumns(frame(spark, data, partitions), List.of(), data.hasWeights() ? "w" : null, "test")) {
      return new SparkFitter<>(family, options).fit(sd, start);
    }
  }

  private static void assertAgree(
      MixtureModel<GaussianParameters> expected, MixtureModel<GaussianParameters> actual, double tol) {
    GaussianFamily family = (GaussianFamily) expected.family();
    double ll = relative(expected.fit().logLikelihood(), actual.fit().logLikelihood());
    assertTrue(ll <= tol, "log-likelihoods differ by " + ll + " relative");
    double p = maxRelativeDifference(
        family.flatten(expected.parameters()), family.flatten(actual.parameters()));
    assertTrue(p <= tol, "parameters differ by " + p + " relative");
    assertEquals(expected.fit().iterations(), actual.fit().iterations());
    assertEquals(expected.fit().eSteps(), actual.fit().eSteps());
  }

  /** kmeans++ on all rows (the sample is the whole data, in order): the local start exactly. */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void sameStartSameFitAsLocalForEveryCovarianceType(CovarianceType type) {
    Dataset data = mixture(1500, 3, false, 11);
    GaussianFamily family = new GaussianFamily(type);
    EmOptions options = options(3, 12);
    MixtureModel<GaussianParameters> expected = local(family, options, data, null);
    MixtureModel<GaussianParameters> actual = onSpark(family, options, data, 3, null);
    assertAgree(expected, actual, TOLERANCE);
    List<Double> a = expected.fit().logLikelihoodTrace();
    List<Double> b = actual.fit().logLikelihoodTrace();
    assertEquals(13, b.size());
    for (int i = 0; i < a.size(); i++) {
      assertTrue(relative(a.get(i), b.get(i)) <= TOLERANCE, "trace differs at iteration " + i);
    }
  }

  @Test
  void givenStartAndWeightedRowsAgreeWithLocal() {
    Dataset data = mixture(1200, 2, true, 5);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start =
        local(family, options(3, 0), data, null).parameters(); // the kmeans++ start itself
    EmOptions options = options(3, 10);
    MixtureModel<GaussianParameters> expected = local(family, options, data, start);
    MixtureModel<GaussianParameters> actual = onSpark(family, options, data, 4, start);
    assertAgree(expected, actual, TOLERANCE);
    assertEquals("given", actual.fit().init());
    assertEquals(data.totalWeight(), actual.fit().totalWeight(), 1e-9 * data.totalWeight());
    assertEquals(1200, actual.fit().samples());
  }

  @Test
  void resultsDoNotDependOnThePartitionCount() {
    Dataset data = mixture(1200, 4, true, 3);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    EmOptions options = options(3, 6);
    MixtureModel<GaussianParameters> one = onSpark(family, options, data, 1, null);
    for (int partitions : new int[] {3, 8}) {
      assertAgree(one, onSpark(family, options, data, partitions, null), 1e-11);
    }
  }

  @Test
  void restartsKeepTheBestRunAsLocally() {
    Dataset data = mixture(900, 2, false, 21);
    GaussianFamily family = new GaussianFamily(CovarianceType.DIAG);
    EmOptions options =
        EmOptions.builder().components(4).restarts(3).init(InitMethod.RANDOM).seed(99)
            .tolerance(0).maxIterations(8).build();
    MixtureModel<GaussianParameters> expected = local(family, options, data, null);
    MixtureModel<GaussianParameters> actual = onSpark(family, options, data, 2, null);
    assertAgree(expected, actual, TOLERANCE);
    assertEquals(expected.fit().bestRestart(), actual.fit().bestRestart());
    List<Double> a = expected.fit().runLogLikelihoods();
    List<Double> b = actual.fit().runLogLikelihoods();
    assertEquals(3, b.size());
    for (int r = 0; r < 3; r++) {
      assertTrue(relative(a.get(r), b.get(r)) <= TOLERANCE, "run " + r);
    }
  }

  @Test
  void convergesWithATolerance() {
    Dataset data = mixture(1000, 2, false, 8);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    EmOptions options = EmOptions.builder().components(3).tolerance(1e-8).seed(1).build();
    MixtureModel<GaussianParameters> expected = local(family, options, data, null);
    MixtureModel<GaussianParameters> actual = onSpark(family, options, data, 3, null);
    assertTrue(actual.fit().converged());
    assertTrue(actual.fit().iterations() < EmOptions.DEFAULT_MAX_ITERATIONS);
    assertEquals(expected.fit().iterations(), actual.fit().iterations());
    assertAgree(expected, actual, 1e-8);
  }

  @Test
  void fixedWeightsStayFixed() {
    Dataset data = mixture(800, 2, false, 4);
    GaussianFamily family = new GaussianFamily(CovarianceType.SPHERICAL);
    GaussianParameters start = local(family, options(3, 0), data, null).parameters();
    EmOptions options = options(3, 6).toBuilder().fixed(Set.of("weights")).build();
    MixtureModel<GaussianParameters> actual = onSpark(family, options, data, 2, start);
    assertEquals(start.weights()[0], actual.parameters().weights()[0], 1e-15);
    assertAgree(local(family, options, data, start), actual, TOLERANCE);
  }

  @Test
  void parameterTraceIsKept() {
    Dataset data = mixture(600, 2, false, 9);
    GaussianFamily family = new GaussianFamily(CovarianceType.TIED);
    EmOptions options = options(2, 5).toBuilder().traceParameters(true).build();
    MixtureModel<GaussianParameters> expected = local(family, options, data, null);
    MixtureModel<GaussianParameters> actual = onSpark(family, options, data, 2, null);
    assertEquals(6, actual.parameterTrace().size());
    for (int i = 0; i < 6; i++) {
      double p = maxRelativeDifference(
          family.flatten(expected.parameterTrace().get(i)),
          family.flatten(actual.parameterTrace().get(i)));
      assertTrue(p <= TOLERANCE, "iteration " + i + " differs by " + p);
    }
  }

  @Test
  void aVectorColumnGivesTheSameFitAsNumericColumns() {
    Dataset data = mixture(700, 3, false, 12);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    EmOptions options = options(3, 6);
    org.apache.spark.sql.Dataset<Row> df = frame(spark, data, 3);
    org.apache.spark.sql.Dataset<Row> vectors =
        new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"}).setOutputCol("v")
            .transform(df);
    MixtureModel<GaussianParameters> fromColumns;
    try (SparkData sd = SparkData.fromColumns(df, List.of("x1", "x2", "x3"), null, "t")) {
      fromColumns = new SparkFitter<>(family, options).fit(sd);
    }
    try (SparkData sd = SparkData.fromVectors(vectors, "v", null, "t")) {
      assertEquals(List.of("x1", "x2", "x3"), sd.columnNames());
      MixtureModel<GaussianParameters> fromVectors = new SparkFitter<>(family, options).fit(sd);
      // The same rows and partitions; Spark merges partitions in no fixed order: rounding only.
      assertAgree(fromColumns, fromVectors, 1e-12);
    }
  }

  @Test
  void aSampledStartStillFitsTheData() {
    Dataset data = mixture(3000, 2, false, 30);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    EmOptions options = EmOptions.builder().components(3).restarts(2).seed(3).build();
    try (SparkData sd = SparkData.fromColumns(frame(spark, data, 4), List.of(), null, "t")) {
      Dataset sample = sd.sample(500, 3);
      assertTrue(sample.rows() > 350 && sample.rows() < 650, "sample of " + sample.rows());
      MixtureModel<GaussianParameters> model =
          new SparkFitter<>(family, options).initSampleRows(500).fit(sd);
      MixtureModel<GaussianParameters> reference = local(family, options, data, null);
      // Both reach the same maximum of this well-separated mixture from different starts.
      assertTrue(relative(reference.fit().logLikelihood(), model.fit().logLikelihood()) < 1e-6);
    }
  }

  @Test
  void badCellsAreReportedWithPartitionRowAndColumn() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(
          RowFactory.create((double) i, i == 7 ? Double.POSITIVE_INFINITY : (double) (i * i)));
    }
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    try (SparkData sd = SparkData.fromColumns(twoColumns(rows), List.of(), null, "cells.parquet")) {
      InputException e =
          assertThrows(InputException.class, () -> new SparkFitter<>(family, options(2, 3)).fit(sd));
      assertEquals(
          "cells.parquet partition 0 row 8, column 'b' holds an infinite value (Infinity), which a"
              + " Gaussian mixture cannot use",
          e.getMessage());
    }
  }

  @Test
  void aNullCellIsAMissingValueAndFitsAsLocally() {
    List<Row> rows = new ArrayList<>();
    double[] values = new double[40];
    for (int i = 0; i < 20; i++) {
      double a = i % 2 == 0 ? i * 0.1 : 5 + i * 0.1;
      double b = i % 2 == 0 ? 1 + 0.05 * i * i % 3 : 7 - 0.1 * i;
      values[2 * i] = a;
      values[2 * i + 1] = i == 7 ? Double.NaN : b;
      rows.add(RowFactory.create(a, i == 7 ? null : b));
    }
    GaussianFamily family = new GaussianFamily(CovarianceType.DIAG);
    org.em4j.mixture.MixtureModel<org.em4j.gaussian.GaussianParameters> local =
        new org.em4j.mixture.MixtureFitter<>(family, options(2, 3))
            .fit(org.em4j.data.Dataset.of(values, 20, 2));
    try (SparkData sd = SparkData.fromColumns(twoColumns(rows), List.of(), null, "cells.parquet")) {
      double ll = new SparkFitter<>(family, options(2, 3)).fit(sd).fit().logLikelihood();
      assertEquals(local.fit().logLikelihood(), ll, 1e-9 * Math.abs(ll));
    }
  }

  private org.apache.spark.sql.Dataset<Row> twoColumns(List<Row> rows) {
    return spark
        .createDataFrame(
            rows,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("a", DataTypes.DoubleType, true),
                    DataTypes.createStructField("b", DataTypes.DoubleType, true))))
        .coalesce(1);
  }


  @Test
  void badColumnsAndWeightsAreReported() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(RowFactory.create((double) i, "s" + i, i == 4 ? -1.0 : 1.0));
    }
    org.apache.spark.sql.Dataset<Row> df =
        spark.createDataFrame(
            rows,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("a", DataTypes.DoubleType, true),
                    DataTypes.createStructField("s", DataTypes.StringType, true),
                    DataTypes.createStructField("w", DataTypes.DoubleType, true))))
            .coalesce(1);
    InputException missing =
        assertThrows(InputException.class, () -> SparkData.fromColumns(df, List.of("zz"), null, "f"));
    assertEquals("f: has no column 'zz' (its columns: a, s, w)", missing.getMessage());
    InputException text =
        assertThrows(InputException.class, () -> SparkData.fromColumns(df, List.of("s"), null, "f"));
    // A text column is parsed cell by cell as the local CSV reader parses it.
    assertEquals(
        "f partition 0 row 1, column 's': 's0' is not a number (choose numeric columns with"
            + " --columns)",
        text.getMessage());
    org.apache.spark.sql.Dataset<Row> numbersAsText =
        spark.createDataFrame(
            List.of(RowFactory.create("1.5"), RowFactory.create("NA"), RowFactory.create(" -2 ")),
            DataTypes.createStructType(
                List.of(DataTypes.createStructField("t", DataTypes.StringType, true))))
            .coalesce(1);
    try (SparkData parsed = SparkData.fromColumns(numbersAsText, List.of("t"), null, "f")) {
      double[] v = parsed.sample(10, 0).values();
      assertEquals(1.5, v[0]);
      assertTrue(Double.isNaN(v[1]));
      assertEquals(-2.0, v[2]);
    }
    InputException weight =
        assertThrows(InputException.class, () -> SparkData.fromColumns(df, List.of("a"), "w", "f"));
    assertEquals(
        "f partition 0 row 5: the weight is -1.0 (weights must be finite and >= 0)",
        weight.getMessage());
    InputException vectors =
        assertThrows(InputException.class, () -> SparkData.fromVectors(df, "a", null, "f"));
    assertFalse(vectors.getMessage().isEmpty());
  }
}
