package org.em4j.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.em4j.data.Dataset;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.AtomicFile;
import org.em4j.mixture.FitSummary;
import org.em4j.mixture.MixtureModel;

/**
 * A self-contained HTML report: a title and an ordered list of sections, each with an id, a
 * heading and an HTML body in which charts are inline SVG. Nothing is loaded from the network (no
 * scripts, fonts or style sheets from elsewhere), so the file can be mailed or opened offline.
 *
 * <p>Build one with {@link #builder(String)} or, for a fitted mixture, {@link #forFit}, which
 * adds the standard sections (ids {@link #DATA}, {@link #PARAMETERS}, {@link #CONVERGENCE},
 * {@link #TRACES}, {@link #MODEL_CHART}, {@link #WARNINGS}, {@link #CRITERIA}); callers add their
 * own with {@link Builder#section}, {@link Builder#table}, {@link Builder#chart} or append to an
 * existing section with {@link Builder#append}.
 *
 * <p>The page carries two machine-readable marks for checkers: {@code <meta
 * name="em4j-sections">} lists the section ids and {@code <meta name="em4j-charts">} the number
 * of charts; every chart is an {@code <svg>} inside {@code <figure class="em4j-chart">}.
 */
public final class Report {
  /** Id of the data summary section. */
  public static final String DATA = "data";

  /** Id of the fitted parameters section. */
  public static final String PARAMETERS = "parameters";

  /** Id of the convergence section (log-likelihood chart). */
  public static final String CONVERGENCE = "convergence";

  /** Id of the parameter traces section. */
  public static final String TRACES = "traces";

  /** Id of the section with the density or scatter chart. */
  public static final String MODEL_CHART = "model-chart";

  /** Id of the warnings section. */
  public static final String WARNINGS = "warnings";

  /** Id of the BIC / AIC section. */
  public static final String CRITERIA = "criteria";

  /**
   * One section of a report.
   *
   * @param id a unique id (the HTML anchor), letters, digits and '-'
   * @param title the heading
   * @param html the body (trusted HTML: escape text with {@link Html#escape})
   * @param charts number of charts in the body
   */
  public record Section(String id, String title, String html, int charts) {
    /** Checks the id. */
    public Section {
      if (!id.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException(
            "a section id needs lower-case letters, digits and '-', got '" + id + "'");
      }
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(html, "html");
    }
  }

  private final String title;
  private final String subtitle;
  private final List<Section> sections;

  private Report(String title, String subtitle, List<Section> sections) {
    this.title = title;
    this.subtitle = subtitle;
    this.sections = List.copyOf(sections);
  }

  /** A builder for an empty report. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /**
   * A builder holding the standard sections for a fitted mixture: data summary, parameters,
   * convergence, parameter traces (when the fit kept them), the density or scatter chart,
   * warnings and BIC / AIC.
   *
   * @param title the report's title
   * @param model the fitted model
   * @param data the data it was fitted on
   * @param truth the true distribution of univariate simulated data, or {@code null}
   * @param extraWarnings warnings the caller knows of, shown first
   */
  public static Builder forFit(String title, MixtureModel<?> model, Dataset data,
      NormalMixture1D truth, List<String> extraWarnings) {
    Builder b = builder(title);
    if (model.family() instanceof org.em4j.discrete.CategoricalFamily c) {
      b.levelSummary(data, c.levels());
    } else {
      b.dataSummary(data);
    }
    b.parameters(model);
    b.convergence(model);
    b.parameterTraces(model);
    b.modelChart(model, data, truth);
    List<String> warnings = new ArrayList<>(extraWarnings);
    warnings.addAll(Diagnostics.DEFAULT.warnings(model, data));
    b.warnings(warnings);
    b.criteria(model);
    return b;
  }

  /** The title. */
  public String title() {
    return title;
  }

  /** The sections in order. */
  public List<Section> sections() {
    return sections;
  }

  /** The ids of the sections, in order. */
  public List<String> sectionIds() {
    return sections.stream().map(Section::id).toList();
  }

  /** The number of charts in all sections. */
  public int charts() {
    return sections.stream().mapToInt(Section::charts).sum();
  }

  /** Writes the HTML atomically. */
  public void write(Path file) {
    AtomicFile.writeString(file, html());
  }

  /** The whole page. */
  public String html() {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"em4j\">\n")
        .append("<meta name=\"em4j-sections\" content=\"")
        .append(Html.escape(String.join(",", sectionIds())))
        .append("\">\n<meta name=\"em4j-charts\" content=\"")
        .append(charts())
        .append("\">\n<title>")
        .append(Html.escape(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<header>\n<h1>")
        .append(Html.escape(title))
        .append("</h1>\n");
    if (subtitle != null) {
      b.append("<p class=\"subtitle\">").append(Html.escape(subtitle)).append("</p>\n");
    }
    b.append("<nav>");
    for (Section s : sections) {
      b.append("<a href=\"#").append(s.id()).append("\">").append(Html.escape(s.title()))
          .append("</a> ");
    }
    b.append("</nav>\n</header>\n<main>\n");
    for (Section s : sections) {
      b.append("<section id=\"").append(s.id()).append("\">\n<h2>")
          .append(Html.escape(s.title())).append("</h2>\n").append(s.html()).append("</section>\n");
    }
    b.append("</main>\n<footer>Made by em4j. Self-contained: every chart is inline SVG.</footer>\n")
        .append("</body>\n</html>\n");
    return b.toString();
  }

  private static final String CSS =
      """
      body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 0;
             color: #222; background: #f6f7f9; }
      header { background: #1f3b57; color: #fff; padding: 18px 32px 10px; }
      header h1 { margin: 0 0 4px; font-size: 24px; }
      .subtitle { margin: 0 0 8px; color: #d8e2ec; }
      nav a { color: #cfe3ff; margin-right: 14px; font-size: 14px; text-decoration: none; }
      main { max-width: 1100px; margin: 0 auto; padding: 8px 24px 24px; }
      section { background: #fff; border: 1px solid #dde2e8; border-radius: 6px;
                margin: 18px 0; padding: 6px 22px 16px; }
      h2 { font-size: 19px; color: #1f3b57; border-bottom: 1px solid #e4e8ee; padding-bottom: 6px; }
      table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
      th, td { border: 1px solid #d5dbe3; padding: 4px 10px; }
      th { background: #eef2f6; text-align: left; }
      td.num { text-align: right; font-family: "DejaVu Sans Mono", monospace; }
      figure.em4j-chart { margin: 10px 0; }
      figure.em4j-chart svg { max-width: 100%; height: auto; display: block; }
      figcaption { font-size: 13px; color: #555; margin-top: 4px; }
      ul.warnings li { color: #8a4b00; }
      p.ok { color: #2b6e2b; }
      footer { text-align: center; color: #888; font-size: 12px; padding: 12px; }
      """;

  /** Assembles a report. Not thread-safe. */
  public static final class Builder {
    private final String title;
    private String subtitle;
    private final Map<String, String[]> bodies = new LinkedHashMap<>();
    private final Map<String, Integer> charts = new LinkedHashMap<>();
    private int chartCounter;

    private Builder(String title) {
      this.title = Objects.requireNonNull(title, "title");
    }

    /** A line under the title. */
    public Builder subtitle(String text) {
      this.subtitle = text;
      return this;
    }

    /**
     * Adds a section at the end.
     *
     * @param html trusted HTML (escape text with {@link Html#escape})
     * @throws IllegalArgumentException when a section with this id exists
     */
    public Builder section(String id, String sectionTitle, String html) {
      if (bodies.containsKey(id)) {
        throw new IllegalArgumentException("the report already has a section '" + id + "'");
      }
      new Section(id, sectionTitle, html, 0); // validates
      bodies.put(id, new String[] {sectionTitle, html});
      charts.put(id, 0);
      return this;
    }

    /**
     * Moves section {@code id} to just after section {@code after}, e.g. to put a demo's own
     * tables before the standard sections.
     *
     * @throws IllegalArgumentException when either section does not exist
     */
    public Builder moveAfter(String id, String after) {
      if (!bodies.containsKey(id) || !bodies.containsKey(after)) {
        throw new IllegalArgumentException(
            "the report has no section '" + (bodies.containsKey(id) ? after : id) + "'");
      }
      if (id.equals(after)) {
        return this;
      }
      String[] moved = bodies.remove(id);
      Map<String, String[]> copy = new LinkedHashMap<>(bodies);
      bodies.clear();
      for (Map.Entry<String, String[]> e : copy.entrySet()) {
        bodies.put(e.getKey(), e.getValue());
        if (e.getKey().equals(after)) {
          bodies.put(id, moved);
        }
      }
      return this;
    }

    /** Whether a section with this id exists. */
    public boolean has(String id) {
      return bodies.containsKey(id);
    }

    /**
     * Appends HTML to an existing section (e.g. a line about missing values to {@link #DATA}).
     *
     * @throws IllegalArgumentException when there is no such section
     */
    public Builder append(String id, String html) {
      String[] s = bodies.get(id);
      if (s == null) {
        throw new IllegalArgumentException("the report has no section '" + id + "'");
      }
      s[1] = s[1] + html;
      return this;
    }

    /** Adds a section holding a table of plain-text cells, with an optional note above it. */
    public Builder table(String id, String sectionTitle, String note, List<String> header,
        List<List<String>> rows) {
      return section(id, sectionTitle,
          (note == null ? "" : Html.p(note)) + Html.table(header, rows));
    }

    /** Adds a section holding one chart. */
    public Builder chart(String id, String sectionTitle, Chart chart, String caption) {
      section(id, sectionTitle, "");
      return appendChart(id, chart, caption);
    }

    /** Appends a chart (inline SVG) to an existing section. */
    public Builder appendChart(String id, Chart chart, String caption) {
      chartCounter++;
      String svgId = "chart" + chartCounter;
      String html = "<figure class=\"em4j-chart\" data-chart=\"" + Html.escape(chart.title())
          + "\">\n" + chart.toSvg(svgId) + "\n<figcaption>"
          + Html.escape(caption == null ? chart.title() : caption) + "</figcaption>\n</figure>\n";
      append(id, html);
      charts.merge(id, 1, Integer::sum);
      return this;
    }

    /** The data summary: source, rows, columns, and per column min, mean, sd, max. */
    public Builder dataSummary(Dataset data) {
      StringBuilder note = new StringBuilder();
      note.append(data.source()).append(": ").append(data.rows()).append(" rows, ")
          .append(data.columns()).append(data.columns() == 1 ? " column" : " columns");
      if (data.hasWeights()) {
        note.append(", weighted (total weight ").append(Html.num(data.totalWeight())).append(")");
      }
      double[] sds = Diagnostics.columnSds(data);
      List<List<String>> rows = new ArrayList<>();
      int shown = Math.min(data.columns(), 50);
      for (int j = 0; j < shown; j++) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < data.rows(); i++) {
          double v = data.get(i, j);
          if (Double.isFinite(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            n++;
          }
        }
        rows.add(List.of(data.columnNames().get(j), Html.num(n == 0 ? Double.NaN : min),
            Html.num(n == 0 ? Double.NaN : sum / n), Html.num(sds[j]),
            Html.num(n == 0 ? Double.NaN : max)));
      }
      String missing = missingLine(data);
      if (missing != null) {
        note.append(". ").append(missing);
      }
      String more = shown < data.columns()
          ? Html.p("(" + (data.columns() - shown) + " more columns not shown)") : "";
      return section(DATA, "Data", Html.p(note.toString())
          + Html.table(List.of("column", "min", "mean", "sd", "max"), rows) + more);
    }

    /**
     * The data summary of categorical data (level codes): source, rows, columns, and per column
     * how often each level occurs (the first 12 levels) and how many cells are missing.
     */
    public Builder levelSummary(Dataset data, org.em4j.data.Levels levels) {
      StringBuilder note = new StringBuilder();
      note.append(data.source()).append(": ").append(data.rows()).append(" rows, ")
          .append(data.columns()).append(data.columns() == 1 ? " column" : " columns")
          .append(" of levels");
      String missing = missingLine(data);
      if (missing != null) {
        note.append(". ").append(missing);
      }
      List<List<String>> rows = new ArrayList<>();
      int shown = Math.min(data.columns(), 50);
      for (int j = 0; j < shown; j++) {
        int[] counts = new int[levels.count(j)];
        int missingCells = 0;
        for (int i = 0; i < data.rows(); i++) {
          double v = data.get(i, j);
          if (Double.isNaN(v)) {
            missingCells++;
          } else {
            counts[(int) v]++;
          }
        }
        StringBuilder freq = new StringBuilder();
        for (int l = 0; l < counts.length && l < 12; l++) {
          freq.append(l == 0 ? "" : ", ").append(levels.name(j, l)).append(' ').append(counts[l]);
        }
        if (counts.length > 12) {
          freq.append(", ... (").append(counts.length - 12).append(" more)");
        }
        rows.add(List.of(data.columnNames().get(j), String.valueOf(counts.length),
            freq.toString(), String.valueOf(missingCells)));
      }
      String more = shown < data.columns()
          ? Html.p("(" + (data.columns() - shown) + " more columns not shown)") : "";
      return section(DATA, "Data", Html.p(note.toString())
          + Html.table(List.of("column", "levels", "rows per level", "missing"), rows) + more);
    }

    /**
     * The line about missing values in the data section, e.g. {@code Missing values: 88 of 450
     * cells (19.6 %) in 71 of 150 rows; 2 rows with every value missing were skipped.}, or {@code
     * null} when nothing was missing (issue 7).
     */
    public static String missingLine(Dataset data) {
      int skipped = data.skippedRows().length;
      if (!data.hasMissing() && skipped == 0) {
        return null;
      }
      long cells = (long) data.rows() * data.columns();
      String s = String.format(Locale.ROOT, "Missing values: %d of %d cells (%.1f %%) in %d of %d"
          + " rows", data.missingCells(), cells,
          cells == 0 ? 0.0 : 100.0 * data.missingCells() / cells, data.incompleteRows(),
          data.rows());
      if (skipped > 0) {
        s += "; " + skipped + (skipped == 1 ? " row" : " rows")
            + " with every value missing " + (skipped == 1 ? "was" : "were") + " skipped";
      }
      return s + ".";
    }

    /** The fitted parameters as tables (Gaussian: weights, means, sds, covariances). */
    public Builder parameters(MixtureModel<?> model) {
      StringBuilder html = new StringBuilder();
      String what = model.family().name() + " mixture, K = " + model.components()
          + (model.family() instanceof GaussianFamily g
              ? ", " + g.covarianceType().label() + " covariance" : "")
          + ", " + (model.fit() != null ? model.fit().freeParameters() : model.freeParameters())
          + " free parameters";
      html.append(Html.p(what));
      if (model.parameters() instanceof GaussianParameters g) {
        html.append(gaussianTables(g, names(model, g.dimension())));
      } else {
        html.append(genericTable(model));
      }
      return section(PARAMETERS, "Fitted parameters", html.toString());
    }

    private static List<String> names(MixtureModel<?> model, int d) {
      return model.columnNames() != null && model.columnNames().size() == d
          ? model.columnNames() : Dataset.defaultNames(d);
    }

    private static String gaussianTables(GaussianParameters g, List<String> names) {
      int d = g.dimension();
      int shown = Math.min(d, 8);
      List<String> header = new ArrayList<>(List.of("component", "weight"));
      for (int j = 0; j < shown; j++) {
        header.add("mean " + names.get(j));
        header.add("sd " + names.get(j));
      }
      List<List<String>> rows = new ArrayList<>();
      for (int c = 0; c < g.components(); c++) {
        List<String> row = new ArrayList<>();
        row.add(String.valueOf(c + 1));
        row.add(Html.num(g.weight(c)));
        double[] m = g.mean(c);
        double[] cov = g.covariance(c);
        for (int j = 0; j < shown; j++) {
          row.add(Html.num(m[j]));
          row.add(Html.num(Math.sqrt(cov[j * d + j])));
        }
        rows.add(row);
      }
      StringBuilder html = new StringBuilder(Html.table(header, rows));
      if (shown < d) {
        html.append(Html.p("(" + (d - shown) + " more columns in the model file)"));
      }
      if (d >= 2 && d <= 4) {
        for (int c = 0; c < g.components(); c++) {
          List<String> h = new ArrayList<>(List.of("covariance, component " + (c + 1)));
          h.addAll(names.subList(0, d));
          List<List<String>> cr = new ArrayList<>();
          double[] cov = g.covariance(c);
          for (int i = 0; i < d; i++) {
            List<String> row = new ArrayList<>(List.of(names.get(i)));
            for (int j = 0; j < d; j++) {
              row.add(Html.num(cov[i * d + j]));
            }
            cr.add(row);
          }
          html.append(Html.table(h, cr));
        }
      }
      return html.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String genericTable(MixtureModel<?> model) {
      org.em4j.engine.Family family = model.family();
      List<String> pn = family.parameterNames(model.parameters());
      double[] flat = family.flatten(model.parameters());
      List<List<String>> rows = new ArrayList<>();
      for (int i = 0; i < pn.size() && i < flat.length; i++) {
        rows.add(List.of(pn.get(i), Html.num(flat[i])));
      }
      return Html.table(List.of("parameter", "value"), rows);
    }

    /** Convergence: iterations, tolerance, log-likelihood, runs, and the log-likelihood chart. */
    public Builder convergence(MixtureModel<?> model) {
      FitSummary fit = model.fit();
      if (fit == null) {
        return section(CONVERGENCE, "Convergence", Html.p("The model was given, not fitted."));
      }
      String status = fit.converged()
          ? String.format(Locale.ROOT, "Converged after %d iterations (%d passes over the data):"
              + " the mean log-likelihood per row changed by less than %s.", fit.iterations(),
              fit.eSteps(), Html.num(fit.tolerance()))
          : String.format(Locale.ROOT, "NOT converged: stopped at the iteration limit of %d.",
              fit.maxIterations());
      StringBuilder html = new StringBuilder(Html.p(status));
      html.append(Html.p("Log-likelihood " + Html.num(fit.logLikelihood()) + " (mean per row "
          + Html.num(fit.logLikelihood() / fit.totalWeight()) + "); start: " + fit.init()
          + ", seed " + fit.seed() + "."));
      if (fit.restarts() > 1) {
        List<List<String>> rows = new ArrayList<>();
        List<Double> lls = fit.runLogLikelihoods();
        for (int r = 0; r < lls.size(); r++) {
          rows.add(List.of(String.valueOf(r + 1),
              Double.isNaN(lls.get(r)) ? "failed" : Html.num(lls.get(r)),
              r == fit.bestRestart() ? "best" : ""));
        }
        html.append(Html.p("Best of " + fit.restarts() + " runs:"));
        html.append(Html.table(List.of("run", "log-likelihood", ""), rows));
      }
      section(CONVERGENCE, "Convergence", html.toString());
      if (!fit.logLikelihoodTrace().isEmpty()) {
        appendChart(CONVERGENCE, Charts.logLikelihood(fit.logLikelihoodTrace()),
            "Log-likelihood of the chosen run at every iteration; below, its gain per iteration"
                + " on a log10 scale.");
      }
      return this;
    }

    /** Parameter traces, or a note that the fit did not keep them. */
    public Builder parameterTraces(MixtureModel<?> model) {
      Chart traces = FitCharts.traces(model);
      if (traces == null) {
        return section(TRACES, "Parameter traces",
            Html.p("The fit did not keep its parameters at every iteration"
                + " (EmOptions.traceParameters(true) keeps them)."));
      }
      section(TRACES, "Parameter traces", "");
      return appendChart(TRACES, traces,
          "Parameters of the chosen run at every iteration (iteration 0 is the start).");
    }

    /**
     * The density (one column), scatter (two) or scatter-plot matrix (more) chart of a Gaussian
     * model; the bar chart of {@link DiscreteCharts} for a discrete one.
     */
    public Builder modelChart(MixtureModel<?> model, Dataset data, NormalMixture1D truth) {
      if (!(model.parameters() instanceof GaussianParameters g)) {
        if (!DiscreteCharts.handles(model)) {
          return section(MODEL_CHART, "Model and data",
              Html.p("No data chart for the " + model.family().name() + " family."));
        }
        section(MODEL_CHART, DiscreteCharts.stem(model).equals(DiscreteCharts.RATES)
            ? "Component rates" : "Component probabilities", "");
        return appendChart(MODEL_CHART, DiscreteCharts.of(model), DiscreteCharts.caption(model));
      }
      String caption = switch (g.dimension()) {
        case 1 -> "Histogram of the data (area 1) with each component's density times its"
            + " weight, the fitted mixture" + (truth != null ? " and the true density." : ".");
        case 2 -> "Rows coloured by their most probable component; ellipses at 1 and 2"
            + " standard deviations; crosses mark the means.";
        default -> "Scatter-plot matrix of the leading columns, coloured by the most probable"
            + " component; histograms with weighted component densities on the diagonal.";
      };
      Chart chart;
      try {
        chart = FitCharts.modelChart(g, model, data, truth);
      } catch (RuntimeException e) {
        return section(MODEL_CHART, "Model and data",
            Html.p("The data chart could not be drawn: " + e.getMessage()));
      }
      section(MODEL_CHART, "Model and data", "");
      return appendChart(MODEL_CHART, chart, caption);
    }

    /** Warnings, one per line, or a line saying there are none. */
    public Builder warnings(List<String> warnings) {
      String html = warnings.isEmpty()
          ? "<p class=\"ok\">No warnings: the fit converged and no component looks degenerate."
              + "</p>\n"
          : Html.list(warnings).replaceFirst("<ul>", "<ul class=\"warnings\">");
      return section(WARNINGS, "Warnings", html);
    }

    /** Log-likelihood, free parameters, BIC and AIC. */
    public Builder criteria(MixtureModel<?> model) {
      FitSummary fit = model.fit();
      if (fit == null) {
        return section(CRITERIA, "BIC / AIC", Html.p("The model was given, not fitted."));
      }
      return table(CRITERIA, "BIC / AIC",
          "Lower BIC and AIC are better; BIC = -2 logL + p log n, AIC = -2 logL + 2 p.",
          List.of("log-likelihood", "free parameters p", "rows n", "BIC", "AIC"),
          List.of(List.of(Html.num(fit.logLikelihood()), String.valueOf(fit.freeParameters()),
              Html.num(fit.totalWeight()), Html.num(fit.bic()), Html.num(fit.aic()))));
    }

    /** The report. */
    public Report build() {
      List<Section> list = new ArrayList<>();
      for (Map.Entry<String, String[]> e : bodies.entrySet()) {
        list.add(new Section(e.getKey(), e.getValue()[0], e.getValue()[1],
            charts.get(e.getKey())));
      }
      return new Report(title, subtitle, list);
    }
  }
}
