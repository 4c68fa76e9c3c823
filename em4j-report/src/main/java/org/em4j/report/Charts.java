package org.em4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.gaussian.GaussianParameters;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One static method per kind of chart. Each takes plain arrays (or a fitted Gaussian model and
 * its data, for convenience) and returns a {@link Chart} that writes PNG or SVG. The component
 * colours are the same in every chart: component {@code k} always has {@link #color(int)
 * color(k)}.
 *
 * <p>Series names are part of the contract (tests and reports look for them): {@value
 * #HISTOGRAM}, {@code component 1 .. K}, {@value #MIXTURE}, {@value #TRUE_DENSITY}, {@value
 * #MEANS}, {@code component k, 1 sd} and {@code component k, 2 sd} for ellipses, {@value
 * #LOG_LIKELIHOOD}.
 *
 * @implNote Scatter plots draw at most {@value #MAX_POINTS} points (an evenly spaced subset of
 *     the rows, so the picture of a large data set stays readable and its SVG small); histograms
 *     and densities always use every row. Histogram bins follow the Freedman-Diaconis rule, kept
 *     between 10 and 80 bins.
 */
public final class Charts {
  /** Name of the histogram series. */
  public static final String HISTOGRAM = "data (histogram)";

  /** Name of the fitted mixture density series. */
  public static final String MIXTURE = "fitted mixture";

  /** Name of the true density series. */
  public static final String TRUE_DENSITY = "true density";

  /** Name of the series of component means in scatter plots. */
  public static final String MEANS = "means";

  /** Name of the log-likelihood series. */
  public static final String LOG_LIKELIHOOD = "log-likelihood";

  /** Most points drawn in a scatter plot. */
  public static final int MAX_POINTS = 5000;

  /** Default width in pixels of a single-panel chart. */
  public static final int WIDTH = 760;

  /** Default height in pixels of a single-panel chart. */
  public static final int HEIGHT = 440;

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
    new Color(0xbcbd22), new Color(0x7f7f7f)
  };
  private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

  private Charts() {}

  /** The colour of component {@code k} (0-based) in every chart. */
  public static Color color(int k) {
    return PALETTE[Math.floorMod(k, PALETTE.length)];
  }

  /** The name of component {@code k} (0-based) in every chart: {@code component k+1}. */
  public static String componentName(int k) {
    return "component " + (k + 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Univariate density

  /**
   * Histogram of the data (scaled to unit area) with each fitted component's density scaled by
   * its weight, the fitted mixture density and, when known, the true density.
   *
   * @param x the values (NaN values are left out); not modified
   * @param variable name of the variable, for the axis
   * @param fitted the fitted mixture
   * @param truth the true mixture, or {@code null} when unknown
   */
  public static Chart density(double[] x, String variable, NormalMixture1D fitted,
      NormalMixture1D truth) {
    return new Chart("Data and fitted densities: " + variable,
        List.of(densityPanel(x, variable, fitted, truth, true, "Data and fitted densities")),
        1, WIDTH, HEIGHT);
  }

  /** {@link #density} for column {@code j} of the data under a Gaussian model's marginals. */
  public static Chart density(Dataset data, int j, GaussianParameters p, NormalMixture1D truth) {
    return density(column(data, j), data.columnNames().get(j), NormalMixture1D.of(p, j), truth);
  }

  private static JFreeChart densityPanel(double[] x, String variable, NormalMixture1D fitted,
      NormalMixture1D truth, boolean legend, String title) {
    double[] v = Arrays.stream(x).filter(Double::isFinite).toArray();
    if (v.length == 0) {
      throw new IllegalArgumentException("no finite values to draw a histogram of " + variable);
    }
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    double lo = sorted[0];
    double hi = sorted[sorted.length - 1];
    if (hi == lo) {
      lo -= 0.5;
      hi += 0.5;
    }
    int bins = bins(sorted);
    HistogramDataset hist = new HistogramDataset();
    hist.setType(HistogramType.SCALE_AREA_TO_1);
    hist.addSeries(HISTOGRAM, v, bins, lo, hi);

    double pad = 0.08 * (hi - lo);
    double from = lo - pad;
    double to = hi + pad;
    for (int k = 0; k < fitted.components(); k++) {
      from = Math.min(from, fitted.means()[k] - 3 * fitted.sds()[k]);
      to = Math.max(to, fitted.means()[k] + 3 * fitted.sds()[k]);
    }
    from = Math.max(from, lo - 0.5 * (hi - lo));
    to = Math.min(to, hi + 0.5 * (hi - lo));
    double[] grid = grid(from, to, fitted, truth);
    XYSeriesCollection lines = new XYSeriesCollection();
    for (int k = 0; k < fitted.components(); k++) {
      XYSeries s = new XYSeries(componentName(k), false, true);
      for (double t : grid) {
        s.add(t, fitted.weightedComponentDensity(k, t));
      }
      lines.addSeries(s);
    }
    XYSeries mix = new XYSeries(MIXTURE, false, true);
    for (double t : grid) {
      mix.add(t, fitted.density(t));
    }
    lines.addSeries(mix);
    if (truth != null) {
      XYSeries tr = new XYSeries(TRUE_DENSITY, false, true);
      for (double t : grid) {
        tr.add(t, truth.density(t));
      }
      lines.addSeries(tr);
    }
    XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
    for (int k = 0; k < fitted.components(); k++) {
      lr.setSeriesPaint(k, color(k));
      lr.setSeriesStroke(k, new BasicStroke(1.6f));
    }
    lr.setSeriesPaint(fitted.components(), Color.BLACK);
    lr.setSeriesStroke(fitted.components(), new BasicStroke(2.4f));
    if (truth != null) {
      lr.setSeriesPaint(fitted.components() + 1, new Color(0x555555));
      lr.setSeriesStroke(fitted.components() + 1, new BasicStroke(2f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f));
    }
    XYBarRenderer br = new XYBarRenderer(0.05);
    br.setBarPainter(new StandardXYBarPainter());
    br.setShadowVisible(false);
    br.setSeriesPaint(0, new Color(0xc6d3e1));
    br.setDrawBarOutline(true);
    br.setSeriesOutlinePaint(0, new Color(0x9fb3c8));

    NumberAxis xAxis = new NumberAxis(variable);
    xAxis.setAutoRangeIncludesZero(false);
    NumberAxis yAxis = new NumberAxis("density");
    XYPlot plot = new XYPlot(lines, xAxis, yAxis, lr);
    plot.setDataset(1, hist);
    plot.setRenderer(1, br);
    xAxis.setRange(from, to);
    style(plot);
    return chart(title, plot, legend);
  }

  /**
   * Where densities are evaluated: 600 even steps over {@code [from, to]} plus 81 points within
   * 4 sd of every component's mean, so that a narrow (collapsed) component is drawn with its true
   * height instead of being stepped over.
   */
  private static double[] grid(double from, double to, NormalMixture1D fitted,
      NormalMixture1D truth) {
    java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
    int points = 600;
    for (int i = 0; i <= points; i++) {
      xs.add(from + (to - from) * i / points);
    }
    for (NormalMixture1D m : truth == null ? List.of(fitted) : List.of(fitted, truth)) {
      for (int k = 0; k < m.components(); k++) {
        for (int i = -40; i <= 40; i++) {
          double t = m.means()[k] + 0.1 * i * m.sds()[k];
          if (t >= from && t <= to) {
            xs.add(t);
          }
        }
      }
    }
    return xs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static int bins(double[] sorted) {
    int n = sorted.length;
    double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
    double range = sorted[n - 1] - sorted[0];
    int b;
    if (iqr > 0 && range > 0) {
      b = (int) Math.ceil(range / (2 * iqr / Math.cbrt(n)));
    } else {
      b = (int) Math.ceil(Math.sqrt(n));
    }
    return Math.max(10, Math.min(80, b));
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }

  // ---------------------------------------------------------------------------------------------
  // Convergence and traces

  /**
   * The log-likelihood against the iteration number and, below it, the log10 of its gain per
   * iteration (how fast EM is still climbing; a straight line means linear convergence).
   *
   * @param trace the log-likelihood at iteration 0, 1, ...
   */
  public static Chart logLikelihood(List<Double> trace) {
    if (trace.isEmpty()) {
      throw new IllegalArgumentException("the log-likelihood trace is empty");
    }
    XYSeries ll = new XYSeries(LOG_LIKELIHOOD, false, true);
    for (int i = 0; i < trace.size(); i++) {
      ll.add(i, trace.get(i));
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, trace.size() <= 60);
    r.setSeriesPaint(0, color(0));
    r.setSeriesStroke(0, new BasicStroke(2f));
    r.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
    NumberAxis y = new NumberAxis("log-likelihood");
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(new XYSeriesCollection(ll), iterationAxis(), y, r);
    style(plot);
    List<JFreeChart> panels = new ArrayList<>();
    panels.add(chart("Log-likelihood by iteration", plot, false));
    XYSeries gain = new XYSeries("log10 gain per iteration", false, true);
    for (int i = 1; i < trace.size(); i++) {
      double g = trace.get(i) - trace.get(i - 1);
      if (g > 0) {
        gain.add(i, Math.log10(g));
      }
    }
    if (gain.getItemCount() >= 2) {
      XYLineAndShapeRenderer r2 = new XYLineAndShapeRenderer(true, false);
      r2.setSeriesPaint(0, new Color(0x555555));
      NumberAxis y2 = new NumberAxis("log10 gain");
      y2.setAutoRangeIncludesZero(false);
      XYPlot p2 = new XYPlot(new XYSeriesCollection(gain), iterationAxis(), y2, r2);
      style(p2);
      panels.add(chart("Gain in log-likelihood per iteration (log10)", p2, false));
      return new Chart("Log-likelihood by iteration", panels, 1, WIDTH, HEIGHT + 260);
    }
    return new Chart("Log-likelihood by iteration", panels, 1, WIDTH, HEIGHT);
  }

  /**
   * Lines of values against the iteration number, one panel.
   *
   * @param title panel title
   * @param yLabel what the values are
   * @param names one name per series
   * @param values {@code values[s][t]}: series {@code s} at iteration {@code t}
   */
  public static Chart traces(String title, String yLabel, List<String> names, double[][] values) {
    return new Chart(title, List.of(tracePanel(title, yLabel, names, values, null)), 1, WIDTH,
        HEIGHT);
  }

  private static JFreeChart tracePanel(String title, String yLabel, List<String> names,
      double[][] values, int[] colorOf) {
    if (names.size() != values.length) {
      throw new IllegalArgumentException(
          "found " + names.size() + " names for " + values.length + " series");
    }
    XYSeriesCollection ds = new XYSeriesCollection();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int s = 0; s < values.length; s++) {
      XYSeries series = new XYSeries(names.get(s), false, true);
      for (int t = 0; t < values[s].length; t++) {
        series.add(t, values[s][t]);
      }
      ds.addSeries(series);
      r.setSeriesPaint(s, color(colorOf == null ? s : colorOf[s]));
      r.setSeriesStroke(s, new BasicStroke(1.8f));
    }
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(ds, iterationAxis(), y, r);
    style(plot);
    return chart(title, plot, values.length > 1);
  }

  /**
   * The parameter traces of a Gaussian mixture: means, standard deviations and weights against
   * the iteration number, in three panels (for more than one dimension, the first {@code
   * maxColumns} columns).
   *
   * @param trace the parameters at iteration 0, 1, ... (as kept with {@code
   *     EmOptions.traceParameters(true)})
   * @param columnNames names of the data columns, or {@code null}
   */
  public static Chart gaussianTraces(List<GaussianParameters> trace, List<String> columnNames,
      int maxColumns) {
    if (trace.isEmpty()) {
      throw new IllegalArgumentException(
          "the parameter trace is empty: fit with EmOptions.traceParameters(true)");
    }
    GaussianParameters first = trace.get(0);
    int k = first.components();
    int d = first.dimension();
    int shown = Math.min(d, Math.max(1, maxColumns));
    int n = trace.size();
    List<String> names = new ArrayList<>();
    int[] colorOf = new int[k * shown];
    double[][] means = new double[k * shown][n];
    double[][] sds = new double[k * shown][n];
    double[][] weights = new double[k][n];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < shown; j++) {
        String col = columnNames == null ? "x" + (j + 1) : columnNames.get(j);
        names.add(d == 1 ? componentName(c) : componentName(c) + ", " + col);
        colorOf[c * shown + j] = c;
      }
    }
    for (int t = 0; t < n; t++) {
      GaussianParameters p = trace.get(t);
      for (int c = 0; c < k; c++) {
        double[] m = p.mean(c);
        double[] cov = p.covariance(c);
        for (int j = 0; j < shown; j++) {
          means[c * shown + j][t] = m[j];
          sds[c * shown + j][t] = Math.sqrt(cov[j * d + j]);
        }
        weights[c][t] = p.weight(c);
      }
    }
    List<String> weightNames = new ArrayList<>();
    int[] weightColors = new int[k];
    for (int c = 0; c < k; c++) {
      weightNames.add(componentName(c));
      weightColors[c] = c;
    }
    List<JFreeChart> panels = List.of(
        tracePanel("Means", "mean", names, means, colorOf),
        tracePanel("Standard deviations", "standard deviation", names, sds, colorOf),
        tracePanel("Weights", "weight", weightNames, weights, weightColors));
    if (shown > 1) {
      for (JFreeChart c : panels.subList(0, 2)) {
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) c.getXYPlot().getRenderer();
        for (int s = 0; s < names.size(); s++) {
          int j = s % shown;
          if (j > 0) {
            r.setSeriesStroke(s, new BasicStroke(1.6f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f * j, 4f}, 0f));
          }
        }
      }
    }
    return new Chart("Parameter traces", panels, 1, WIDTH, 3 * 300);
  }

  // ---------------------------------------------------------------------------------------------
  // Two and more dimensions

  /**
   * Scatter plot of two columns, coloured by predicted component, with each component's 1 and 2
   * standard-deviation ellipses (from the marginal covariance of the two columns) and means.
   *
   * @param data the rows
   * @param labels predicted component of every row (0-based)
   * @param p the fitted model
   * @param xCol column on the horizontal axis
   * @param yCol column on the vertical axis
   */
  public static Chart scatter(Dataset data, int[] labels, GaussianParameters p, int xCol,
      int yCol) {
    return new Chart("Rows by predicted component, with 1 and 2 sd ellipses",
        List.of(scatterPanel(data, labels, p, xCol, yCol, true,
            "Rows by predicted component, with 1 and 2 sd ellipses")),
        1, WIDTH, (int) (WIDTH * 0.75));
  }

  private static JFreeChart scatterPanel(Dataset data, int[] labels, GaussianParameters p,
      int xCol, int yCol, boolean legend, String title) {
    if (labels.length != data.rows()) {
      throw new IllegalArgumentException(
          "found " + labels.length + " labels for " + data.rows() + " rows");
    }
    int k = p.components();
    int d = p.dimension();
    XYSeriesCollection ds = new XYSeriesCollection();
    XYSeries[] points = new XYSeries[k];
    for (int c = 0; c < k; c++) {
      points[c] = new XYSeries(componentName(c), false, true);
    }
    int step = Math.max(1, (int) Math.ceil(data.rows() / (double) MAX_POINTS));
    for (int i = 0; i < data.rows(); i += step) {
      double x = data.get(i, xCol);
      double y = data.get(i, yCol);
      if (Double.isFinite(x) && Double.isFinite(y) && labels[i] >= 0 && labels[i] < k) {
        points[labels[i]].add(x, y);
      }
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    int s = 0;
    for (int c = 0; c < k; c++) {
      ds.addSeries(points[c]);
      r.setSeriesPaint(s, withAlpha(color(c), 150));
      r.setSeriesShape(s, new Ellipse2D.Double(-2, -2, 4, 4));
      s++;
    }
    XYSeries means = new XYSeries(MEANS, false, true);
    for (int c = 0; c < k; c++) {
      means.add(p.mean(c)[xCol], p.mean(c)[yCol]);
    }
    ds.addSeries(means);
    r.setSeriesPaint(s, Color.BLACK);
    r.setSeriesShape(s, cross(6));
    r.setSeriesStroke(s, new BasicStroke(2.5f));
    s++;
    for (int c = 0; c < k; c++) {
      double[] cov = p.covariance(c);
      double a = cov[xCol * d + xCol];
      double b = cov[xCol * d + yCol];
      double e = cov[yCol * d + yCol];
      double[] m = p.mean(c);
      for (int sd = 1; sd <= 2; sd++) {
        XYSeries ell = new XYSeries(componentName(c) + ", " + sd + " sd", false, true);
        ellipse(ell, m[xCol], m[yCol], a, b, e, sd);
        ds.addSeries(ell);
        r.setSeriesLinesVisible(s, true);
        r.setSeriesShapesVisible(s, false);
        r.setSeriesPaint(s, color(c).darker());
        r.setSeriesStroke(s, sd == 1 ? new BasicStroke(2f) : new BasicStroke(1.5f,
            BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        r.setSeriesVisibleInLegend(s, false);
        s++;
      }
    }
    List<String> names = data.columnNames();
    NumberAxis x = new NumberAxis(names.get(xCol));
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(names.get(yCol));
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(ds, x, y, r);
    style(plot);
    return chart(title, plot, legend);
  }

  /**
   * Points of the ellipse {@code (z - m)' S^-1 (z - m) = r^2} for the 2 x 2 covariance {@code S
   * = [[a, b], [b, e]]}: eigen-decomposition in closed form, 96 points, closed.
   */
  static void ellipse(XYSeries out, double mx, double my, double a, double b, double e, double r) {
    double half = 0.5 * (a + e);
    double disc = Math.sqrt(0.25 * (a - e) * (a - e) + b * b);
    double l1 = Math.max(half + disc, 0);
    double l2 = Math.max(half - disc, 0);
    double theta = 0.5 * Math.atan2(2 * b, a - e);
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double s1 = r * Math.sqrt(l1);
    double s2 = r * Math.sqrt(l2);
    int n = 96;
    for (int i = 0; i <= n; i++) {
      double t = 2 * Math.PI * i / n;
      double u = s1 * Math.cos(t);
      double v = s2 * Math.sin(t);
      out.add(mx + cos * u - sin * v, my + sin * u + cos * v);
    }
  }

  /**
   * Scatter-plot matrix of the leading {@code maxColumns} columns: histograms with the weighted
   * component densities on the diagonal, scatter plots with ellipses and means elsewhere.
   */
  public static Chart scatterMatrix(Dataset data, int[] labels, GaussianParameters p,
      int maxColumns) {
    int m = Math.min(p.dimension(), Math.max(2, maxColumns));
    List<JFreeChart> panels = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        JFreeChart c;
        if (i == j) {
          c = densityPanel(column(data, j), data.columnNames().get(j), NormalMixture1D.of(p, j),
              null, false, null);
        } else {
          c = scatterPanel(data, labels, p, j, i, false, null);
        }
        shrink(c);
        panels.add(c);
      }
    }
    int cell = m <= 3 ? 300 : 250;
    String title = "Scatter-plot matrix of the first " + m + " of " + p.dimension()
        + " columns, by predicted component";
    return new Chart(title, panels, m, cell * m, cell * m);
  }

  // ---------------------------------------------------------------------------------------------
  // Discrete families and model selection

  /**
   * Bar charts of probabilities for discrete families (Bernoulli, categorical, binomial): one
   * group of bars per category or variable, one bar per component.
   *
   * @param title chart title
   * @param categories names of the categories (or variables)
   * @param probabilities {@code probabilities[k][j]}: component {@code k}'s probability of
   *     category {@code j}; each value in {@code [0, 1]}
   */
  public static Chart componentProbabilities(String title, List<String> categories,
      double[][] probabilities) {
    return new Chart(title, List.of(bars(title, "probability", null, categories, probabilities,
        true)), 1, WIDTH, HEIGHT);
  }

  /**
   * Bars of a non-negative value per component and category, e.g. Poisson rates per column: like
   * {@link #componentProbabilities} but on an axis from 0 to the largest value.
   *
   * @param yLabel what the values are (e.g. {@code "rate"})
   * @param values {@code values[component][category]}, each finite and at least 0
   */
  public static Chart componentValues(String title, String yLabel, List<String> categories,
      double[][] values) {
    return new Chart(title, List.of(bars(title, yLabel, null, categories, values, false)), 1,
        WIDTH, HEIGHT);
  }

  /**
   * Grouped bars of probabilities with named series instead of components, e.g. the estimates
   * of several EM runs side by side.
   *
   * @param seriesNames one name per row of {@code probabilities}
   * @param probabilities {@code probabilities[series][category]}, each in {@code [0, 1]}
   */
  public static Chart groupedProbabilities(String title, List<String> seriesNames,
      List<String> categories, double[][] probabilities) {
    if (seriesNames.size() != probabilities.length) {
      throw new IllegalArgumentException(
          seriesNames.size() + " series names for " + probabilities.length + " series");
    }
    return new Chart(title, List.of(bars(title, "probability", seriesNames, categories,
        probabilities, true)), 1, WIDTH, HEIGHT);
  }

  /** One bar panel: series = components (in their colours), categories along the x axis. */
  static JFreeChart bars(String title, String yLabel, List<String> seriesNames,
      List<String> categories, double[][] values, boolean probabilities) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (int k = 0; k < values.length; k++) {
      if (values[k].length != categories.size()) {
        throw new IllegalArgumentException(
            "component " + (k + 1) + " has " + values[k].length + " values for "
                + categories.size() + " categories");
      }
      for (int j = 0; j < categories.size(); j++) {
        double v = values[k][j];
        if (probabilities ? !(v >= 0 && v <= 1) : !(v >= 0 && v < Double.POSITIVE_INFINITY)) {
          throw new IllegalArgumentException(
              yLabel + " of component " + (k + 1) + ", category '" + categories.get(j)
                  + "' is " + v + (probabilities ? ", not in [0, 1]" : ", not a finite value >= 0"));
        }
        ds.addValue(v, seriesNames == null ? componentName(k) : seriesNames.get(k),
            categories.get(j));
      }
    }
    BarRenderer r = new BarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setItemMargin(0.05);
    for (int k = 0; k < values.length; k++) {
      r.setSeriesPaint(k, color(k));
    }
    CategoryAxis x = new CategoryAxis(null);
    if (categories.size() > 8) {
      x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    NumberAxis y = new NumberAxis(yLabel);
    if (probabilities) {
      y.setRange(0, 1);
    } else {
      y.setAutoRangeIncludesZero(true);
    }
    CategoryPlot plot = new CategoryPlot(ds, x, y, r);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    return chart(title, plot, true);
  }

  /**
   * Lines of y against x, one panel: e.g. BIC and AIC against the number of components.
   *
   * @param names one name per series
   * @param x the shared x values
   * @param ys {@code ys[s][i]}: series {@code s} at {@code x[i]}; a NaN value leaves a gap in
   *     its line
   */
  public static Chart lines(String title, String xLabel, String yLabel, List<String> names,
      double[] x, double[][] ys) {
    XYSeriesCollection ds = new XYSeriesCollection();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int s = 0; s < ys.length; s++) {
      if (ys[s].length != x.length) {
        throw new IllegalArgumentException(
            "series '" + names.get(s) + "' has " + ys[s].length + " values for " + x.length
                + " x values");
      }
      XYSeries series = new XYSeries(names.get(s), false, true);
      for (int i = 0; i < x.length; i++) {
        // A missing value is a gap: the line stops there instead of bridging it.
        series.add(x[i], Double.isFinite(ys[s][i]) ? (Number) ys[s][i] : null);
      }
      ds.addSeries(series);
      r.setSeriesPaint(s, color(s));
      r.setSeriesStroke(s, new BasicStroke(2f));
      r.setSeriesShape(s, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    }
    NumberAxis xa = new NumberAxis(xLabel);
    xa.setAutoRangeIncludesZero(false);
    NumberAxis ya = new NumberAxis(yLabel);
    ya.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(ds, xa, ya, r);
    style(plot);
    return new Chart(title, List.of(chart(title, plot, ys.length > 1)), 1, WIDTH, HEIGHT);
  }

  /**
   * Information criteria against the number of components (lower is better).
   *
   * @param ks the numbers of components
   * @param names the criteria, e.g. {@code BIC}, {@code AIC}
   * @param values {@code values[c][i]}: criterion {@code c} at {@code ks[i]}
   */
  public static Chart criterionByComponents(int[] ks, List<String> names, double[][] values) {
    double[] x = Arrays.stream(ks).asDoubleStream().toArray();
    Chart c = lines("Information criteria by number of components (lower is better)",
        "components K", "criterion", names, x, values);
    NumberAxis xa = (NumberAxis) c.panels().get(0).getXYPlot().getDomainAxis();
    xa.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return c;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** Column {@code j} of the data as an array. */
  static double[] column(Dataset data, int j) {
    double[] out = new double[data.rows()];
    for (int i = 0; i < out.length; i++) {
      out[i] = data.get(i, j);
    }
    return out;
  }

  private static NumberAxis iterationAxis() {
    NumberAxis x = new NumberAxis("iteration");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(true);
    return x;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setOutlinePaint(new Color(0x999999));
  }

  private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
    JFreeChart c = new JFreeChart(title, TITLE, plot, legend);
    c.setBackgroundPaint(Color.WHITE);
    if (title == null) {
      c.setTitle((String) null);
    }
    LegendTitle l = c.getLegend();
    if (l != null) {
      l.setPosition(RectangleEdge.BOTTOM);
      l.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    return c;
  }

  private static void shrink(JFreeChart c) {
    XYPlot p = c.getXYPlot();
    for (NumberAxis a : new NumberAxis[] {(NumberAxis) p.getDomainAxis(),
        (NumberAxis) p.getRangeAxis()}) {
      a.setLabelFont(SMALL);
      a.setTickLabelFont(SMALL);
    }
    if (p.getRangeAxis().getLabel() != null && p.getRangeAxis().getLabel().equals("density")) {
      p.getRangeAxis().setTickLabelsVisible(false);
    }
  }

  private static Paint withAlpha(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  private static Shape cross(double r) {
    java.awt.geom.GeneralPath path = new java.awt.geom.GeneralPath();
    path.append(new Line2D.Double(-r, -r, r, r), false);
    path.append(new Line2D.Double(-r, r, r, -r), false);
    return new BasicStroke(2.5f).createStrokedShape(path);
  }
}
