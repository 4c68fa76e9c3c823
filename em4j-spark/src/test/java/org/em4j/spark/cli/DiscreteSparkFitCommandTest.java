package org.em4j.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.em4j.cli.Em4jCommand;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code em4j-spark fit} for the discrete families, run in-process on a local Spark, held to the
 * local {@code em4j fit} (the reference: the in-memory engine, fixed chunk order) on the same CSV
 * file with the same options: same rows kept, same start (k-means++ on the same rows in the same
 * order, or a given model), same family settings (levels, trials), and the model files agree to
 * 1e-9 relative in log-likelihood and every parameter after a fixed number of iterations. The CSV
 * files are drawn here from known mixtures, with missing cells and rows the fits must skip.
 */
class DiscreteSparkFitCommandTest {
  private static final double TOLERANCE = 1e-9;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private record Run(int code, String out, String err) {}

  private static Run spark(String... args) {
    return run(Em4jSparkCommand.commandLine(), args);
  }

  private static Run local(String... args) {
    return run(Em4jCommand.commandLine(), args);
  }

  private static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A family's CSV and the options that pick its data. */
  record Case(String family, String csv, List<String> options) {
    @Override
    public String toString() {
      return family + (options.isEmpty() ? "" : " " + String.join(" ", options));
    }
  }

  /** Sets of 10 to 19 coin flips from coins p = 0.3 and 0.75; one set with a missing count. */
  static Case binomialCounts() {
    SplittableRandom random = new SplittableRandom(51);
    StringBuilder csv = new StringBuilder("set,heads,tosses\n");
    for (int i = 0; i < 300; i++) {
      double p = random.nextDouble() < 0.45 ? 0.3 : 0.75;
      int n = 10 + random.nextInt(10);
      int s = 0;
      for (int t = 0; t < n; t++) {
        s += random.nextDouble() < p ? 1 : 0;
      }
      csv.append("s").append(i).append(',').append(i == 17 ? "NA" : String.valueOf(s)).append(',')
          .append(n).append('\n');
    }
    return new Case("binomial", csv.toString(), List.of("--successes", "heads", "--trials", "tosses"));
  }

  /** The same kind of sets written as flip strings (HTTH...), one empty cell. */
  static Case binomialFlips() {
    SplittableRandom random = new SplittableRandom(52);
    StringBuilder csv = new StringBuilder("id;flips\n");
    for (int i = 0; i < 200; i++) {
      double p = random.nextDouble() < 0.5 ? 0.2 : 0.8;
      StringBuilder f = new StringBuilder();
      int n = 5 + random.nextInt(8);
      for (int t = 0; t < n; t++) {
        f.append(random.nextDouble() < p ? 'H' : 'T');
      }
      csv.append(i).append(';').append(i == 9 ? "" : f).append('\n');
    }
    return new Case("binomial", csv.toString(), List.of("--columns", "flips"));
  }

  /** Six 0/1 items from two profiles; NA cells and one row with every item missing. */
  static Case bernoulli() {
    SplittableRandom random = new SplittableRandom(53);
    double[][] profiles = {{0.9, 0.8, 0.2, 0.1, 0.7, 0.5}, {0.2, 0.3, 0.8, 0.9, 0.4, 0.5}};
    StringBuilder csv = new StringBuilder("q1,q2,q3,q4,q5,q6\n");
    for (int i = 0; i < 400; i++) {
      double[] p = profiles[random.nextDouble() < 0.4 ? 0 : 1];
      List<String> cells = new ArrayList<>();
      for (int j = 0; j < 6; j++) {
        cells.add(i == 33 || (i * 6 + j) % 37 == 0 ? "NA" : random.nextDouble() < p[j] ? "1" : "0");
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    return new Case("bernoulli", csv.toString(), List.of());
  }

  /** Three count columns from rates (1, 6, 3) and (5, 2, 3); empty cells; a weight column. */
  static Case poisson() {
    SplittableRandom random = new SplittableRandom(54);
    double[][] rates = {{1, 6, 3}, {5, 2, 3}};
    StringBuilder csv = new StringBuilder("a,b,c,w\n");
    for (int i = 0; i < 400; i++) {
      double[] r = rates[random.nextDouble() < 0.5 ? 0 : 1];
      for (int j = 0; j < 3; j++) {
        csv.append((i * 3 + j) % 41 == 0 ? "" : String.valueOf(draw(random, r[j]))).append(',');
      }
      csv.append(1 + random.nextInt(3)).append('\n');
    }
    return new Case("poisson", csv.toString(), List.of("--weights", "w"));
  }

  /** Latent classes over three text columns (numeric-looking levels sort as numbers). */
  static Case categorical() {
    SplittableRandom random = new SplittableRandom(55);
    String[] colours = {"red", "green", "blue"};
    String[] sizes = {"9", "10", "100"};
    String[] answers = {"yes", "no"};
    StringBuilder csv = new StringBuilder("colour,size,answer\n");
    for (int i = 0; i < 400; i++) {
      boolean first = random.nextDouble() < 0.4;
      String colour = colours[pick(random, first ? new double[] {0.7, 0.2, 0.1} : new double[] {0.1, 0.3, 0.6})];
      String size = sizes[pick(random, first ? new double[] {0.6, 0.3, 0.1} : new double[] {0.2, 0.2, 0.6})];
      String answer = answers[pick(random, first ? new double[] {0.8, 0.2} : new double[] {0.3, 0.7})];
      csv.append(i % 23 == 4 ? "NA" : colour).append(',').append(i % 29 == 6 ? "" : size).append(',')
          .append(answer).append('\n');
    }
    return new Case("categorical", csv.toString(), List.of());
  }

  static Stream<Arguments> cases() {
    return Stream.of(binomialCounts(), binomialFlips(), bernoulli(), poisson(), categorical())
        .map(Arguments::of);
  }

  /**
   * From k-means++ starts (the Spark sample is every row in file order, so the start is the local
   * one), then from the local model as a given start over three partitions.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sparkFitIsTheLocalFit(Case c, @TempDir Path dir) {
    Path csv = write(dir.resolve(c.family() + ".csv"), c.csv());
    Path localModel = dir.resolve("local.json");
    Path sparkModel = dir.resolve("spark.json");
    List<String> common =
        new ArrayList<>(
            List.of("--family", c.family(), "--data", csv.toString(), "-k", "2", "--tol", "0",
                "--max-iter", "10", "--seed", "5", "--quiet"));
    common.addAll(c.options());
    Run l = local(args(common, "fit", "--out", localModel.toString()));
    assertEquals(0, l.code(), l.err());
    Run s = spark(args(common, "fit", "--spark", "local[2]", "--out", sparkModel.toString()));
    assertEquals(0, s.code(), s.err());
    assertAgree(c, ModelFile.read(localModel), ModelFile.read(sparkModel));
    assertSameMissingCounts(c, localModel, sparkModel);

    // A given start (the local fit so far), continued on three partitions, with the weights fixed.
    Path localAgain = dir.resolve("local-again.json");
    Path sparkAgain = dir.resolve("spark-again.json");
    List<String> given = new ArrayList<>(List.of("--data", csv.toString(), "--init",
        localModel.toString(), "--tol", "0", "--max-iter", "4", "--fix", "weights", "--quiet"));
    given.addAll(c.options());
    Run l2 = local(args(given, "fit", "--out", localAgain.toString()));
    assertEquals(0, l2.code(), l2.err());
    Run s2 = spark(args(given, "fit", "--spark", "local[2]", "--partitions", "3",
        "--out", sparkAgain.toString()));
    assertEquals(0, s2.code(), s2.err());
    MixtureModel<?> a = ModelFile.read(localAgain);
    MixtureModel<?> b = ModelFile.read(sparkAgain);
    assertAgree(c, a, b);
    assertEquals("given", b.fit().init());
    double[] w0 = ModelFile.read(localModel).parameters().weights();
    org.junit.jupiter.api.Assertions.assertArrayEquals(w0, b.parameters().weights(), 0);
  }

  /** The fit block's counts of missing cells, incomplete rows and skipped rows. */
  private static void assertSameMissingCounts(Case c, Path local, Path spark) {
    try {
      com.fasterxml.jackson.databind.JsonNode a = ModelFile.mapper().readTree(local.toFile()).get("fit");
      com.fasterxml.jackson.databind.JsonNode b = ModelFile.mapper().readTree(spark.toFile()).get("fit");
      for (String field : List.of("missingCells", "incompleteRows", "skippedRows")) {
        assertTrue(a.has(field), c + ": the local model file has no " + field);
        assertEquals(a.get(field).asLong(), b.get(field).asLong(), c + ": " + field);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] args(List<String> common, String command, String... more) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(common);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void assertAgree(Case c, MixtureModel<?> expected, MixtureModel<?> actual) {
    assertEquals(expected.family().name(), actual.family().name(), c + " family");
    assertEquals(expected.columnNames(), actual.columnNames(), c + " columns");
    assertEquals(expected.fit().samples(), actual.fit().samples(), c + " rows fitted");
    assertEquals(expected.fit().totalWeight(), actual.fit().totalWeight(), 1e-9, c + " weight");
    assertEquals(expected.fit().iterations(), actual.fit().iterations(), c + " iterations");
    if (expected.family() instanceof CategoricalFamily f) {
      assertEquals(f.levels(), ((CategoricalFamily) actual.family()).levels(), c + " levels");
    }
    if (expected.family() instanceof BinomialFamily f) {
      assertEquals(f.sampleTrials(), ((BinomialFamily) actual.family()).sampleTrials(), c + " trials");
    }
    double ll = relative(expected.fit().logLikelihood(), actual.fit().logLikelihood());
    assertTrue(ll <= TOLERANCE, c + ": log-likelihoods differ by " + ll + " relative");
    MixtureFamily family = expected.family();
    double[] a = family.flatten((MixtureParameters) expected.parameters());
    double[] b = family.flatten((MixtureParameters) actual.parameters());
    assertEquals(a.length, b.length, c + " parameter count");
    for (int i = 0; i < a.length; i++) {
      assertTrue(
          Math.abs(a[i] - b[i]) <= TOLERANCE * Math.max(Math.abs(a[i]), Math.abs(b[i])),
          c + ": parameter " + i + " is " + b[i] + " on Spark, " + a[i] + " locally");
    }
  }

  @Test
  void badInputIsAClearErrorWithExitCode2(@TempDir Path dir) {
    Path counts = write(dir.resolve("counts.csv"), "a,b\n1,2\n3,-1\n4,5\n");
    Run negative = spark("fit", "--spark", "local[2]", "--family", "poisson", "--data",
        counts.toString(), "-k", "2");
    assertEquals(2, negative.code(), negative.err());
    assertEquals(
        "em4j: " + counts + " partition 0 row 2, column 'b': -1.0 is not a count (a poisson"
            + " column holds whole numbers >= 0, or an empty / NA cell for a missing value)",
        negative.err().strip());

    Path fractional = write(dir.resolve("fractional.csv"), "a,b\n1,2\n3,2.5\n4,5\n");
    Run half = spark("fit", "--spark", "local[2]", "--family", "poisson", "--data",
        fractional.toString(), "-k", "2");
    assertEquals(2, half.code(), half.err());
    assertTrue(half.err().contains("row 2, column 'b': 2.5 is not a count"), half.err());

    Path text = write(dir.resolve("text.csv"), "a,b\n1,2\n3,x\n");
    Run word = spark("fit", "--spark", "local[2]", "--family", "poisson", "--data",
        text.toString(), "-k", "2");
    assertEquals(2, word.code(), word.err());
    assertEquals(
        "em4j: " + text + " partition 0 row 2, column 'b': 'x' is not a number (choose numeric"
            + " columns with --columns)",
        word.err().strip());

    Run unknown = spark("fit", "--spark", "local[2]", "--family", "gamma", "--data",
        counts.toString(), "-k", "2");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().startsWith("em4j: --family: unknown family 'gamma' (expected gaussian,"
        + " binomial, bernoulli, categorical or poisson)"), unknown.err());

    Run covariance = spark("fit", "--spark", "local[2]", "--family", "bernoulli", "--data",
        counts.toString(), "-k", "2", "--covariance", "diag");
    assertEquals(2, covariance.code());
    assertTrue(covariance.err().startsWith("em4j: --covariance applies to the gaussian family only"),
        covariance.err());

    Path sets = write(dir.resolve("sets.csv"), "h,n\n3,10\n11,10\n");
    Run more = spark("fit", "--spark", "local[2]", "--family", "binomial", "--data",
        sets.toString(), "--successes", "h", "--trials", "n", "-k", "2");
    assertEquals(2, more.code());
    assertEquals("em4j: " + sets + " partition 0 row 2, column 'h': 11 successes exceed the 10"
        + " trials in column 'n'", more.err().strip());

    Path flips = write(dir.resolve("flips.csv"), "f\nHTTH\nHXT\n");
    Run bad = spark("fit", "--spark", "local[2]", "--family", "binomial", "--data",
        flips.toString(), "-k", "2");
    assertEquals(2, bad.code());
    assertEquals("em4j: " + flips + " partition 0 row 2, column 'f': 'HXT' is not a flip sequence:"
        + " character 2 is 'X' (expected H for a success or T for a failure)", bad.err().strip());

    Run zeroOne = spark("fit", "--spark", "local[2]", "--family", "bernoulli", "--data",
        counts.toString(), "-k", "2", "--columns", "a");
    assertEquals(2, zeroOne.code());
    assertTrue(zeroOne.err().contains("row 2, column 'a'"), zeroOne.err());
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double relative(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
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
