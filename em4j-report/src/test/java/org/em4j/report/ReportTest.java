package org.em4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's structure: every section, every chart inline, nothing from the network. */
class ReportTest {
  private static final List<String> STANDARD = List.of(Report.DATA, Report.PARAMETERS,
      Report.CONVERGENCE, Report.TRACES, Report.MODEL_CHART, Report.WARNINGS, Report.CRITERIA);

  /** Two well separated clusters in {@code d} dimensions. */
  private static Dataset clusters(int d, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n * d];
    for (int i = 0; i < n; i++) {
      double shift = i % 2 == 0 ? 0 : 6;
      for (int j = 0; j < d; j++) {
        v[i * d + j] = shift + r.nextGaussian();
      }
    }
    return Dataset.of(v, n, d);
  }

  private static MixtureModel<GaussianParameters> fit(Dataset data, boolean trace) {
    EmOptions o = EmOptions.builder().components(2).seed(3).threads(1).traceParameters(trace)
        .build();
    return new MixtureFitter<>(new GaussianFamily(CovarianceType.FULL), o).fit(data);
  }

  private static int count(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void fitReportHasEverySectionAndEveryChartInline() {
    for (int d : new int[] {1, 2, 3}) {
      Dataset data = clusters(d, 300, d);
      Report r = Report.forFit("test", fit(data, true), data, null, List.of()).build();
      assertEquals(STANDARD, r.sectionIds(), "D = " + d);
      String html = r.html();
      for (String id : STANDARD) {
        assertEquals(1, count(html, "<section id=\"" + id + "\">"), id);
      }
      assertEquals(3, r.charts(), "log-likelihood, traces, data chart for D = " + d);
      assertEquals(r.charts(), count(html, "<figure class=\"em4j-chart\""));
      assertEquals(r.charts(), count(html, "<svg[^>]*id=[\"']chart[0-9]+[\"']"));
      assertTrue(html.contains("<meta name=\"em4j-charts\" content=\"3\">"));
      assertTrue(html.contains("<meta name=\"em4j-sections\" content=\""
          + String.join(",", STANDARD) + "\">"));
    }
  }

  @Test
  void reportNeedsNoNetwork() {
    Dataset data = clusters(2, 200, 9);
    String html = Report.forFit("t", fit(data, true), data, null, List.of()).build().html();
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.contains("<link"), "no external style sheets");
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(),
        "no resources loaded from elsewhere");
    assertFalse(html.contains("url(http"), "no fonts or images from elsewhere");
  }

  @Test
  void withoutTraceTheTracesSectionSaysSo() {
    Dataset data = clusters(1, 200, 4);
    Report r = Report.forFit("t", fit(data, false), data, null, List.of()).build();
    assertEquals(STANDARD, r.sectionIds());
    assertEquals(2, r.charts());
    assertTrue(r.sections().get(3).html().contains("traceParameters(true)"));
  }

  @Test
  void warningsShowDegenerateComponentsAndNonConvergence() {
    Dataset data = clusters(1, 200, 5);
    EmOptions o = EmOptions.builder().components(2).maxIterations(1).threads(1).build();
    GaussianParameters start = new GaussianParameters(CovarianceType.FULL, 1,
        new double[] {0.99, 0.01}, new double[] {3, 20}, new double[] {9, 0.01});
    MixtureModel<GaussianParameters> m =
        new MixtureFitter<>(new GaussianFamily(CovarianceType.FULL), o).fit(data, start);
    Report r = Report.forFit("t", m, data, null, List.of("a <caller> warning")).build();
    String warnings = r.sections().get(5).html();
    assertTrue(warnings.contains("a &lt;caller&gt; warning"), "escaped: " + warnings);
    assertTrue(warnings.contains("did NOT converge"), warnings);
  }

  @Test
  void parametersTableHoldsTheFittedValues() {
    Dataset data = clusters(1, 200, 6);
    MixtureModel<GaussianParameters> m = fit(data, false);
    String html = Report.forFit("t", m, data, null, List.of()).build().sections().get(1).html();
    GaussianParameters p = m.parameters();
    for (int c = 0; c < 2; c++) {
      assertTrue(html.contains(">" + Html.num(p.weight(c)) + "<"), "weight of " + c);
      assertTrue(html.contains(">" + Html.num(p.mean(c)[0]) + "<"), "mean of " + c);
      assertTrue(html.contains(">" + Html.num(Math.sqrt(p.covariance(c)[0])) + "<"), "sd");
    }
  }

  @Test
  void callersAddAppendAndMoveSections() {
    Report.Builder b = Report.builder("custom")
        .section("one", "One", Html.p("first"))
        .table("two", "Two", null, List.of("a", "b"), List.of(List.of("1", "x")))
        .chart("three", "Three", Charts.logLikelihood(List.of(-2.0, -1.0)), null);
    b.append("one", Html.p("12 missing values"));
    b.moveAfter("three", "one");
    Report r = b.build();
    assertEquals(List.of("one", "three", "two"), r.sectionIds());
    assertTrue(r.sections().get(0).html().contains("12 missing values"));
    assertEquals(1, r.charts());
    assertThrows(IllegalArgumentException.class, () -> b.section("one", "again", ""));
    assertThrows(IllegalArgumentException.class, () -> b.append("nope", ""));
    assertThrows(IllegalArgumentException.class, () -> b.section("Bad Id", "x", ""));
  }

  @Test
  void writesTheFileAndTheChartFiles(@TempDir Path dir) throws Exception {
    Dataset data = clusters(2, 200, 7);
    MixtureModel<GaussianParameters> m = fit(data, true);
    Path html = dir.resolve("r.html");
    Report.forFit("t", m, data, null, List.of()).build().write(html);
    assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
    Map<String, Chart> charts = FitCharts.of(m, data, null);
    assertEquals(List.of(FitCharts.LOG_LIKELIHOOD, FitCharts.TRACES, FitCharts.SCATTER),
        List.copyOf(charts.keySet()));
    List<Path> files = FitCharts.write(dir.resolve("plots/new"), "", charts);
    assertEquals(6, files.size());
    for (Path f : files) {
      assertTrue(Files.size(f) > 1000, f + " is not empty");
    }
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    assertThrows(org.em4j.data.InputException.class, () -> FitCharts.write(file, "", charts));
  }

  @Test
  void htmlNumbersAndEscaping() {
    assertEquals("&lt;a href=&quot;x&quot;&gt; &amp; &#39;", Html.escape("<a href=\"x\"> & '"));
    assertEquals("177.711", Html.num(177.71123));
    assertEquals("1e-07", Html.num(1e-7));
    assertEquals("-3609.73", Html.num(-3609.7251));
    assertEquals("0", Html.num(0));
  }
}
