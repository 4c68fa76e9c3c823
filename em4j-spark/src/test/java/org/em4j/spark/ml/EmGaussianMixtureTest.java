package org.em4j.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ML estimator and model: in a Pipeline, against the local fit, saved and loaded. */
class EmGaussianMixtureTest {
  private static SparkSession spark;
  private static Dataset data;
  private static org.apache.spark.sql.Dataset<Row> frame;
  private static PipelineModel fitted;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("em4j-spark-ml-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    // Two weighted, correlated clusters in two dimensions.
    SplittableRandom random = new SplittableRandom(17);
    int n = 800;
    double[] v = new double[n * 2];
    double[] w = new double[n];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = i % 3 == 0 ? 1 : 0;
      double z = random.nextGaussian();
      v[2 * i] = 4 * c + z;
      v[2 * i + 1] = -2 * c + 0.5 * z + random.nextGaussian();
      w[i] = 1 + random.nextInt(3);
      rows.add(RowFactory.create(v[2 * i], v[2 * i + 1], w[i]));
    }
    data = Dataset.of(v, n, 2).withWeights(w);
    frame =
        spark.createDataFrame(
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3),
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("a", DataTypes.DoubleType, false),
                    DataTypes.createStructField("b", DataTypes.DoubleType, false),
                    DataTypes.createStructField("w", DataTypes.DoubleType, false))));
    fitted = pipeline(estimator()).fit(frame); // once: each test reads it
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Pipeline pipeline(EmGaussianMixture gmm) {
    VectorAssembler assembler =
        new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features");
    return new Pipeline().setStages(new PipelineStage[] {assembler, gmm});
  }

  private static EmGaussianMixture estimator() {
    return new EmGaussianMixture()
        .setK(2)
        .setCovarianceType("tied")
        .setMaxIter(10)
        .setTol(0)
        .setSeed(5)
        .setWeightCol("w");
  }

  @Test
  void fitsInAPipelineLikeTheLocalFitter() {
    EmMixtureModel stage = (EmMixtureModel) fitted.stages()[1];
    @SuppressWarnings("unchecked")
    MixtureModel<GaussianParameters> actual = (MixtureModel<GaussianParameters>) stage.model();
    GaussianFamily family = new GaussianFamily(CovarianceType.TIED);
    MixtureModel<GaussianParameters> expected =
        new MixtureFitter<>(
                family,
                EmOptions.builder().components(2).maxIterations(10).tolerance(0).seed(5).build())
            .fit(data);
    double ll = Math.abs(expected.fit().logLikelihood() - actual.fit().logLikelihood());
    assertTrue(ll <= 1e-9 * Math.abs(expected.fit().logLikelihood()), "log-likelihood " + ll);
    double[] a = family.flatten(expected.parameters());
    double[] b = family.flatten(actual.parameters());
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-9 * Math.abs(a[i]), "parameter " + i);
    }
    assertEquals(List.of("a", "b"), actual.columnNames());
    assertEquals(data.totalWeight(), actual.fit().totalWeight(), 1e-9);
    assertEquals(2, stage.k());
  }

  @Test
  void transformAddsTheModelsOwnPredictionsAndProbabilities() {
    EmMixtureModel stage = (EmMixtureModel) fitted.stages()[1];
    List<Row> out = fitted.transform(frame).select("prediction", "probability").collectAsList();
    int[] labels = stage.model().predict(data);
    double[][] proba = stage.model().predictProba(data);
    assertEquals(data.rows(), out.size());
    for (int i = 0; i < out.size(); i++) {
      assertEquals(labels[i], out.get(i).getInt(0), "row " + i);
      assertArrayEquals(proba[i], ((Vector) out.get(i).get(1)).toArray(), 0.0, "row " + i);
    }
    // Only one of the two columns when the other's name is empty.
    EmMixtureModel renamed =
        stage.copy(new ParamMap()).setProbabilityCol("").setPredictionCol("component");
    org.apache.spark.sql.Dataset<Row> features = fitted.stages()[0].transform(frame);
    org.apache.spark.sql.Dataset<Row> labelled = renamed.transform(features);
    assertEquals(
        List.of("a", "b", "w", "features", "component"), List.of(labelled.columns()));
    assertEquals(labels[5], labelled.collectAsList().get(5).getInt(4));
  }

  @Test
  void savedPipelineLoadsBackWithTheEm4jModelFileInside(@TempDir Path dir) throws Exception {
    EmMixtureModel stage = (EmMixtureModel) fitted.stages()[1];
    String path = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    EmMixtureModel again = (EmMixtureModel) loaded.stages()[1];
    assertEquals(stage.uid(), again.uid());
    assertEquals(ModelFile.toJson(stage.model()), ModelFile.toJson(again.model()));
    assertEquals("prediction", again.getOrDefault(again.predictionCol()));
    // The model part is the em4j model file, as the command line reads it.
    List<Path> files;
    try (var walk = Files.walk(dir)) {
      files = walk.filter(p -> p.getFileName().toString().equals("em4j-model.json")).toList();
    }
    assertEquals(1, files.size());
    MixtureModel<?> fromFile = ModelFile.read(files.get(0));
    assertEquals(ModelFile.toJson(stage.model()), ModelFile.toJson(fromFile));
    List<Row> before = fitted.transform(frame).select("probability").collectAsList();
    List<Row> after = loaded.transform(frame).select("probability").collectAsList();
    assertEquals(before, after);
  }

  @Test
  void savedEstimatorKeepsItsParams(@TempDir Path dir) throws Exception {
    EmGaussianMixture gmm = estimator().setRestarts(3).setInitMode("random-points");
    String path = dir.resolve("gmm").toString();
    gmm.save(path);
    EmGaussianMixture again = EmGaussianMixture.load(path);
    assertEquals(gmm.uid(), again.uid());
    assertEquals(2, again.getOrDefault(again.k()));
    assertEquals("tied", again.getOrDefault(again.covarianceType()));
    assertEquals(3, again.getOrDefault(again.restarts()));
    assertEquals("random-points", again.getOrDefault(again.initMode()));
    assertEquals("w", again.getOrDefault(again.weightCol()));
    assertEquals(0.0, again.getOrDefault(again.tol()));
    assertTrue(again.isSet(again.k()));
    assertTrue(!again.isSet(again.featuresCol()));
  }

  @Test
  void estimatorSavedBeforeTheSharedBaseStillLoads(@TempDir Path dir) throws Exception {
    // The metadata an EmGaussianMixture of its own (before MixtureEstimator) wrote, by hand in
    // the layout of Spark's DefaultParamsWriter: its 14 params, no family or inputCols.
    String meta =
        "{\"class\":\"org.em4j.spark.ml.EmGaussianMixture\",\"timestamp\":1,"
            + "\"sparkVersion\":\"4.0.1\",\"uid\":\"em4jGmm_0123456789ab\","
            + "\"paramMap\":{\"k\":3,\"covarianceType\":\"diag\",\"tol\":0.0,\"seed\":7,"
            + "\"weightCol\":\"w\",\"restarts\":2,\"initMode\":\"random\"},"
            + "\"defaultParamMap\":{\"featuresCol\":\"features\",\"predictionCol\":\"prediction\","
            + "\"probabilityCol\":\"probability\",\"weightCol\":\"\",\"k\":2,"
            + "\"covarianceType\":\"full\",\"maxIter\":1000,\"tol\":1.0E-6,\"seed\":0,"
            + "\"restarts\":1,\"initMode\":\"kmeans++\",\"initSampleSize\":100000,"
            + "\"regParam\":1.0E-6,\"aggregationDepth\":2}}";
    Path saved = dir.resolve("old-gmm");
    Files.createDirectories(saved.resolve("metadata"));
    Files.writeString(saved.resolve("metadata").resolve("part-00000"), meta + "\n");
    EmGaussianMixture again = EmGaussianMixture.load(saved.toString());
    assertEquals("em4jGmm_0123456789ab", again.uid());
    assertEquals(3, again.getOrDefault(again.k()));
    assertEquals("diag", again.getOrDefault(again.covarianceType()));
    assertEquals(0.0, again.getOrDefault(again.tol()));
    assertEquals(7L, again.getOrDefault(again.seed()));
    assertEquals(2, again.getOrDefault(again.restarts()));
    assertEquals("random", again.getOrDefault(again.initMode()));
    assertEquals("w", again.getOrDefault(again.weightCol()));
    assertEquals(1000, again.getOrDefault(again.maxIter()));
    assertTrue(!again.isSet(again.maxIter()));
    // The Gaussian estimator has exactly these params: none of EmMixture's own.
    List<String> names = new ArrayList<>();
    for (var p : again.params()) {
      names.add(p.name());
    }
    assertEquals(
        List.of(
            "aggregationDepth", "covarianceType", "featuresCol", "initMode", "initSampleSize",
            "k", "maxIter", "predictionCol", "probabilityCol", "regParam", "restarts", "seed",
            "tol", "weightCol"),
        names.stream().sorted().toList());
    assertTrue(new EmGaussianMixture().uid().startsWith("em4jGmm_"));
    // The copy is the same class, with the same uid and params.
    EmGaussianMixture copy = again.copy(new ParamMap());
    assertEquals(again.uid(), copy.uid());
    assertEquals("diag", copy.getOrDefault(copy.covarianceType()));
  }

  @Test
  void badParamsAndColumnsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new EmGaussianMixture().setK(0));
    assertThrows(
        IllegalArgumentException.class, () -> new EmGaussianMixture().setCovarianceType("round"));
    assertThrows(IllegalArgumentException.class, () -> new EmGaussianMixture().setTol(-1));
    IllegalArgumentException noFeatures =
        assertThrows(IllegalArgumentException.class, () -> new EmGaussianMixture().fit(frame));
    assertEquals("no features column 'features' (columns: a, b, w)", noFeatures.getMessage());
    IllegalArgumentException notVector =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EmGaussianMixture().setFeaturesCol("a").fit(frame));
    assertEquals("features column 'a' holds double, not vectors", notVector.getMessage());
  }
}
