package org.em4j.report;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.em4j.data.Dataset;
import org.em4j.mixture.MixtureModel;
import org.em4j.selection.CellResult;
import org.em4j.selection.CellStatus;
import org.em4j.selection.Criterion;
import org.em4j.selection.SelectionResult;
import org.em4j.selection.SelectionTable;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * Charts and report of a model selection ({@code em4j select}, issue 6): the criterion against K,
 * one line per structure (the familiar BIC plot of mclust, Scrucca et al., "mclust 5", The R
 * Journal 8 (2016), on em4j's lower-is-better scale), with the best cell marked and failed cells
 * as gaps in their line; the table of every cell; and the best model's standard fit sections.
 */
public final class SelectionReport {
  /** Stem of the criterion chart. */
  public static final String CRITERION = "criterion";

  /** Id of the selection-table section. */
  public static final String SELECTION = "selection";

  /** Id of the section holding the criterion chart. */
  public static final String CRITERION_CHART = "criterion-chart";

  /** Prefix of the name of the series marking the best cell. */
  public static final String BEST = "best";

  private SelectionReport() {}

  /**
   * The criterion against K, one series per structure (data of {@link SelectionResult#series}),
   * plus a one-point series named {@code best: STRUCTURE, K = k} when a cell has a model.
   */
  public static Chart criterionChart(SelectionResult result) {
    Criterion crit = result.criterion();
    List<SelectionResult.Series> series = result.series(crit);
    List<Integer> ks = result.options().components();
    int[] k = ks.stream().mapToInt(Integer::intValue).toArray();
    List<String> names = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (SelectionResult.Series s : series) {
      names.add(s.structure());
      values.add(s.values());
    }
    CellResult best = result.best().orElse(null);
    if (best != null) {
      double[] mark = new double[k.length];
      java.util.Arrays.fill(mark, Double.NaN);
      mark[ks.indexOf(best.components())] = best.value(crit);
      names.add(bestName(best));
      values.add(mark);
    }
    String label = crit.label().toUpperCase(Locale.ROOT);
    Chart c = Charts.criterionByComponents(k, List.of(names.toArray(new String[0])),
        values.toArray(new double[0][]));
    c = new Chart(label + " by number of components and structure (lower is better)",
        c.panels(), 1, c.width(), c.height());
    XYPlot plot = c.panels().get(0).getXYPlot();
    plot.getRangeAxis().setLabel(label);
    c.panels().get(0).setTitle(c.title());
    if (best != null) {
      XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
      int s = names.size() - 1;
      r.setSeriesShape(s, new Rectangle2D.Double(-7, -7, 14, 14));
      r.setSeriesShapesFilled(s, false);
      r.setSeriesPaint(s, java.awt.Color.BLACK);
      r.setSeriesStroke(s, new java.awt.BasicStroke(2.5f));
      r.setSeriesLinesVisible(s, false);
    }
    return c;
  }

  /** The name of the series marking the best cell. */
  public static String bestName(CellResult best) {
    return BEST + ": " + best.structure() + ", K = " + best.components();
  }

  /**
   * The charts {@code select --plots DIR} writes: the criterion chart, then the best fit's.
   *
   * @param bestModel the best cell's model to draw (e.g. refitted with its parameter trace), or
   *     {@code null} for the selector's own
   */
  public static Map<String, Chart> charts(SelectionResult result, MixtureModel<?> bestModel,
      Dataset data) {
    Map<String, Chart> out = new LinkedHashMap<>();
    out.put(CRITERION, criterionChart(result));
    MixtureModel<?> best = bestModel(result, bestModel);
    if (best != null) {
      out.putAll(FitCharts.of(best, data, null));
    }
    return out;
  }

  private static MixtureModel<?> bestModel(SelectionResult result, MixtureModel<?> given) {
    if (given != null) {
      return given;
    }
    return result.best().map(CellResult::model).orElse(null);
  }

  /**
   * The report: the selection table and the criterion chart after the data summary, then the
   * best model's standard fit sections ({@link Report#forFit}). With every cell failed, the data
   * summary, the table and the chart only.
   *
   * @param bestModel the best cell's model for the fit sections (e.g. refitted with its
   *     parameter trace), or {@code null} for the selector's own
   */
  public static Report.Builder builder(String title, SelectionResult result,
      MixtureModel<?> bestModel, Dataset data) {
    CellResult best = result.best().orElse(null);
    Report.Builder b = best != null
        ? Report.forFit(title, bestModel(result, bestModel), data, null, List.of())
        : Report.builder(title).dataSummary(data);
    Criterion crit = result.criterion();
    String name = crit.label().toUpperCase(Locale.ROOT);
    b.table(SELECTION, "Model selection",
        name + " of every cell, lower is better" + (crit == Criterion.AIC ? ""
            : " (mclust's " + name + " is -1 times this)") + ". " + SelectionTable.BEST_MARK
            + " marks the best cell, " + SelectionTable.NOT_CONVERGED_MARK
            + " a cell that did not converge; a failed cell is shown, never ranked. "
            + (best == null ? "Every cell failed." : "Best: " + best.structure() + ", K = "
                + best.components() + gapText(result)),
        header(result), rows(result, best));
    List<String> notes = notes(result);
    if (!notes.isEmpty()) {
      b.append(SELECTION, Html.list(notes));
    }
    b.chart(CRITERION_CHART, name + " against K", criterionChart(result),
        name + " of every structure against the number of components; the square marks the best"
            + " cell; a gap is a cell that failed.");
    b.moveAfter(SELECTION, Report.DATA);
    b.moveAfter(CRITERION_CHART, SELECTION);
    return b;
  }

  private static String gapText(SelectionResult result) {
    double gap = result.gap();
    return Double.isNaN(gap) ? "." : String.format(Locale.ROOT,
        "; the runner-up is %s worse.", Html.num(gap));
  }

  private static List<String> header(SelectionResult result) {
    List<String> h = new ArrayList<>(List.of("K"));
    result.options().structures().forEach(s -> h.add(s.label()));
    return h;
  }

  private static List<List<String>> rows(SelectionResult result, CellResult best) {
    Criterion crit = result.criterion();
    List<List<String>> rows = new ArrayList<>();
    for (int k : result.options().components()) {
      List<String> row = new ArrayList<>(List.of(String.valueOf(k)));
      for (var s : result.options().structures()) {
        CellResult c = result.cell(s.label(), k).orElseThrow();
        String text = c.hasModel() ? String.format(Locale.ROOT, "%.2f", c.value(crit)) : "failed";
        if (c == best) {
          text += " " + SelectionTable.BEST_MARK;
        }
        if (c.status() == CellStatus.NOT_CONVERGED) {
          text += " " + SelectionTable.NOT_CONVERGED_MARK;
        }
        row.add(text);
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> notes(SelectionResult result) {
    List<String> notes = new ArrayList<>();
    for (CellResult c : result.cells()) {
      String where = c.structure() + ", K = " + c.components();
      if (!c.hasModel()) {
        notes.add("failed: " + where + ": " + c.message());
      } else if (c.status() == CellStatus.NOT_CONVERGED) {
        notes.add("not converged: " + where + " (iteration limit reached)");
      }
      if (c.hasModel() && c.failedRuns() > 0) {
        notes.add(c.failedRuns() + " of " + c.runs() + " runs degenerated: " + where);
      }
    }
    return notes;
  }
}
