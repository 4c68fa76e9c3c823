package org.em4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.data.Levels;
import org.em4j.discrete.BernoulliFamily;
import org.em4j.discrete.BernoulliParameters;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.BinomialParameters;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.CategoricalParameters;
import org.em4j.discrete.PoissonFamily;
import org.em4j.discrete.PoissonParameters;
import org.em4j.engine.EmOptions;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;

/**
 * Reports and charts of the discrete families: the standard sections, and bar charts whose bars
 * are exactly the fitted model's probabilities (or rates), read back from the chart's data.
 */
class DiscreteReportTest {
  private static final List<String> STANDARD = List.of(Report.DATA, Report.PARAMETERS,
      Report.CONVERGENCE, Report.TRACES, Report.MODEL_CHART, Report.WARNINGS, Report.CRITERIA);

  private static final int N = 400;

  private static <P extends MixtureParameters> MixtureModel<P> fit(MixtureFamily<P, ?> family,
      Dataset data) {
    EmOptions o = EmOptions.builder().components(2).seed(5).threads(1).traceParameters(true)
        .build();
    return new MixtureFitter<>(family, o).fit(data);
  }

  /** Two groups of rows (even / odd), each column drawn by {@code draw(group, column, random)}. */
  private interface Draw {
    double value(int group, int column, SplittableRandom r);
  }

  private static Dataset data(int d, List<String> names, Draw draw) {
    SplittableRandom r = new SplittableRandom(11);
    double[] v = new double[N * d];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < d; j++) {
        v[i * d + j] = draw.value(i % 2, j, r);
      }
    }
    return new Dataset(v, N, d, names, null, "test");
  }

  private static int poisson(double rate, SplittableRandom r) {
    double l = Math.exp(-rate);
    double p = 1;
    int k = -1;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k;
  }

  /** The bar of component {@code k} (0-based) in {@code category} of panel {@code panel}. */
  private static double bar(Chart chart, int panel, int k, String category) {
    CategoryPlot plot = chart.panels().get(panel).getCategoryPlot();
    CategoryDataset ds = plot.getDataset();
    return ds.getValue(Charts.componentName(k), category).doubleValue();
  }

  private static void standardReport(MixtureModel<?> model, Dataset data, String chartStem,
      String sectionTitle) {
    Report r = Report.forFit("t", model, data, null, List.of()).build();
    assertEquals(STANDARD, r.sectionIds());
    assertEquals(3, r.charts(), "log-likelihood, traces and the bar chart");
    Report.Section chart = r.sections().get(4);
    assertEquals(1, chart.charts());
    assertEquals(sectionTitle, chart.title());
    assertFalse(r.html().contains("no data chart"), "the placeholder is gone");
    Map<String, Chart> charts = FitCharts.of(model, data, null);
    assertEquals(List.of(FitCharts.LOG_LIKELIHOOD, FitCharts.TRACES, chartStem),
        List.copyOf(charts.keySet()));
  }

  @Test
  void binomialBarsAreTheFittedPs() {
    double[] v = new double[2 * N];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < N; i++) {
      double p = i % 2 == 0 ? 0.85 : 0.3;
      int heads = 0;
      for (int t = 0; t < 12; t++) {
        heads += r.nextDouble() < p ? 1 : 0;
      }
      v[2 * i] = heads;
      v[2 * i + 1] = 12;
    }
    Dataset data = new Dataset(v, N, 2, List.of("heads", "tosses"), null, "test");
    MixtureModel<BinomialParameters> m = fit(new BinomialFamily(), data);
    Chart chart = DiscreteCharts.of(m);
    for (int k = 0; k < 2; k++) {
      assertEquals(m.parameters().p(k), bar(chart, 0, k, "p"), 0.0);
    }
    assertEquals(List.of("component 1", "component 2"), chart.seriesNames());
    standardReport(m, data, DiscreteCharts.PROBABILITIES, "Component probabilities");
    assertTrue(FitCharts.of(m, data, null).get(FitCharts.TRACES).seriesNames()
        .containsAll(List.of("weight[1]", "p[1]", "p[2]")), "traces of the weights and p's");
  }

  @Test
  void bernoulliBarsAreThePsOfEveryColumn() {
    double[][] p = {{0.9, 0.8, 0.1}, {0.2, 0.3, 0.7}};
    Dataset data = data(3, List.of("q1", "q2", "q3"),
        (g, j, r) -> r.nextDouble() < p[g][j] ? 1 : 0);
    MixtureModel<BernoulliParameters> m = fit(new BernoulliFamily(), data);
    Chart chart = DiscreteCharts.of(m);
    for (int k = 0; k < 2; k++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(m.parameters().p(k, j), bar(chart, 0, k, "q" + (j + 1)), 0.0);
      }
    }
    standardReport(m, data, DiscreteCharts.PROBABILITIES, "Component probabilities");
  }

  @Test
  void poissonBarsAreRatesOnTheirOwnAxis() {
    double[][] rate = {{2, 9}, {8, 1}};
    Dataset data = data(2, List.of("visits", "calls"), (g, j, r) -> poisson(rate[g][j], r));
    MixtureModel<PoissonParameters> m = fit(new PoissonFamily(), data);
    Chart chart = DiscreteCharts.of(m);
    for (int k = 0; k < 2; k++) {
      assertEquals(m.parameters().rate(k, 0), bar(chart, 0, k, "visits"), 0.0);
      assertEquals(m.parameters().rate(k, 1), bar(chart, 0, k, "calls"), 0.0);
    }
    assertEquals("rate", chart.panels().get(0).getCategoryPlot().getRangeAxis().getLabel());
    assertTrue(chart.panels().get(0).getCategoryPlot().getRangeAxis().getUpperBound() > 8,
        "the axis reaches the largest rate, not 1");
    standardReport(m, data, DiscreteCharts.RATES, "Component rates");
  }

  @Test
  void categoricalHasOnePanelPerColumnWithItsLevels() {
    Levels levels = new Levels(List.of(List.of("no", "yes"), List.of("high", "low", "mid")));
    double[][][] probs = {{{0.8, 0.2}, {0.6, 0.1, 0.3}}, {{0.3, 0.7}, {0.1, 0.6, 0.3}}};
    Dataset data = data(2, List.of("smoker", "stress"), (g, j, r) -> {
      double u = r.nextDouble();
      double[] pr = probs[g][j];
      int level = 0;
      while (level < pr.length - 1 && u >= pr[level]) {
        u -= pr[level];
        level++;
      }
      return level;
    });
    MixtureModel<CategoricalParameters> m = fit(new CategoricalFamily(levels), data);
    Chart chart = DiscreteCharts.of(m);
    assertEquals(2, chart.panels().size(), "one panel per column");
    for (int k = 0; k < 2; k++) {
      for (int j = 0; j < 2; j++) {
        for (int l = 0; l < levels.count(j); l++) {
          assertEquals(m.parameters().probability(k, j, l),
              bar(chart, j, k, levels.name(j, l)), 0.0, "component " + k + " column " + j);
        }
      }
    }
    assertEquals("stress", chart.panels().get(1).getTitle().getText());
    // The data section counts levels instead of averaging level codes.
    int[] yes = new int[1];
    for (int i = 0; i < N; i++) {
      yes[0] += data.get(i, 0) == 1 ? 1 : 0;
    }
    String html = Report.forFit("t", m, data, null, List.of()).build().html();
    assertTrue(html.contains("no " + (N - yes[0]) + ", yes " + yes[0]), html);
    standardReport(m, data, DiscreteCharts.PROBABILITIES, "Component probabilities");
  }

  @Test
  void dataSectionCountsMissingCellsAndSkippedRows() {
    double nan = Double.NaN;
    double[] v = {1, 2, nan, 4, 5, nan, nan, 8, 9, 10, 11, 12};
    Dataset complete = Dataset.of(new double[] {1, 2, 3, 4}, 2, 2);
    assertNull(Report.Builder.missingLine(complete));
    Dataset data = Dataset.of(v, 6, 2).withSkippedRows(new int[] {3, 7});
    // 12 cells, 3 missing, one in each of rows 2, 3 and 4
    String line = Report.Builder.missingLine(data);
    assertEquals("Missing values: 3 of 12 cells (25.0 %) in 3 of 6 rows; 2 rows with every value"
        + " missing were skipped.", line);
    String html = Report.builder("t").dataSummary(data).build().html();
    assertTrue(html.contains(Html.escape(line)), html);
  }
}
