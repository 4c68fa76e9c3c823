package org.em4j.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.em4j.data.Dataset;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.MixtureModel;

/**
 * The standard charts of a fitted model, by file name stem: {@value #LOG_LIKELIHOOD}, {@value
 * #TRACES} (when the fit kept its parameter trace) and, for Gaussian models, {@value #DENSITY}
 * (one column), {@value #SCATTER} (two) or {@value #SCATTER_MATRIX} (more), and for discrete models
 * the bar chart {@value DiscreteCharts#PROBABILITIES} (binomial, bernoulli, categorical) or {@value
 * DiscreteCharts#RATES} (poisson) of {@link DiscreteCharts}. What {@code --plots
 * DIR} writes and what the report embeds.
 */
public final class FitCharts {
  /** Stem of the log-likelihood chart. */
  public static final String LOG_LIKELIHOOD = "loglik";

  /** Stem of the parameter-trace chart. */
  public static final String TRACES = "traces";

  /** Stem of the univariate density chart. */
  public static final String DENSITY = "density";

  /** Stem of the two-dimensional scatter chart. */
  public static final String SCATTER = "scatter";

  /** Stem of the scatter-plot matrix. */
  public static final String SCATTER_MATRIX = "scatter-matrix";

  /** Columns shown at most in traces and the scatter-plot matrix. */
  public static final int MAX_COLUMNS = 4;

  private FitCharts() {}

  /**
   * The standard charts of {@code model} on {@code data}.
   *
   * @param truth the true distribution of a univariate model, or {@code null}
   */
  public static Map<String, Chart> of(MixtureModel<?> model, Dataset data, NormalMixture1D truth) {
    Map<String, Chart> out = new LinkedHashMap<>();
    if (model.fit() != null && !model.fit().logLikelihoodTrace().isEmpty()) {
      out.put(LOG_LIKELIHOOD, Charts.logLikelihood(model.fit().logLikelihoodTrace()));
    }
    Chart traces = traces(model);
    if (traces != null) {
      out.put(TRACES, traces);
    }
    if (model.parameters() instanceof GaussianParameters g) {
      out.put(modelChartName(g), modelChart(g, model, data, truth));
    } else if (DiscreteCharts.handles(model)) {
      out.put(DiscreteCharts.stem(model), DiscreteCharts.of(model));
    }
    return out;
  }

  /** The stem of a Gaussian model's data chart: density, scatter or scatter-matrix. */
  public static String modelChartName(GaussianParameters g) {
    return switch (g.dimension()) {
      case 1 -> DENSITY;
      case 2 -> SCATTER;
      default -> SCATTER_MATRIX;
    };
  }

  /** The data chart of a Gaussian model: density (D = 1), scatter (2) or matrix (more). */
  static Chart modelChart(GaussianParameters g, MixtureModel<?> model, Dataset data,
      NormalMixture1D truth) {
    if (g.dimension() == 1) {
      return Charts.density(data, 0, g, truth);
    }
    int[] labels = model.predict(data);
    return g.dimension() == 2
        ? Charts.scatter(data, labels, g, 0, 1)
        : Charts.scatterMatrix(data, labels, g, MAX_COLUMNS);
  }

  /** The parameter traces, or {@code null} when the fit did not keep them. */
  static Chart traces(MixtureModel<?> model) {
    List<?> trace = model.parameterTrace();
    if (trace.isEmpty()) {
      return null;
    }
    if (model.parameters() instanceof GaussianParameters) {
      List<GaussianParameters> g = new ArrayList<>();
      for (Object o : trace) {
        g.add((GaussianParameters) o);
      }
      return Charts.gaussianTraces(g, model.columnNames(), MAX_COLUMNS);
    }
    return genericTraces(model);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Chart genericTraces(MixtureModel<?> model) {
    org.em4j.engine.Family family = model.family();
    List<Object> trace = (List<Object>) model.parameterTrace();
    List<String> names = family.parameterNames(trace.get(0));
    int shown = Math.min(names.size(), 12);
    double[][] values = new double[shown][trace.size()];
    for (int t = 0; t < trace.size(); t++) {
      double[] flat = family.flatten(trace.get(t));
      for (int s = 0; s < shown; s++) {
        values[s][t] = flat[s];
      }
    }
    String title = shown < names.size()
        ? "Parameter traces (first " + shown + " of " + names.size() + ")"
        : "Parameter traces";
    return Charts.traces(title, "value", names.subList(0, shown), values);
  }

  /**
   * Writes every chart as {@code DIR/stem.png} and {@code DIR/stem.svg}, creating {@code dir}
   * when needed.
   *
   * @param prefix put before every stem (e.g. {@code "start-200-100-"}), or empty
   * @return the files written
   */
  public static List<Path> write(Path dir, String prefix, Map<String, Chart> charts) {
    Files2.ensureDirectory(dir);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, Chart> e : charts.entrySet()) {
      Path png = dir.resolve(prefix + e.getKey() + ".png");
      Path svg = dir.resolve(prefix + e.getKey() + ".svg");
      e.getValue().writePng(png);
      e.getValue().writeSvg(svg);
      written.add(png);
      written.add(svg);
    }
    return written;
  }
}
