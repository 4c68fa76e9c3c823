package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code em4j select}, run in-process. */
class SelectCommandTest {
  @TempDir Path dir;

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

  static String faithful() {
    try {
      return Path.of(SelectCommandTest.class.getResource("/data/faithful.csv").toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void writesTheTableTheBestModelAndTheCellCsv() throws IOException {
    Path best = dir.resolve("best.json");
    Path cells = dir.resolve("cells.csv");
    Run r =
        run("select", "--data", faithful(), "--components", "1..4", "--restarts", "2",
            "--seed", "3", "--threads", "2", "--out", best.toString(), "--table", cells.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("BIC of every cell (lower is better"), r.out());
    assertTrue(r.out().contains("best (*): "), r.out());
    assertTrue(r.out().contains("runner-up: "), r.out());
    List<String> lines = Files.readAllLines(cells);
    assertEquals(1 + 4 * 4, lines.size());
    String bestLine =
        lines.stream().filter(l -> l.split(",")[3].equals("true")).findFirst().orElseThrow();
    String[] f = bestLine.split(",");
    // The model file holds the best cell: same structure, K and BIC.
    MixtureModel<?> model = ModelFile.read(best);
    assertEquals(Integer.parseInt(f[1]), model.components());
    assertEquals(Double.parseDouble(f[6]), model.fit().bic(), 0.0);
    assertEquals(Double.parseDouble(f[4]), model.fit().logLikelihood(), 0.0);
    assertTrue(ModelFile.toJson(model).contains("\"" + f[0] + "\""), "structure " + f[0]);
    // Exactly one best.
    assertEquals(1, lines.stream().filter(l -> l.split(",")[3].equals("true")).count());
  }

  @Test
  void theCellTableDoesNotDependOnTheThreadCount() throws IOException {
    Path one = dir.resolve("one.csv");
    Path two = dir.resolve("two.csv");
    String[] common = {"select", "--data", faithful(), "--components", "1..5", "--covariance",
        "full,tied", "--criterion", "icl", "--restarts", "2", "--seed", "9", "--quiet"};
    Run a = run(concat(common, "--threads", "1", "--table", one.toString()));
    Run b = run(concat(common, "--threads", "2", "--table", two.toString()));
    assertEquals(0, a.code(), a.err());
    assertEquals(0, b.code(), b.err());
    assertEquals("", a.out());
    assertEquals(Files.readString(one), Files.readString(two));
  }

  @Test
  void badUsageExitsWithTwoAndNamesTheOption() {
    String data = faithful();
    assertUsage(run("select", "--data", data, "--components", "0..3"), "--components");
    assertUsage(run("select", "--data", data, "--components", "1..x"), "--components");
    assertUsage(run("select", "--data", data, "--components", "2,2"), "listed twice");
    assertUsage(
        run("select", "--data", data, "--components", "1..2", "--covariance", "full,foo"),
        "--covariance");
    assertUsage(
        run("select", "--data", data, "--components", "1..2", "--criterion", "dic"),
        "--criterion");
    assertUsage(
        run("select", "--data", data, "--components", "1..2", "--restarts", "0"), "--restarts");
    assertUsage(run("select", "--data", data, "--components", "1..2", "--reg", "-1"), "--reg");
    assertUsage(run("select", "--data", data), "--components");
    assertUsage(
        run("select", "--data", dir.resolve("missing.csv").toString(), "--components", "1..2"),
        "missing.csv");
  }

  @Test
  void aGridWhereEveryCellFailsExitsWithOneAndWritesNothing() throws IOException {
    Path data = dir.resolve("two-points.csv");
    Files.writeString(data, "x,y\n0,0\n1,1\n0,0\n1,1\n");
    Path best = dir.resolve("best.json");
    Run r = run("select", "--data", data.toString(), "--components", "3..4", "--out",
        best.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("failed: full, K = 3: "), r.out());
    assertTrue(r.err().contains("every cell of the grid failed"), r.err());
    assertFalse(Files.exists(best));
  }

  private static void assertUsage(Run r, String needle) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(needle), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
