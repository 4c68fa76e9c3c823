package org.em4j.spark;

import static org.em4j.spark.SparkTestSupport.frame;
import static org.em4j.spark.SparkTestSupport.maxRelativeDifference;
import static org.em4j.spark.SparkTestSupport.relative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.em4j.data.CsvReader;
import org.em4j.data.Levels;
import org.em4j.data.TextTable;
import org.em4j.data.Dataset;
import org.em4j.discrete.BernoulliFamily;
import org.em4j.discrete.BernoulliParameters;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.BinomialParameters;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.CategoricalParameters;
import org.em4j.discrete.DiscreteFamily;
import org.em4j.discrete.DiscreteParameters;
import org.em4j.discrete.PoissonFamily;
import org.em4j.discrete.PoissonParameters;
import org.em4j.engine.Acceleration;
import org.em4j.engine.EmOptions;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The discrete families (binomial, Bernoulli, Poisson) fitted on Spark against the same family
 * fitted by the in-memory engine (the independent reference: one machine, fixed chunk order) from
 * the same given start, with tolerance 0 and a fixed number of iterations. Spark merges partition
 * statistics in no fixed order, so the two agree up to rounding: 1e-9 relative in the
 * log-likelihood and in every parameter. The data is drawn here from known mixtures, with some
 * missing cells for the Bernoulli and Poisson families (which fit them by skipping the cell).
 */
class DiscreteFamiliesSparkTest {
  private static final double TOLERANCE = 1e-9;
  private static final int ITERATIONS = 12;
  private static final int SQUAREM_ITERATIONS = 4;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.session();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A family, its data and a start away from the truth that drew the data. */
  record Case<P extends DiscreteParameters>(
      String name, DiscreteFamily<P> family, Dataset data, P start) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Successes out of 5..24 trials per row, from coins with p = 0.25 (weight 0.4) and 0.7. */
  static Case<BinomialParameters> binomial() {
    SplittableRandom random = new SplittableRandom(41);
    int n = 900;
    double[] v = new double[n * 2];
    for (int i = 0; i < n; i++) {
      double p = random.nextDouble() < 0.4 ? 0.25 : 0.7;
      int trials = 5 + random.nextInt(20);
      int successes = 0;
      for (int t = 0; t < trials; t++) {
        successes += random.nextDouble() < p ? 1 : 0;
      }
      v[2 * i] = successes;
      v[2 * i + 1] = trials;
    }
    Dataset data =
        new Dataset(v, n, 2, List.of("successes", "trials"), null, "binomial test data");
    return new Case<>(
        "binomial",
        new BinomialFamily(),
        data,
        new BinomialParameters(new double[] {0.5, 0.5}, new double[] {0.4, 0.55}));
  }

  /** Five 0/1 columns from two profiles; every 17th cell missing. */
  static Case<BernoulliParameters> bernoulli() {
    SplittableRandom random = new SplittableRandom(42);
    double[][] profiles = {{0.9, 0.8, 0.1, 0.3, 0.6}, {0.2, 0.3, 0.85, 0.7, 0.5}};
    int n = 1000;
    int d = 5;
    double[] v = new double[n * d];
    for (int i = 0; i < n; i++) {
      double[] p = profiles[random.nextDouble() < 0.35 ? 0 : 1];
      for (int j = 0; j < d; j++) {
        v[i * d + j] = random.nextDouble() < p[j] ? 1 : 0;
      }
    }
    for (int i = 3; i < v.length; i += 17) {
      v[i] = Double.NaN;
    }
    Dataset data =
        new Dataset(v, n, d, List.of("b1", "b2", "b3", "b4", "b5"), null, "bernoulli test data");
    return new Case<>(
        "bernoulli",
        new BernoulliFamily(),
        data,
        new BernoulliParameters(
            new double[] {0.3, 0.3, 0.4},
            d,
            new double[] {
              0.6, 0.5, 0.4, 0.5, 0.5,
              0.4, 0.5, 0.6, 0.5, 0.6,
              0.5, 0.4, 0.5, 0.6, 0.4
            }));
  }

  /** Three count columns from rates (2, 10, 5) and (8, 1, 5); every 23rd cell missing. */
  static Case<PoissonParameters> poisson() {
    SplittableRandom random = new SplittableRandom(43);
    double[][] rates = {{2, 10, 5}, {8, 1, 5}};
    int n = 1000;
    int d = 3;
    double[] v = new double[n * d];
    for (int i = 0; i < n; i++) {
      double[] r = rates[random.nextDouble() < 0.5 ? 0 : 1];
      for (int j = 0; j < d; j++) {
        v[i * d + j] = poissonDraw(random, r[j]);
      }
    }
    for (int i = 5; i < v.length; i += 23) {
      v[i] = Double.NaN;
    }
    Dataset data = new Dataset(v, n, d, List.of("c1", "c2", "c3"), null, "poisson test data");
    return new Case<>(
        "poisson",
        new PoissonFamily(),
        data,
        new PoissonParameters(new double[] {0.5, 0.5}, d, new double[] {4, 6, 4, 5, 3, 6}));
  }

  /** Knuth's multiplication method (small rates only). */
  private static int poissonDraw(SplittableRandom random, double rate) {
    double limit = Math.exp(-rate);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  static Stream<Arguments> casesAndPartitions() {
    return Stream.of(binomial(), bernoulli(), poisson())
        .flatMap(c -> Stream.of(Arguments.of(c, 1), Arguments.of(c, 3)));
  }

  private static EmOptions options(int k) {
    return EmOptions.builder().components(k).tolerance(0).maxIterations(ITERATIONS).seed(7).build();
  }

  private static SparkData sparkData(Case<?> c, int partitions) {
    return SparkData.fromColumns(frame(spark, c.data(), partitions), List.of(), null, c.name());
  }

  private static <P extends DiscreteParameters> void assertAgree(
      Case<P> c, MixtureModel<P> expected, MixtureModel<P> actual) {
    assertEquals(expected.fit().iterations(), actual.fit().iterations(), c + " iterations");
    assertEquals(expected.fit().eSteps(), actual.fit().eSteps(), c + " E-steps");
    double ll = relative(expected.fit().logLikelihood(), actual.fit().logLikelihood());
    assertTrue(ll <= TOLERANCE, c + ": log-likelihoods differ by " + ll + " relative");
    double[] a = c.family().flatten(expected.parameters());
    double[] b = c.family().flatten(actual.parameters());
    double p = maxRelativeDifference(a, b);
    assertTrue(p <= TOLERANCE, c + ": parameters differ by " + p + " relative");
    List<Double> ta = expected.fit().logLikelihoodTrace();
    List<Double> tb = actual.fit().logLikelihoodTrace();
    assertEquals(ta.size(), tb.size());
    for (int i = 0; i < ta.size(); i++) {
      assertTrue(relative(ta.get(i), tb.get(i)) <= TOLERANCE, c + ": trace differs at " + i);
    }
  }

  /** Plain EM, then EM with the mixing weights fixed, over the same Spark data. */
  @ParameterizedTest(name = "{0} over {1} partition(s)")
  @MethodSource("casesAndPartitions")
  <P extends DiscreteParameters> void sameStartSameFitAsLocal(Case<P> c, int partitions) {
    EmOptions options = options(c.start().components());
    EmOptions fixedWeights = options.toBuilder().fixed(Set.of("weights")).build();
    MixtureModel<P> expected = new MixtureFitter<>(c.family(), options).fit(c.data(), c.start());
    MixtureModel<P> expectedFixed =
        new MixtureFitter<>(c.family(), fixedWeights).fit(c.data(), c.start());
    MixtureModel<P> actual;
    MixtureModel<P> actualFixed;
    try (SparkData sd = sparkData(c, partitions)) {
      actual = new SparkFitter<>(c.family(), options).fit(sd, c.start());
      actualFixed = new SparkFitter<>(c.family(), fixedWeights).fit(sd, c.start());
    }
    assertEquals(ITERATIONS, actual.fit().iterations());
    assertEquals("given", actual.fit().init());
    assertEquals(c.data().rows(), actual.fit().samples());
    // The fit moved away from its start: agreement is not just two copies of the start.
    assertTrue(
        maxRelativeDifference(c.family().flatten(c.start()), c.family().flatten(actual.parameters()))
            > 1e-2);
    assertAgree(c, expected, actual);
    assertArrayEquals(c.start().weights(), actualFixed.parameters().weights(), 0);
    assertTrue(
        maxRelativeDifference(
                c.family().flatten(actual.parameters()), c.family().flatten(actualFixed.parameters()))
            > 1e-3,
        "fixing the weights changed nothing");
    assertAgree(c, expectedFixed, actualFixed);
  }

  /**
   * SQUAREM through the Spark E-step. Its accept/reject tests compare log-likelihoods, which near
   * the maximum differ by rounding only, so the fit stops while the likelihood still climbs
   * clearly (checked) and every decision is the same on both sides.
   */
  @Test
  void squaremAgreesWithLocal() {
    Case<BernoulliParameters> c = bernoulli();
    EmOptions options =
        options(c.start().components()).toBuilder().maxIterations(SQUAREM_ITERATIONS)
            .acceleration(Acceleration.SQUAREM).build();
    MixtureModel<BernoulliParameters> expected =
        new MixtureFitter<>(c.family(), options).fit(c.data(), c.start());
    // SQUAREM takes several E-steps per iteration: the count is part of what must agree.
    assertTrue(expected.fit().eSteps() > expected.fit().iterations());
    List<Double> trace = expected.fit().logLikelihoodTrace();
    for (int i = 1; i < trace.size(); i++) {
      assertTrue(
          trace.get(i) - trace.get(i - 1) > 1e-6 * Math.abs(trace.get(i)),
          "SQUAREM near its maximum already at iteration " + i + ": " + trace);
    }
    for (int partitions : new int[] {1, 3}) {
      try (SparkData sd = sparkData(c, partitions)) {
        assertAgree(c, expected, new SparkFitter<>(c.family(), options).fit(sd, c.start()));
      }
    }
  }

  /**
   * DAAREM through the Spark E-step: its decisions (accept a proposal or take the EM step) compare
   * log-likelihoods too, so, as for SQUAREM, the fit is stopped while the likelihood still climbs
   * clearly (checked), and the iterates and pass counts must agree.
   */
  @Test
  void daaremAgreesWithLocal() {
    Case<BernoulliParameters> c = bernoulli();
    EmOptions options =
        options(c.start().components()).toBuilder().maxIterations(SQUAREM_ITERATIONS)
            .acceleration(Acceleration.DAAREM).build();
    MixtureModel<BernoulliParameters> expected =
        new MixtureFitter<>(c.family(), options).fit(c.data(), c.start());
    assertTrue(expected.fit().iterations() == SQUAREM_ITERATIONS);
    List<Double> trace = expected.fit().logLikelihoodTrace();
    for (int i = 1; i < trace.size(); i++) {
      assertTrue(
          trace.get(i) - trace.get(i - 1) > 1e-6 * Math.abs(trace.get(i)),
          "DAAREM near its maximum already at iteration " + i + ": " + trace);
    }
    for (int partitions : new int[] {1, 3}) {
      try (SparkData sd = sparkData(c, partitions)) {
        assertAgree(c, expected, new SparkFitter<>(c.family(), options).fit(sd, c.start()));
      }
    }
  }

  /**
   * Categorical columns of strings: the level dictionary built on Spark's driver equals the one
   * the local reader learns from the same table as CSV (numeric-looking levels sorted as numbers,
   * the rest as strings; {@code NA} and empty or SQL {@code NULL} cells missing), and the fits agree.
   */
  @Test
  void categoricalLevelsAndFitAgreeWithTheLocalReader() throws Exception {
    SplittableRandom random = new SplittableRandom(44);
    String[] colours = {"red", "green", "blue"};
    String[] sizes = {"9", "10", "100"};
    String[] answers = {"yes", "no"};
    int n = 800;
    StringBuilder csv = new StringBuilder("colour,size,answer\n");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean first = random.nextDouble() < 0.4;
      String colour = colours[pick(random, first ? new double[] {0.7, 0.2, 0.1} : new double[] {0.1, 0.3, 0.6})];
      String size = sizes[pick(random, first ? new double[] {0.6, 0.3, 0.1} : new double[] {0.2, 0.2, 0.6})];
      String answer = answers[pick(random, first ? new double[] {0.8, 0.2} : new double[] {0.3, 0.7})];
      if (i % 29 == 3) {
        colour = "NA";
      }
      if (i % 31 == 5) {
        size = null;
      }
      csv.append(colour).append(',').append(size == null ? "" : size).append(',').append(answer)
          .append('\n');
      rows.add(RowFactory.create(colour, size, answer));
    }
    TextTable table =
        TextTable.read(new StringReader(csv.toString()), "cat.csv", ',', CsvReader.Header.YES);
    int[] columns = {0, 1, 2};
    Levels learnt = Levels.learn(table, columns);
    assertEquals(List.of("9", "10", "100"), learnt.of(1)); // the independent check of the order
    Dataset local = learnt.encode(table, columns, null);
    CategoricalFamily family = new CategoricalFamily(learnt);
    CategoricalParameters start =
        new CategoricalParameters(
            new double[] {0.5, 0.5},
            learnt.counts(),
            new double[] {0.3, 0.3, 0.4, 0.4, 0.3, 0.3, 0.4, 0.6, 0.3, 0.4, 0.3, 0.3, 0.3, 0.4, 0.6, 0.4});
    EmOptions options = options(2);
    MixtureModel<CategoricalParameters> expected =
        new MixtureFitter<>(family, options).fit(local, start);
    Case<CategoricalParameters> c = new Case<>("categorical", family, local, start);
    org.apache.spark.sql.Dataset<Row> df =
        spark.createDataFrame(
            org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, 3),
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("colour", DataTypes.StringType, true),
                    DataTypes.createStructField("size", DataTypes.StringType, true),
                    DataTypes.createStructField("answer", DataTypes.StringType, true))));
    try (SparkData sd =
        SparkData.fromCategorical(df, List.of("colour", "size", "answer"), null, "cat")) {
      assertEquals(learnt, sd.levels());
      assertEquals(List.of("colour", "size", "answer"), sd.columnNames());
      MixtureModel<CategoricalParameters> actual =
          new SparkFitter<>(new CategoricalFamily(sd.levels()), options).fit(sd, start);
      assertTrue(
          maxRelativeDifference(family.flatten(start), family.flatten(actual.parameters())) > 1e-2);
      assertAgree(c, expected, actual);
    }
  }

  @Test
  void badCategoricalColumnsAreReported() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rows.add(RowFactory.create("a" + i, i % 2 == 0 ? null : "NA"));
    }
    org.apache.spark.sql.Dataset<Row> df =
        spark.createDataFrame(
            rows,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("s", DataTypes.StringType, true),
                    DataTypes.createStructField("e", DataTypes.StringType, true))));
    org.em4j.data.InputException missing =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.em4j.data.InputException.class,
            () -> SparkData.fromCategorical(df, List.of("zz"), null, "f"));
    assertEquals("f: has no column 'zz' (its columns: s, e)", missing.getMessage());
    org.em4j.data.InputException empty =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.em4j.data.InputException.class,
            () -> SparkData.fromCategorical(df, List.of("s", "e"), null, "f"));
    assertEquals("f, column 'e': every value is missing", empty.getMessage());
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
