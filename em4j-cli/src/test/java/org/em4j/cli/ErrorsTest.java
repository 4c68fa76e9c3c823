package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear message naming the place, exit code 2, and no stack trace. */
class ErrorsTest {
  @TempDir Path dir;

  private CliRunner.Result fit(String csv, String... extra) throws IOException {
    Path data = dir.resolve("data.csv");
    Files.writeString(data, csv);
    String[] args = new String[4 + extra.length];
    args[0] = "fit";
    args[1] = "--data";
    args[2] = data.toString();
    args[3] = "-k";
    System.arraycopy(extra, 0, args, 4, extra.length);
    return CliRunner.run(args);
  }

  private static void assertBadInput(CliRunner.Result r, String... fragments) {
    assertEquals(2, r.exitCode(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "stack trace shown: " + r.err());
  }

  @Test
  void missingFile() {
    assertBadInput(
        CliRunner.run("fit", "--data", dir.resolve("nope.csv").toString(), "-k", "2"),
        "nope.csv", "no such file");
  }

  @Test
  void emptyFile() throws IOException {
    assertBadInput(fit("", "2"), "data.csv", "empty");
  }

  @Test
  void headerOnly() throws IOException {
    assertBadInput(fit("a,b\n", "2"), "data.csv", "no data rows");
  }

  @Test
  void nonNumericCellNamesRowAndColumn() throws IOException {
    assertBadInput(fit("a,b\n1,2\n3,x\n", "1"), "data.csv row 2", "column 'b'", "'x' is not a number");
  }

  @Test
  void raggedRow() throws IOException {
    assertBadInput(fit("a,b\n1,2\n3\n", "1"), "data.csv row 2", "has 1 cells, expected 2");
  }

  @Test
  void infiniteValue() throws IOException {
    assertBadInput(fit("a,b\n1,2\n3,Infinity\n4,5\n", "1"), "row 2", "column 'b'", "infinite");
  }

  @Test
  void unknownColumn() throws IOException {
    assertBadInput(fit("a,b\n1,2\n3,4\n", "1", "--columns", "c"), "no column 'c'");
  }

  @Test
  void componentsBelowOne() throws IOException {
    assertBadInput(fit("a\n1\n2\n", "0"), "components", "0");
  }

  @Test
  void moreComponentsThanDistinctRows() throws IOException {
    assertBadInput(fit("a\n1\n1\n1\n2\n", "3"), "distinct rows");
  }

  @Test
  void unknownCovarianceType() throws IOException {
    assertBadInput(fit("a\n1\n2\n", "1", "--covariance", "round"), "--covariance", "round");
  }

  @Test
  void modelFileThatIsNotJson() throws IOException {
    Path model = dir.resolve("m.json");
    Files.writeString(model, "not json");
    Path data = dir.resolve("d.csv");
    Files.writeString(data, "a\n1\n");
    assertBadInput(
        CliRunner.run("predict", "--model", model.toString(), "--data", data.toString()),
        "m.json", "not a JSON document");
  }

  @Test
  void modelDimensionDiffersFromData() throws IOException {
    Path model = dir.resolve("m.json");
    Files.writeString(
        model,
        """
        {"format":"em4j-model","version":1,"family":"gaussian","covarianceType":"full","dimension":1,
         "components":[{"weight":1,"mean":[0],"covariance":[[1]]}]}
        """);
    Path data = dir.resolve("d.csv");
    Files.writeString(data, "a,b\n1,2\n");
    assertBadInput(
        CliRunner.run("score", "--model", model.toString(), "--data", data.toString()),
        "2 columns", "dimension 1");
  }

  @Test
  void anExistingOutputIsKeptWhenTheFitFails() throws IOException {
    Path out = dir.resolve("keep.json");
    Files.writeString(out, "precious");
    assertBadInput(fit("a\n1\nx\n", "1", "--out", out.toString()), "'x' is not a number");
    assertEquals("precious", Files.readString(out));
  }

  @Test
  void unwritableOutput() throws IOException {
    CliRunner.Result r =
        fit("a\n1\n2\n3\n", "1", "--out", dir.resolve("no/such/dir/m.json").toString());
    assertBadInput(r, "cannot be written");
  }

  @Test
  void aRowImpossibleUnderEveryComponentIsNamedNotAnsweredWithNaN() throws IOException {
    Path train = dir.resolve("ones.csv");
    Files.writeString(train, "a,b\n1,1\n1,0\n1,1\n");
    Path model = dir.resolve("m.json");
    CliRunner.Result fit =
        CliRunner.run("fit", "--family", "bernoulli", "--data", train.toString(), "-k", "1",
            "--out", model.toString());
    assertEquals(0, fit.exitCode(), fit.err());
    Path test = dir.resolve("zero.csv");
    Files.writeString(test, "a,b\n1,1\n0,1\n");
    assertBadInput(
        CliRunner.run("predict", "--model", model.toString(), "--data", test.toString(), "--proba"),
        "zero.csv row 2", "probability zero under every component");
  }
}
