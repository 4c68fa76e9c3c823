package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code em4j demo heights} and {@code em4j fit --report --plots}, run in-process. */
class HeightsCommandTest {
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

  @Test
  void demoPrintsTablesAndWritesReportChartsAndData(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("heights.html");
    Path plots = dir.resolve("plots");
    Path csv = dir.resolve("heights.csv");
    Run r = run("demo", "heights", "--samples", "2", "--restarts", "2", "--seed", "5",
        "--report", report.toString(), "--plots", plots.toString(), "--write-data",
        csv.toString());
    assertEquals(0, r.code(), r.err());
    for (String s : List.of("mu_M", "sigma_F", "pi_M", "iter 100", "iter 300", "converged",
        "means 200 / 100", "means 100 / 200", "k-means++, best of 2", "of 2", "log-lik")) {
      assertTrue(r.out().contains(s), "output has '" + s + "':\n" + r.out());
    }
    String html = Files.readString(report);
    for (String id : List.of("data", "checkpoints", "starts", "collapse", "parameters",
        "convergence", "traces", "model-chart", "warnings", "criteria")) {
      assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
    }
    for (String f : List.of("density", "traces", "loglik", "density-means-200-100",
        "density-means-100-200")) {
      for (String ext : List.of(".png", ".svg")) {
        Path p = plots.resolve(f + ext);
        assertTrue(Files.size(p) > 1000, p + " written and not empty");
      }
    }
    List<String> lines = Files.readAllLines(csv);
    assertEquals(1001, lines.size());
    assertEquals("height,sex", lines.get(0));
  }

  @Test
  void badOptionsAreUsageErrors() {
    Run r = run("demo", "heights", "--share-men", "1.5");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--share-men"), r.err());
    Run c = run("demo", "heights", "--checkpoints", "0");
    assertEquals(2, c.code());
    assertTrue(c.err().contains("--checkpoints"), c.err());
    Run m = run("demo");
    assertEquals(2, m.code());
  }

  @Test
  void fitWritesReportAndPlots(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("f.html");
    Path plots = dir.resolve("p");
    Run r = run("fit", "--data", "../data/faithful.csv", "-k", "2", "--seed", "1",
        "--report", report.toString(), "--plots", plots.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("report written to"), r.out());
    String html = Files.readString(report);
    assertTrue(html.contains("<meta name=\"em4j-charts\" content=\"3\">"));
    for (String f : List.of("loglik", "traces", "scatter")) {
      assertTrue(Files.size(plots.resolve(f + ".png")) > 1000);
      assertTrue(Files.size(plots.resolve(f + ".svg")) > 1000);
    }
  }

  @Test
  void plotsIntoAFileIsABadInput(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("x");
    Files.writeString(file, "x");
    Run r = run("fit", "--data", "../data/faithful.csv", "-k", "2", "--plots", file.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("not a directory"), r.err());
  }
}
