package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.em4j.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --plots DIR} and {@code --report FILE} on {@code fit} for every family, on {@code
 * select} and on the coin demos; missing-value counts in the report and the model file. Run
 * in-process.
 */
class ReportOptionsCliTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static String sections(String html) {
    Matcher m = Pattern.compile("<meta name=\"em4j-sections\" content=\"([^\"]*)\"").matcher(html);
    assertTrue(m.find(), "an em4j report");
    return m.group(1);
  }

  private static int charts(String html) {
    Matcher m = Pattern.compile("<meta name=\"em4j-charts\" content=\"([0-9]+)\"").matcher(html);
    assertTrue(m.find(), "an em4j report");
    return Integer.parseInt(m.group(1));
  }

  private void fitsWithCharts(String family, Path data, String stem, String... extra)
      throws Exception {
    Path plots = dir.resolve("plots-" + family);
    Path report = dir.resolve(family + ".html");
    String[] base = {"fit", "--family", family, "--data", data.toString(), "-k", "2", "--seed",
        "1", "--plots", plots.toString(), "--report", report.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    CliRunner.Result r = CliRunner.run(args);
    assertEquals(0, r.exitCode(), r.err());
    for (String s : new String[] {"loglik", "traces", stem}) {
      assertTrue(Files.size(plots.resolve(s + ".png")) > 0, family + " " + s);
      assertTrue(Files.size(plots.resolve(s + ".svg")) > 0, family + " " + s);
    }
    String html = Files.readString(report);
    assertEquals("data,parameters,convergence,traces,model-chart,warnings,criteria",
        sections(html));
    assertEquals(3, charts(html), family);
    assertFalse(html.contains("No data chart"), family);
  }

  @Test
  void fitWritesBarChartsForEveryDiscreteFamily() throws Exception {
    StringBuilder binom = new StringBuilder("heads,tosses\n");
    StringBuilder bern = new StringBuilder("q1,q2,q3\n");
    StringBuilder pois = new StringBuilder("a,b\n");
    StringBuilder cat = new StringBuilder("smoker,stress\n");
    for (int i = 0; i < 40; i++) {
      boolean g = i % 2 == 0;
      binom.append(g ? 8 + i % 3 : 2 + i % 3).append(",10\n");
      bern.append(g ? "1,1," + (i % 4 == 0 ? 0 : 1) : "0," + (i % 5 == 0 ? 1 : 0) + ",0")
          .append('\n');
      pois.append(g ? (1 + i % 3) + "," + (9 + i % 4) : (7 + i % 3) + "," + (i % 2)).append('\n');
      cat.append(g ? "yes," + (i % 3 == 0 ? "mid" : "high") : "no," + (i % 4 == 0 ? "mid" : "low"))
          .append('\n');
    }
    fitsWithCharts("binomial", file("binom.csv", binom.toString()), "probabilities",
        "--successes", "heads", "--trials", "tosses");
    fitsWithCharts("bernoulli", file("bern.csv", bern.toString()), "probabilities");
    fitsWithCharts("poisson", file("pois.csv", pois.toString()), "rates");
    fitsWithCharts("categorical", file("cat.csv", cat.toString()), "probabilities");
  }

  @Test
  void missingValuesAreCountedInTheReportAndTheModelFile() throws Exception {
    Path data = file("m.csv", "x,y\n1,2\n1.2,\n,\n5,6\nNA,6.2\n0.9,2.1\n5.1,5.9\n1.1,1.9\n"
        + "4.8,6.1\n5.2,6.3\n");
    Path report = dir.resolve("m.html");
    Path model = dir.resolve("m.json");
    CliRunner.Result r = CliRunner.run("fit", "--data", data.toString(), "-k", "2",
        "--covariance", "diag", "--report", report.toString(), "--out", model.toString());
    assertEquals(0, r.exitCode(), r.err());
    // 9 rows kept (file row 3 has nothing), 2 missing cells in 2 rows
    assertTrue(Files.readString(report).contains("Missing values: 2 of 18 cells (11.1 %) in 2 of"
        + " 9 rows; 1 row with every value missing was skipped."), Files.readString(report));
    JsonNode fit = ModelFile.mapper().readTree(Files.readString(model)).get("fit");
    assertEquals(2, fit.get("missingCells").asInt());
    assertEquals(2, fit.get("incompleteRows").asInt());
    assertEquals(1, fit.get("skippedRows").asInt());
  }

  @Test
  void selectWritesTheCriterionChartAndItsReport() throws Exception {
    StringBuilder csv = new StringBuilder("x,y\n");
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(8);
    for (int i = 0; i < 150; i++) {
      double c = i % 2 == 0 ? 0 : 8;
      csv.append(c + rnd.nextGaussian()).append(',').append(c + rnd.nextGaussian()).append('\n');
    }
    Path data = file("s.csv", csv.toString());
    Path plots = dir.resolve("sel");
    Path report = dir.resolve("sel.html");
    CliRunner.Result r = CliRunner.run("select", "--data", data.toString(), "-k", "1..3",
        "--covariance", "full,spherical", "--quiet", "--plots", plots.toString(), "--report",
        report.toString());
    assertEquals(0, r.exitCode(), r.err());
    for (String s : new String[] {"criterion", "loglik", "traces", "scatter"}) {
      assertTrue(Files.size(plots.resolve(s + ".png")) > 0, s);
    }
    String html = Files.readString(report);
    assertEquals("data,selection,criterion-chart,parameters,convergence,traces,model-chart,"
        + "warnings,criteria", sections(html));
    assertEquals(4, charts(html), "criterion, log-likelihood, traces (refitted), scatter");
    assertTrue(html.contains("best: "), "the best cell is marked in the chart's legend");
  }

  @Test
  void selectWhereEveryCellFailsStillReportsTheTable() throws Exception {
    Path data = file("two.csv", "x,y\n0,0\n1,1\n0,0\n1,1\n");
    Path report = dir.resolve("fail.html");
    CliRunner.Result r = CliRunner.run("select", "--data", data.toString(), "-k", "3..4",
        "--quiet", "--report", report.toString());
    assertEquals(1, r.exitCode(), "every cell failed");
    String html = Files.readString(report);
    assertEquals("data,selection,criterion-chart", sections(html));
    assertTrue(html.contains("Every cell failed."));
    assertTrue(html.contains("failed: tied, K = 4: "), html);
  }

  @Test
  void coinsDemoReportHasTheFlipsTheIterationsAndTheBars() throws Exception {
    Path plots = dir.resolve("coins");
    Path report = dir.resolve("coins.html");
    CliRunner.Result r = CliRunner.run("demo", "coins", "--plots", plots.toString(), "--report",
        report.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.size(plots.resolve("probabilities.png")) > 0);
    String html = Files.readString(report);
    assertEquals("data,flips,iterations,parameters,convergence,traces,model-chart,warnings,"
        + "criteria", sections(html));
    assertEquals(3, charts(html));
    // The paper's numbers (Do & Batzoglou 2008, figure 1): 0.71 / 0.58 after one iteration.
    assertTrue(html.contains("<td class=\"num\">0.7130</td>") || html.contains(">0.7130<"), html);
    assertTrue(html.contains("theta_A = 24 / 30 = 0.8000"), "complete-data answer");
    assertTrue(html.contains("2 free parameters"), "weights fixed: only the two p's are free");
    // stdout still has the demo's table
    assertTrue(r.out().contains("theta_A") && r.out().contains("report written to"));
  }

  @Test
  void threeCoinsDemoReportShowsBothStartsSideBySide() throws Exception {
    Path plots = dir.resolve("three");
    Path report = dir.resolve("three.html");
    CliRunner.Result r = CliRunner.run("demo", "three-coins", "--plots", plots.toString(),
        "--report", report.toString());
    assertEquals(0, r.exitCode(), r.err());
    for (String s : new String[] {"starts", "start-1-probabilities", "start-2-probabilities",
        "start-1-loglik", "start-2-traces"}) {
      assertTrue(Files.size(plots.resolve(s + ".png")) > 0, s);
    }
    String html = Files.readString(report);
    assertEquals("data,starts,parameters,convergence,traces,model-chart,warnings,criteria",
        sections(html));
    // starts chart + start 1's three charts + start 2's three
    assertEquals(7, charts(html));
    assertTrue(html.contains("EM from start 2"));
    assertTrue(html.contains("not identifiable"));
  }
}
