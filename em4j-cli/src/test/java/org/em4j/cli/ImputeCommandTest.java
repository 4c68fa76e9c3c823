package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.gaussian.GaussianImputer;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code em4j fit} and {@code em4j impute} on a file with missing values, run in-process. */
class ImputeCommandTest {
  @TempDir Path dir;
  private Path data;
  private Path model;

  /** Standard output, standard error and the exit code of one run. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Em4jCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeEach
  void writeData() throws IOException {
    // 120 rows: "a" missing in the 24 rows i % 5 == 1, "b" in the 14 further rows i % 7 == 2, and
    // row 10 (file row 11) empty: 38 missing cells in 38 rows once row 11 is skipped.
    // Two clusters; a label column the model does not use; missing cells spelled every way,
    // observed cells written with trailing zeros, and one row with nothing observed.
    StringBuilder s = new StringBuilder("label,a,b\n");
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    for (int i = 0; i < 120; i++) {
      boolean second = i % 3 == 0;
      double a = (second ? 4 : 0) + r.nextGaussian();
      double b = (second ? 3 : 0) + 0.5 * a + r.nextGaussian();
      String as = String.format(java.util.Locale.ROOT, "%.3f0", a);
      String bs = String.format(java.util.Locale.ROOT, "%.3f0", b);
      String[] tokens = {"", "NA", "NaN", "nan"};
      if (i % 5 == 1) {
        as = tokens[i % 4];
      } else if (i % 7 == 2) {
        bs = tokens[i % 4];
      }
      if (i == 10) {
        as = "NA";
        bs = "";
      }
      s.append(second ? "x" : "y").append(',').append(as).append(',').append(bs).append('\n');
    }
    data = dir.resolve("holes.csv");
    Files.writeString(data, s.toString());
    model = dir.resolve("model.json");
    Run fit = run("fit", "--data", data.toString(), "--columns", "a,b", "-k", "2", "--restarts",
        "3", "--out", model.toString());
    assertEquals(0, fit.code(), fit.err());
    assertTrue(
        fit.out().contains("missing values: 38 of 238 cells (16.0 %) in 38 of 119 rows; 1 row with"
            + " every value missing skipped (row 11)"),
        fit.out());
  }

  @Test
  void imputeFillsMissingCellsWithConditionalExpectationsAndKeepsTheRest() throws IOException {
    Path out = dir.resolve("filled.csv");
    Run r = run("impute", "--model", model.toString(), "--data", data.toString(), "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> in = Files.readAllLines(data);
    List<String> written = Files.readAllLines(out);
    assertEquals(in.size(), written.size());
    assertEquals(in.get(0), written.get(0));
    @SuppressWarnings("unchecked")
    MixtureModel<GaussianParameters> m = (MixtureModel<GaussianParameters>) ModelFile.read(model);
    Dataset table = new CsvReader().columns(List.of("a", "b")).readTable(data).data();
    double[] expected = GaussianImputer.conditionalMeans(m.parameters(), table);
    for (int i = 1; i < in.size(); i++) {
      String[] before = in.get(i).split(",", -1);
      String[] after = written.get(i).split(",", -1);
      assertEquals(before[0], after[0]);
      for (int j = 1; j <= 2; j++) {
        if (CsvReader.isMissingToken(before[j])) {
          assertEquals(expected[(i - 1) * 2 + j - 1], Double.parseDouble(after[j]), 0.0);
        } else {
          assertEquals(before[j], after[j], "row " + i + " column " + j);
        }
      }
    }
  }

  @Test
  void drawsAreNumberedReproducibleAndDiffer() throws IOException {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    for (Path p : new Path[] {a, b}) {
      Run r = run("impute", "--model", model.toString(), "--data", data.toString(), "--draws",
          "3", "--seed", "7", "--out", p.toString());
      assertEquals(0, r.code(), r.err());
    }
    List<String> lines = Files.readAllLines(a);
    assertEquals(Files.readAllLines(b), lines);
    assertEquals("draw,label,a,b", lines.get(0));
    assertEquals(1 + 3 * 120, lines.size());
    assertTrue(lines.get(1).startsWith("1,"));
    assertTrue(lines.get(1 + 120).startsWith("2,"));
    assertTrue(lines.get(1 + 240).startsWith("3,"));
    // Row 2 (index 1) has a missing 'a': its draws differ; row 1 is complete: identical.
    assertFalse(lines.get(2).substring(2).equals(lines.get(2 + 120).substring(2)));
    assertEquals(lines.get(1).substring(2), lines.get(1 + 120).substring(2));
  }

  @Test
  void badOptionsAreUsageErrors() {
    Run r = run("impute", "--model", model.toString(), "--data", data.toString(), "--seed", "1");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--seed goes with --draws"), r.err());
    r = run("impute", "--model", model.toString(), "--data", data.toString(), "--draws", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--draws must be at least 1, got 0"), r.err());
  }

  @Test
  void predictKeepsALineForASkippedRow() {
    Run r = run("predict", "--model", model.toString(), "--data", data.toString());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(121, lines.length);
    assertEquals("NA", lines[11]);
    assertTrue(r.err().contains("1 row with every value missing skipped (row 11)"), r.err());
  }
}
