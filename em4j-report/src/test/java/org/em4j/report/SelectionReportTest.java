package org.em4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.selection.CellResult;
import org.em4j.selection.CellStatus;
import org.em4j.selection.Criterion;
import org.em4j.selection.ModelSelector;
import org.em4j.selection.SelectionOptions;
import org.em4j.selection.SelectionResult;
import org.em4j.selection.Structure;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** The model-selection chart and report: one line per structure, best marked, failures as gaps. */
class SelectionReportTest {
  private static final List<Integer> KS = List.of(1, 2, 3, 4);

  private static Dataset clusters() {
    SplittableRandom r = new SplittableRandom(4);
    int n = 300;
    double[] v = new double[2 * n];
    double[][] means = {{0, 0}, {6, 6}, {0, 7}};
    for (int i = 0; i < n; i++) {
      double[] m = means[i % 3];
      v[2 * i] = m[0] + r.nextGaussian();
      v[2 * i + 1] = m[1] + r.nextGaussian();
    }
    return Dataset.of(v, n, 2);
  }

  private static SelectionResult select(Dataset data) {
    SelectionOptions o = new SelectionOptions(
        Structure.gaussian(List.of(CovarianceType.FULL, CovarianceType.SPHERICAL), 1e-6), KS,
        Criterion.BIC, EmOptions.builder().seed(2).threads(1).build());
    return new ModelSelector(o).select(data);
  }

  @Test
  void chartHasOneLinePerStructureWithTheCriterionAndTheBestMarked() {
    Dataset data = clusters();
    SelectionResult result = select(data);
    CellResult best = result.best().orElseThrow();
    assertEquals(3, best.components(), "three well separated clusters");
    Chart c = SelectionReport.criterionChart(result);
    assertEquals(List.of("full", "spherical", SelectionReport.bestName(best)), c.seriesNames());
    XYSeriesCollection ds = (XYSeriesCollection) c.panels().get(0).getXYPlot().getDataset();
    for (int s = 0; s < 2; s++) {
      SelectionResult.Series series = result.series(Criterion.BIC).get(s);
      for (int i = 0; i < KS.size(); i++) {
        assertEquals(KS.get(i), ds.getSeries(s).getX(i).intValue());
        assertEquals(series.values()[i], ds.getSeries(s).getY(i).doubleValue(), 0.0);
        CellResult cell = result.cell(series.structure(), KS.get(i)).orElseThrow();
        assertEquals(cell.bic(), ds.getSeries(s).getY(i).doubleValue(), 0.0);
      }
    }
    // The best marker: one point, at the best cell.
    int marked = 0;
    for (int i = 0; i < KS.size(); i++) {
      Number y = ds.getSeries(2).getY(i);
      if (y != null) {
        marked++;
        assertEquals(best.components(), ds.getSeries(2).getX(i).intValue());
        assertEquals(best.bic(), y.doubleValue(), 0.0);
      }
    }
    assertEquals(1, marked);
  }

  @Test
  void aFailedCellIsAGapAndIsListed() {
    Dataset data = clusters();
    SelectionResult ok = select(data);
    List<CellResult> cells = new ArrayList<>(ok.cells());
    CellResult was = ok.cell("spherical", 4).orElseThrow();
    CellResult failed = new CellResult(was.index(), "spherical", 4, was.seed(), CellStatus.FAILED,
        null, Double.NaN, -1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, 1,
        "every run degenerated");
    cells.set(was.index(), failed);
    SelectionResult result =
        new SelectionResult(ok.options(), cells, ok.totalWeight(), ok.rows());
    Chart c = SelectionReport.criterionChart(result);
    XYPlot plot = c.panels().get(0).getXYPlot();
    XYSeriesCollection ds = (XYSeriesCollection) plot.getDataset();
    assertEquals(KS.size(), ds.getSeries(1).getItemCount(), "the failed point stays, as a gap");
    assertNull(ds.getSeries(1).getY(3), "no value at K = 4: the line stops");
    Report r = SelectionReport.builder("t", result, null, data).build();
    String html = r.html();
    assertTrue(html.contains("failed: spherical, K = 4: every run degenerated"), html);
    assertTrue(html.contains("<td>failed</td>") || html.contains(">failed<"), "the table says so");
  }

  @Test
  void reportHasSelectionSectionsThenTheBestFit() {
    Dataset data = clusters();
    SelectionResult result = select(data);
    Report r = SelectionReport.builder("t", result, null, data).build();
    assertEquals(List.of(Report.DATA, SelectionReport.SELECTION, SelectionReport.CRITERION_CHART,
        Report.PARAMETERS, Report.CONVERGENCE, Report.TRACES, Report.MODEL_CHART,
        Report.WARNINGS, Report.CRITERIA), r.sectionIds());
    // criterion chart, log-likelihood, scatter (the selector keeps no traces)
    assertEquals(3, r.charts());
    CellResult best = result.best().orElseThrow();
    String html = r.html();
    assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%.2f *", best.bic())),
        "best cell marked in the table");
    assertTrue(html.contains("K = " + best.components() + ", spherical covariance")
        || html.contains("K = " + best.components() + ", full covariance"));
    assertEquals(List.of(SelectionReport.CRITERION, FitCharts.LOG_LIKELIHOOD, FitCharts.SCATTER),
        List.copyOf(SelectionReport.charts(result, null, data).keySet()));
  }
}
