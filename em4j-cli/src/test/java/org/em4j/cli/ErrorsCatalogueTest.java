package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.em4j.io.ModelFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rest of the bad-input catalogue of {@code docs/errors.md} (the first rows are in {@link
 * ErrorsTest}): one test per row, each checking the exit code, the words of the message that name
 * the place, and that no stack trace is shown.
 */
class ErrorsCatalogueTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private CliRunner.Result fit(String csv, String... extra) throws IOException {
    Path data = file("data.csv", csv);
    String[] args = new String[3 + extra.length];
    args[0] = "fit";
    args[1] = "--data";
    args[2] = data.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return CliRunner.run(args);
  }

  private static void assertExit(int code, CliRunner.Result r, String... fragments) {
    assertEquals(code, r.exitCode(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "stack trace shown: " + r.err());
  }

  /** Two well-separated clusters in two columns, times {@code scale}. */
  private static String clusters(double scale) {
    SplittableRandom rnd = new SplittableRandom(7);
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 60; i++) {
      double c = i < 30 ? 0 : 10;
      sb.append(String.format(Locale.ROOT, "%.17g,%.17g%n",
          (c + rnd.nextGaussian()) * scale, (c + rnd.nextGaussian()) * scale));
    }
    return sb.toString();
  }

  private static final String MODEL_1D =
      """
      {"format":"em4j-model","version":1,"family":"gaussian","covarianceType":"full","dimension":1,
       "components":[{"weight":0.5,"mean":[0],"covariance":[[1]]},
                     {"weight":0.5,"mean":[3],"covariance":[[1]]}]}
      """;

  private CliRunner.Result score(String model, String csv) throws IOException {
    Path m = file("m.json", model);
    Path d = file("d.csv", csv);
    return CliRunner.run("score", "--model", m.toString(), "--data", d.toString());
  }

  // ---- data files -------------------------------------------------------------------------

  @Test
  void unreadableFileADirectory() {
    assertExit(2, CliRunner.run("fit", "--data", dir.toString(), "-k", "1"), "is a directory");
  }

  @Test
  void unreadableFilePermissionDenied() throws IOException {
    Path p = file("secret.csv", "a\n1\n2\n");
    assertTrue(p.toFile().setReadable(false, false));
    Assumptions.assumeFalse(Files.isReadable(p), "running as root: every file is readable");
    assertExit(2, CliRunner.run("fit", "--data", p.toString(), "-k", "1"),
        "secret.csv", "permission denied");
  }

  @Test
  void unreadableFileNotText() throws IOException {
    Path p = dir.resolve("bin.csv");
    Files.write(p, new byte[] {'a', '\n', '1', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    assertExit(2, CliRunner.run("fit", "--data", p.toString(), "-k", "1"), "bin.csv", "UTF-8");
  }

  @Test
  void nanWhereTheOptionCannotTakeIt() throws IOException {
    assertExit(2, fit("a,w\n1,2\n3,NaN\n4,5\n", "-k", "1", "--weights", "w"),
        "data.csv row 2, column 'w'", "a weight must be a finite number >= 0", "NaN");
  }

  @Test
  void nanInEveryCellOfAColumn() throws IOException {
    assertExit(2, fit("a,b\n1,NaN\n3,NA\n4,\n", "-k", "1"),
        "column 'b' has no observed value");
  }

  @Test
  void infiniteValueNegative() throws IOException {
    assertExit(2, fit("a,b\n1,2\n-Infinity,3\n4,5\n", "-k", "1"),
        "data.csv row 2, column 'a'", "infinite");
  }

  @Test
  void constantColumnFitsWithAWarning() throws IOException {
    CliRunner.Result r = fit("a,b\n1,2\n3,2\n4,2\n5,2\n", "-k", "1");
    assertExit(0, r, "warning", "column 'b' is constant", "regularisation");
    assertFalse(r.out().contains("NaN"), r.out());
  }

  @Test
  void allRowsIdenticalWithOneComponentFitsWithWarnings() throws IOException {
    CliRunner.Result r = fit("a,b\n1,2\n1,2\n1,2\n", "-k", "1");
    assertExit(0, r, "column 'a' is constant", "column 'b' is constant");
    assertFalse(r.out().contains("NaN"), r.out());
  }

  @Test
  void allRowsIdenticalWithTwoComponentsIsRefused() throws IOException {
    assertExit(2, fit("a,b\n1,2\n1,2\n1,2\n", "-k", "2"), "only 1 distinct rows", "2 components");
  }

  @Test
  void hugeMagnitudeIsRefusedNamingTheColumnAndTheRescaling() throws IOException {
    assertExit(2, fit(clusters(1e299), "-k", "2"),
        "column 'a'", "overflow", "divide the column by about 1e+301");
  }

  @Test
  void tinySpreadIsRefusedNamingTheColumnAndTheRescaling() throws IOException {
    assertExit(2, fit(clusters(1e-300), "-k", "2"),
        "column 'a'", "underflow", "multiply the column by about");
  }

  @Test
  void largeButRepresentableMagnitudeFits() throws IOException {
    Path out = dir.resolve("big.json");
    assertExit(0, fit(clusters(1e100), "-k", "2", "--out", out.toString()));
    JsonNode m = ModelFile.mapper().readTree(out.toFile());
    double lo = Math.min(m.at("/components/0/mean/0").asDouble(), m.at("/components/1/mean/0").asDouble());
    double hi = Math.max(m.at("/components/0/mean/0").asDouble(), m.at("/components/1/mean/0").asDouble());
    // the clusters are centred at 0 and 10 (times 1e100), with 30 unit-variance points each
    assertTrue(Math.abs(lo) < 1e100 && Math.abs(hi - 1e101) < 1e100, lo + " " + hi);
    assertFalse(Files.readString(out).contains("NaN"));
  }

  @Test
  void smallScaleBelowTheRegularisationWarns() throws IOException {
    assertExit(0, fit(clusters(1e-100), "-k", "2", "--reg", "1e-6"),
        "warning", "column 'a' varies by only", "regularisation dominates");
  }

  @Test
  void smallScaleWithMatchingRegularisationFitsTheClusters() throws IOException {
    Path out = dir.resolve("small.json");
    CliRunner.Result r = fit(clusters(1e-100), "-k", "2", "--reg", "1e-210", "--out", out.toString());
    assertExit(0, r);
    assertFalse(r.err().contains("warning"), r.err());
    JsonNode m = ModelFile.mapper().readTree(out.toFile());
    double w = m.at("/components/0/weight").asDouble();
    assertEquals(0.5, w, 1e-9, "each cluster holds half of the rows");
  }

  // ---- options ----------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--restarts|0|--restarts must be at least 1, got 0",
        "--tol|-1|--tol must be a finite number >= 0, got -1.0",
        "--tol|NaN|--tol must be a finite number >= 0, got NaN",
        "--max-iter|-1|--max-iter must be >= 0, got -1",
        "--threads|-1|--threads must be >= 0",
        "--reg|-1|--reg must be a finite number >= 0, got -1.0",
        "--restarts|two|--restarts",
        "--header|maybe|--header must be auto, yes or no",
        "--delimiter|::|--delimiter must be one character",
        "--delimiter|'\"'|--delimiter cannot be the quote character",
      })
  void aBadOptionValueNamesTheOption(String option, String value, String message)
      throws IOException {
    assertExit(2, fit("a\n1\n2\n3\n", "-k", "1", option, value), message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--restarts|0|--restarts must be at least 1, got 0",
        "--tol|-1|--tol must be a finite number >= 0, got -1.0",
        "--max-iter|-1|--max-iter must be >= 0, got -1",
      })
  void aBadSelectOptionValueNamesTheOption(String option, String value, String message)
      throws IOException {
    Path data = file("s.csv", "a\n1\n2\n3\n4\n");
    assertExit(2, CliRunner.run("select", "--data", data.toString(), "--components", "1..2",
        option, value), message);
  }

  @Test
  void sampleCountBelowZero() throws IOException {
    Path m = file("m.json", MODEL_1D);
    assertExit(2, CliRunner.run("sample", "--model", m.toString(), "-n", "-1"), "-n must be >= 0");
  }

  // ---- model files ------------------------------------------------------------------------

  @Test
  void modelFileOfUnknownVersion() throws IOException {
    assertExit(2, score(MODEL_1D.replace("\"version\":1", "\"version\":99"), "a\n1\n"),
        "m.json", "version", "unsupported version 99");
  }

  @Test
  void modelFileWeightsNotSummingToOne() throws IOException {
    assertExit(2, score(MODEL_1D.replace("\"weight\":0.5,\"mean\":[3]", "\"weight\":0.7,\"mean\":[3]"), "a\n1\n"),
        "m.json", "weights sum to 1.2", "not 1");
  }

  @Test
  void modelFileCovarianceNotPositiveDefinite() throws IOException {
    assertExit(2, score(MODEL_1D.replace("[[1]]}]}", "[[-1]]}]}"), "a\n1\n"),
        "m.json", "components[1].covariance", "not symmetric positive definite");
  }

  @Test
  void modelFileCovarianceNotSymmetric() throws IOException {
    String two =
        """
        {"format":"em4j-model","version":1,"family":"gaussian","covarianceType":"full","dimension":2,
         "components":[{"weight":1,"mean":[0,0],"covariance":[[1,0.5],[0,1]]}]}
        """;
    assertExit(2, score(two, "a,b\n1,2\n"), "m.json", "component 1 is not symmetric");
  }

  @Test
  void modelFileWithAMeanBeyondTheScaleLimits() throws IOException {
    assertExit(2, score(MODEL_1D.replace("\"mean\":[3]", "\"mean\":[1e200]"), "a\n1\n"),
        "m.json", "components[1].mean[0]", "too large in magnitude");
  }

  @Test
  void modelFileOfAFamilyThisEm4jDoesNotKnow() throws IOException {
    assertExit(2, score(MODEL_1D.replace("\"gaussian\"", "\"weibull\""), "a\n1\n"),
        "m.json", "unknown family \"weibull\"");
  }

  @Test
  void modelFileThatIsEmpty() throws IOException {
    assertExit(2, score("", "a\n1\n"), "m.json");
  }

  @Test
  void aPoissonModelOnDataOutsideItsDomainNamesTheCell() throws IOException {
    String poisson =
        """
        {"format":"em4j-model","version":1,"family":"poisson","dimension":1,"columns":["n"],
         "components":[{"weight":0.5,"rate":[2]},{"weight":0.5,"rate":[9]}]}
        """;
    assertExit(2, score(poisson, "n\n3\n-1\n"), "d.csv row 2, column 'n'", "not a count");
    assertExit(2, score(poisson, "n\n3\n2.5\n"), "d.csv row 2, column 'n'", "not a count");
  }

  @Test
  void aGaussianModelOnDataOfAnotherShapeSaysWhatItExpected() throws IOException {
    assertExit(2, score(MODEL_1D, "a,b,c\nx,y,z\n"), "not a number");
  }

  @Test
  void modelFileMissing() throws IOException {
    Path d = file("d.csv", "a\n1\n");
    assertExit(2, CliRunner.run("predict", "--model", dir.resolve("none.json").toString(),
        "--data", d.toString()), "none.json", "no such file");
  }

  @Test
  void modelDataWithAValueTheModelCannotScore() throws IOException {
    assertExit(2, score(MODEL_1D, "a\n1\nInfinity\n"), "d.csv row 2, column 'a'", "infinite");
  }

  // ---- outputs and failures -----------------------------------------------------------------

  @Test
  void predictOutputThatCannotBeWrittenKeepsNothingHalfWritten() throws IOException {
    Path m = file("m.json", MODEL_1D);
    Path d = file("d.csv", "a\n1\n2\n");
    assertExit(2, CliRunner.run("predict", "--model", m.toString(), "--data", d.toString(),
        "--out", dir.toString()), "cannot be written", "directory");
  }

  @Test
  void anExistingPredictionFileIsKeptWhenTheDataIsBad() throws IOException {
    Path m = file("m.json", MODEL_1D);
    Path d = file("d.csv", "a\n1\nx\n");
    Path out = file("labels.csv", "precious");
    assertExit(2, CliRunner.run("predict", "--model", m.toString(), "--data", d.toString(),
        "--out", out.toString()), "'x' is not a number");
    assertEquals("precious", Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void aFitThatDegeneratesInEveryRunExitsWithOne() throws IOException {
    // without regularisation a component that owns a single point has a zero variance
    assertExit(1, fit("a\n0\n0\n0\n5\n", "-k", "2", "--reg", "0", "--init", "kmeans++"),
        "the fit failed");
  }

  @Test
  void debugShowsTheStackTrace() throws IOException {
    CliRunner.Result r = fit("a\n1\nx\n", "-k", "1", "--debug");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void successExitsWithZero() throws IOException {
    assertExit(0, fit(clusters(1), "-k", "2"));
  }
}
