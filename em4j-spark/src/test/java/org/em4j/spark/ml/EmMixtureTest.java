package org.em4j.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.data.Levels;
import org.em4j.data.TextTable;
import org.em4j.discrete.BernoulliFamily;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.PoissonFamily;
import org.em4j.engine.EmOptions;
import org.em4j.engine.Statistics;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link EmMixture} estimator for the discrete families, in local Spark: its fit against the
 * in-memory engine's fit of the same rows (the reference: same k-means++ start, since Spark's
 * start sample is every row in partition order; 1e-9 relative in log-likelihood and parameters),
 * its transform against the local model's own posterior probabilities, ML persistence of the
 * model (the em4j model file inside) and of the estimator, and Pipelines (with VectorAssembler;
 * with StringIndexer, whose level names the model takes from the vector's attributes).
 */
class EmMixtureTest {
  private static final double TOLERANCE = 1e-9;
  private static final int ITERATIONS = 12;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("em4j-mixture-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * A family's rows as a DataFrame, the estimator that reads them, and the same rows as the
   * in-memory data set with the family the local engine fits.
   */
  record Case(
      String name,
      org.apache.spark.sql.Dataset<Row> frame,
      EmMixture estimator,
      Dataset local,
      MixtureFamily<?, ?> family) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static org.apache.spark.sql.Dataset<Row> frame(
      List<Row> rows, List<String> names, DataType type) {
    List<StructField> fields = new ArrayList<>();
    for (String n : names) {
      fields.add(DataTypes.createStructField(n, type, true));
    }
    return spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3),
        DataTypes.createStructType(fields));
  }

  private static EmMixture estimator(String family) {
    return new EmMixture().setFamily(family).setK(2).setTol(0).setMaxIter(ITERATIONS).setSeed(9);
  }

  /** Heads out of 8..19 tosses (a trials column), coins p = 0.3 and 0.8, weights 1..3. */
  static Case binomial() {
    SplittableRandom random = new SplittableRandom(61);
    int n = 400;
    double[] v = new double[2 * n];
    double[] w = new double[n];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double p = random.nextDouble() < 0.4 ? 0.3 : 0.8;
      int t = 8 + random.nextInt(12);
      int s = 0;
      for (int j = 0; j < t; j++) {
        s += random.nextDouble() < p ? 1 : 0;
      }
      v[2 * i] = s;
      v[2 * i + 1] = t;
      w[i] = 1 + random.nextInt(3);
      rows.add(RowFactory.create((double) s, (double) t, w[i]));
    }
    Dataset local = new Dataset(v, n, 2, List.of("heads", "tosses"), w, "binomial");
    int[] count = new int[20];
    for (int i = 0; i < n; i++) {
      count[(int) v[2 * i + 1]]++;
    }
    int usual = 0;
    for (int t = 0; t < count.length; t++) {
      usual = count[t] > count[usual] ? t : usual; // the smallest of the most frequent
    }
    return new Case(
        "binomial, inputCols + trialsCol + weightCol",
        frame(rows, List.of("heads", "tosses", "w"), DataTypes.DoubleType),
        estimator("binomial").setInputCols("heads").setTrialsCol("tosses").setWeightCol("w"),
        local,
        new BinomialFamily(usual));
  }

  /** Single 0/1 trials per row (numTrials 1) from a features vector: the three-coin data. */
  static Case binomialOneTrial() {
    SplittableRandom random = new SplittableRandom(62);
    int n = 300;
    double[] v = new double[2 * n];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double s = random.nextDouble() < (i % 3 == 0 ? 0.9 : 0.25) ? 1 : 0;
      v[2 * i] = s;
      v[2 * i + 1] = 1;
      rows.add(RowFactory.create(s));
    }
    org.apache.spark.sql.Dataset<Row> df =
        new VectorAssembler().setInputCols(new String[] {"flip"}).setOutputCol("features")
            .transform(frame(rows, List.of("flip"), DataTypes.DoubleType));
    return new Case(
        "binomial, features vector + numTrials",
        df,
        estimator("binomial"),
        new Dataset(v, n, 2, List.of("successes", "trials"), null, "one trial"),
        new BinomialFamily(1));
  }

  /** Five 0/1 items through VectorAssembler. */
  static Case bernoulli() {
    SplittableRandom random = new SplittableRandom(63);
    double[][] profiles = {{0.9, 0.8, 0.1, 0.3, 0.6}, {0.2, 0.3, 0.85, 0.7, 0.5}};
    int n = 500;
    int d = 5;
    double[] v = new double[n * d];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] p = profiles[random.nextDouble() < 0.35 ? 0 : 1];
      Object[] r = new Object[d];
      for (int j = 0; j < d; j++) {
        v[i * d + j] = random.nextDouble() < p[j] ? 1 : 0;
        r[j] = v[i * d + j];
      }
      rows.add(RowFactory.create(r));
    }
    List<String> names = List.of("q1", "q2", "q3", "q4", "q5");
    org.apache.spark.sql.Dataset<Row> df =
        new VectorAssembler().setInputCols(names.toArray(new String[0])).setOutputCol("features")
            .transform(frame(rows, names, DataTypes.DoubleType));
    return new Case(
        "bernoulli, features vector",
        df,
        estimator("bernoulli"),
        new Dataset(v, n, d, names, null, "bernoulli"),
        new BernoulliFamily());
  }

  /** Three integer count columns with NULL cells, read through inputCols. */
  static Case poisson() {
    SplittableRandom random = new SplittableRandom(64);
    double[][] rates = {{1, 7, 3}, {6, 2, 3}};
    int n = 500;
    int d = 3;
    double[] v = new double[n * d];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] r = rates[random.nextDouble() < 0.5 ? 0 : 1];
      Object[] cells = new Object[d];
      for (int j = 0; j < d; j++) {
        boolean missing = (i * d + j) % 43 == 0;
        int x = draw(random, r[j]);
        v[i * d + j] = missing ? Double.NaN : x;
        cells[j] = missing ? null : x;
      }
      rows.add(RowFactory.create(cells));
    }
    List<String> names = List.of("a", "b", "c");
    return new Case(
        "poisson, integer inputCols with NULLs",
        frame(rows, names, DataTypes.IntegerType),
        estimator("poisson").setInputCols("a", "b", "c"),
        new Dataset(v, n, d, names, null, "poisson"),
        new PoissonFamily());
  }

  /** Text columns with NA and NULL cells; the local side learns its levels from the same CSV. */
  static Case categorical() {
    SplittableRandom random = new SplittableRandom(65);
    String[] colours = {"red", "green", "blue"};
    String[] sizes = {"9", "10", "100"};
    String[] answers = {"yes", "no"};
    StringBuilder csv = new StringBuilder("colour,size,answer\n");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      boolean first = random.nextDouble() < 0.4;
      String colour = colours[pick(random, first ? new double[] {0.7, 0.2, 0.1} : new double[] {0.1, 0.3, 0.6})];
      String size = sizes[pick(random, first ? new double[] {0.6, 0.3, 0.1} : new double[] {0.2, 0.2, 0.6})];
      String answer = answers[pick(random, first ? new double[] {0.8, 0.2} : new double[] {0.3, 0.7})];
      if (i % 23 == 4) {
        colour = "NA";
      }
      if (i % 29 == 6) {
        size = null;
      }
      csv.append(colour).append(',').append(size == null ? "" : size).append(',').append(answer)
          .append('\n');
      rows.add(RowFactory.create(colour, size, answer));
    }
    TextTable table;
    try {
      table = TextTable.read(new StringReader(csv.toString()), "cat.csv", ',', CsvReader.Header.YES);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int[] columns = {0, 1, 2};
    Levels levels = Levels.learn(table, columns);
    return new Case(
        "categorical, text inputCols",
        frame(rows, List.of("colour", "size", "answer"), DataTypes.StringType),
        estimator("categorical").setInputCols("colour", "size", "answer"),
        levels.encode(table, columns, null),
        new CategoricalFamily(levels));
  }

  static Stream<Arguments> cases() {
    return Stream.of(binomial(), binomialOneTrial(), bernoulli(), poisson(), categorical())
        .map(Arguments::of);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> MixtureModel<P> localFit(
      MixtureFamily<P, S> family, Dataset data) {
    EmOptions options =
        EmOptions.builder().components(2).tolerance(0).maxIterations(ITERATIONS).seed(9).build();
    return new MixtureFitter<>(family, options).fit(data);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fitTransformSaveAndLoad(Case c, @TempDir Path dir) throws Exception {
    MixtureModel<?> expected = localFit(c.family(), c.local());
    EmMixtureModel model = c.estimator().fit(c.frame());
    MixtureModel<?> actual = model.model();
    assertEquals(c.family().name(), actual.family().name(), c + ": family");
    if (c.family() instanceof BinomialFamily f) {
      assertEquals(f.sampleTrials(), ((BinomialFamily) actual.family()).sampleTrials(), c + ": trials");
    }
    if (c.family() instanceof CategoricalFamily f) {
      assertEquals(f.levels(), ((CategoricalFamily) actual.family()).levels(), c + ": levels");
    }
    assertEquals(c.local().columnNames(), actual.columnNames(), c + ": column names");
    assertEquals(expected.fit().init(), actual.fit().init());
    assertEquals(ITERATIONS, actual.fit().iterations());
    assertClose(c, expected.fit().logLikelihood(), actual.fit().logLikelihood(), "log-likelihood");
    double[] a = flatten(expected);
    double[] b = flatten(actual);
    for (int i = 0; i < a.length; i++) {
      assertClose(c, a[i], b[i], "parameter " + i);
    }

    // transform: the local model's own posteriors, row by row, in order.
    double[][] proba = expected.predictProba(c.local());
    List<Row> out = model.transform(c.frame()).select("prediction", "probability").collectAsList();
    assertEquals(proba.length, out.size());
    for (int i = 0; i < proba.length; i++) {
      double[] p = ((Vector) out.get(i).get(1)).toArray();
      for (int j = 0; j < p.length; j++) {
        assertEquals(proba[i][j], p[j], 1e-9, c + ": row " + i);
      }
      assertEquals(proba[i][0] >= proba[i][1] ? 0 : 1, out.get(i).getInt(0), c + ": row " + i);
    }

    // ML persistence: the em4j model file inside, the same transform after loading.
    String path = dir.resolve("model").toString();
    model.write().save(path);
    MixtureModel<?> file = ModelFile.read(dir.resolve("model").resolve("em4j-model.json"));
    assertArrayEquals(b, flatten(file), 0);
    EmMixtureModel loaded = EmMixtureModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(actual.family().name(), loaded.model().family().name());
    assertArrayEquals(
        (String[]) model.getOrDefault(model.inputCols()),
        (String[]) loaded.getOrDefault(loaded.inputCols()));
    List<Row> again = loaded.transform(c.frame()).select("prediction", "probability").collectAsList();
    assertEquals(out, again, c + ": transform after loading");

    String estimatorPath = dir.resolve("estimator").toString();
    c.estimator().write().save(estimatorPath);
    EmMixture read = EmMixture.load(estimatorPath);
    assertEquals(json(c.estimator()), json(read));
  }

  /** Every param's value as Spark ML persists it. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<String> json(org.apache.spark.ml.param.Params stage) {
    List<String> out = new ArrayList<>();
    for (org.apache.spark.ml.param.Param p : stage.params()) {
      out.add(p.name() + "=" + p.jsonEncode(stage.getOrDefault(p)));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static double[] flatten(MixtureModel<?> m) {
    return ((MixtureFamily) m.family()).flatten((MixtureParameters) m.parameters());
  }

  private static void assertClose(Case c, double expected, double actual, String what) {
    double scale = Math.max(Math.abs(expected), Math.abs(actual));
    assertTrue(
        Math.abs(expected - actual) <= TOLERANCE * scale,
        c + ": " + what + " is " + actual + " on Spark, " + expected + " locally");
  }

  /**
   * The same counts through VectorAssembler in a Pipeline and through inputCols give the same
   * model; the saved PipelineModel loads and transforms the same.
   */
  @Test
  void pipelineWithVectorAssemblerIsTheInputColsFit(@TempDir Path dir) throws Exception {
    Case c = poisson();
    org.apache.spark.sql.Dataset<Row> counts =
        c.frame().na().fill(0); // VectorAssembler refuses NULL: fill both routes the same way
    VectorAssembler assembler =
        new VectorAssembler().setInputCols(new String[] {"a", "b", "c"}).setOutputCol("features");
    EmMixture viaVector = estimator("poisson");
    PipelineModel fitted =
        new Pipeline().setStages(new PipelineStage[] {assembler, viaVector}).fit(counts);
    EmMixtureModel direct = estimator("poisson").setInputCols("a", "b", "c").fit(counts);
    EmMixtureModel inPipeline = (EmMixtureModel) fitted.stages()[1];
    assertEquals(direct.model().fit().logLikelihood(), inPipeline.model().fit().logLikelihood(),
        1e-12 * Math.abs(direct.model().fit().logLikelihood()));
    List<Row> a = fitted.transform(counts).select("probability").collectAsList();
    List<Row> b = direct.transform(counts).select("probability").collectAsList();
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(
          ((Vector) b.get(i).get(0)).toArray(), ((Vector) a.get(i).get(0)).toArray(), 1e-12);
    }
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(a, loaded.transform(counts).select("probability").collectAsList());
  }

  /**
   * StringIndexer then VectorAssembler then the categorical estimator: the level names come from
   * the vector's attributes (the indexer's labels, in its order), and the fit is the local fit of
   * the rows coded that way.
   */
  @Test
  void pipelineWithStringIndexerTakesItsLevelNames() {
    Case c = categorical();
    org.apache.spark.sql.Dataset<Row> complete =
        c.frame().na().drop().filter("colour <> 'NA'"); // StringIndexer would make NA a level
    String[] in = {"colour", "size", "answer"};
    String[] idx = {"colour_i", "size_i", "answer_i"};
    StringIndexer indexer = new StringIndexer().setInputCols(in).setOutputCols(idx);
    VectorAssembler assembler = new VectorAssembler().setInputCols(idx).setOutputCol("features");
    PipelineModel fitted =
        new Pipeline()
            .setStages(new PipelineStage[] {indexer, assembler, estimator("categorical")})
            .fit(complete);
    StringIndexerModel indexes = (StringIndexerModel) fitted.stages()[0];
    List<List<String>> labels = new ArrayList<>();
    for (String[] l : indexes.labelsArray()) {
      labels.add(List.of(l));
    }
    Levels levels = new Levels(labels);
    MixtureModel<?> actual = ((EmMixtureModel) fitted.stages()[2]).model();
    assertEquals(levels, ((CategoricalFamily) actual.family()).levels());
    // The reference: the same rows coded with the indexer's labels, fitted in memory.
    List<Row> rows = complete.collectAsList();
    double[] v = new double[rows.size() * 3];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < 3; j++) {
        v[i * 3 + j] = levels.code(j, rows.get(i).getString(j));
      }
    }
    MixtureModel<?> expected =
        localFit(new CategoricalFamily(levels),
            new Dataset(v, rows.size(), 3, Arrays.asList(in), null, "coded"));
    assertClose(c, expected.fit().logLikelihood(), actual.fit().logLikelihood(), "log-likelihood");
    assertEquals(rows.size(), fitted.transform(complete).count());
  }

  @Test
  void badParamsAndDataAreClearErrors() {
    IllegalArgumentException family =
        assertThrows(IllegalArgumentException.class, () -> new EmMixture().setFamily("gamma"));
    assertTrue(family.getMessage().contains("family"), family.getMessage());

    List<Row> rows = List.of(RowFactory.create(1, 2), RowFactory.create(3, -1), RowFactory.create(0, 4));
    org.apache.spark.sql.Dataset<Row> df = frame(rows, List.of("a", "b"), DataTypes.IntegerType);
    InputException negative =
        assertThrows(InputException.class,
            () -> estimator("poisson").setInputCols("a", "b").fit(df));
    assertTrue(negative.getMessage().matches(
        "em4jMixture_\\w+ partition \\d row \\d, column 'b': -1.0 is not a count .*"),
        negative.getMessage());

    IllegalArgumentException noColumn =
        assertThrows(IllegalArgumentException.class,
            () -> estimator("poisson").setInputCols("a", "zz").fit(df));
    assertEquals("no input column 'zz' (columns: a, b)", noColumn.getMessage());

    IllegalArgumentException covariance =
        assertThrows(IllegalArgumentException.class,
            () -> estimator("poisson").setInputCols("a", "b").setCovarianceType("diag").fit(df));
    assertEquals("covarianceType applies to the gaussian family only", covariance.getMessage());

    org.apache.spark.sql.Dataset<Row> sets =
        frame(List.of(RowFactory.create(5, 2), RowFactory.create(3, 4)), List.of("a", "b"),
            DataTypes.IntegerType);
    InputException more =
        assertThrows(InputException.class,
            () -> estimator("binomial").setInputCols("b").setTrialsCol("a").fit(sets));
    assertTrue(more.getMessage().matches(
        "em4jMixture_\\w+ partition \\d row \\d, column 'b': 4 successes exceed the 3 trials.*"),
        more.getMessage());

    // A level the model never saw, when transforming.
    Case c = categorical();
    EmMixtureModel model = c.estimator().setMaxIter(1).fit(c.frame());
    org.apache.spark.sql.Dataset<Row> unseen =
        frame(List.of(RowFactory.create("purple", "9", "yes")),
            List.of("colour", "size", "answer"), DataTypes.StringType);
    Exception e = assertThrows(Exception.class, () -> model.transform(unseen).collectAsList());
    Throwable t = e;
    while (t != null && !(t instanceof InputException)) {
      t = t.getCause();
    }
    assertTrue(t != null && t.getMessage().contains("level 'purple' is not one of the model's"
        + " levels (blue, green, red)"), String.valueOf(e));
  }

  private static int draw(SplittableRandom random, double rate) {
    double limit = Math.exp(-rate);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  private static int pick(SplittableRandom random, double[] p) {
    double u = random.nextDouble();
    for (int i = 0; i < p.length - 1; i++) {
      u -= p[i];
      if (u < 0) {
        return i;
      }
    }
    return p.length - 1;
  }

}
