package org.em4j.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.em4j.data.CsvReader;
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
import picocli.CommandLine;

/** The {@code em4j-spark fit} command, run in-process on a local Spark, against the local fit. */
class SparkFitCommandTest {
  private static final Path FAITHFUL = Path.of("../data/faithful.csv");
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Em4jSparkCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void fitWritesTheModelTheLocalFitterWrites(@TempDir Path dir) {
    Path model = dir.resolve("model.json");
    Path trace = dir.resolve("trace.csv");
    Run r =
        run("fit", "--spark", "local[2]", "--data", FAITHFUL.toString(), "-k", "2",
            "--covariance", "diag", "--tol", "0", "--max-iter", "7", "--partitions", "3",
            "--out", model.toString(), "--trace", trace.toString(), "--quiet");
    assertEquals(0, r.code(), r.err());
    MixtureModel<?> actual = ModelFile.read(model);
    Dataset data = new CsvReader().read(FAITHFUL);
    GaussianFamily family = new GaussianFamily(CovarianceType.DIAG);
    MixtureModel<GaussianParameters> expected =
        new MixtureFitter<>(
                family, EmOptions.builder().components(2).tolerance(0).maxIterations(7).build())
            .fit(data);
    assertEquals(
        expected.fit().logLikelihood(),
        actual.fit().logLikelihood(),
        1e-9 * Math.abs(expected.fit().logLikelihood()));
    double[] a = family.flatten(expected.parameters());
    double[] b = family.flatten((GaussianParameters) actual.parameters());
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-9 * Math.abs(a[i]), "parameter " + i);
    }
    assertEquals(List.of("eruptions", "waiting"), actual.columnNames());
    assertEquals(272, actual.fit().samples());
    assertEquals(9, lines(trace).size()); // header + iterations 0..7
  }

  @Test
  void parquetWithWeightsAndAGivenStart(@TempDir Path dir) {
    Path parquet = dir.resolve("rows.parquet");
    spark.read().option("header", true).option("inferSchema", true).csv(FAITHFUL.toString())
        .selectExpr("eruptions", "waiting", "cast(waiting > 70 as double) + 1 as w")
        .write().parquet(parquet.toString());
    Path start = dir.resolve("start.json");
    assertEquals(0, run("fit", "--spark", "local[2]", "--data", parquet.toString(), "-k", "2",
        "--weights", "w", "--max-iter", "0", "--out", start.toString(), "--quiet").code());
    Path model = dir.resolve("model.json");
    Run r = run("fit", "--spark", "local[2]", "--data", parquet.toString(), "--weights", "w",
        "--init", start.toString(), "--tol", "1e-9", "--out", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("converged after"), r.out());
    MixtureModel<?> fitted = ModelFile.read(model);
    assertEquals("given", fitted.fit().init());
    // Weights 1 or 2: the total weight is rows plus rows with waiting > 70.
    Dataset data = new CsvReader().read(FAITHFUL);
    double heavy = 0;
    for (int i = 0; i < data.rows(); i++) {
      heavy += data.get(i, 1) > 70 ? 1 : 0;
    }
    assertEquals(272 + heavy, fitted.fit().totalWeight(), 1e-9);
  }

  @Test
  void badInputIsACleanErrorWithExitCode2() {
    Run column = run("fit", "--spark", "local[2]", "--data", FAITHFUL.toString(), "-k", "2",
        "--columns", "nope");
    assertEquals(2, column.code());
    assertEquals(
        "em4j: ../data/faithful.csv: has no column 'nope' (its columns: eruptions, waiting)",
        column.err().strip());
    Run missing = run("fit", "--spark", "local[2]", "--data", "no-such-file.csv", "-k", "2");
    assertEquals(2, missing.code());
    // the local reader's words
    assertEquals("em4j: no-such-file.csv: no such file", missing.err().strip());
    Run k = run("fit", "--spark", "local[2]", "--data", FAITHFUL.toString());
    assertEquals(2, k.code());
    assertTrue(k.err().contains("--components"), k.err());
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
