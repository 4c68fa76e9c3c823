package org.em4j.report;

import java.util.ArrayList;
import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.data.Levels;
import org.em4j.discrete.BernoulliParameters;
import org.em4j.discrete.BinomialParameters;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.CategoricalParameters;
import org.em4j.discrete.PoissonParameters;
import org.em4j.mixture.MixtureModel;
import org.jfree.chart.JFreeChart;

/**
 * The data chart of a discrete mixture (issue 4: "discrete families: fitted component
 * probabilities as bar charts"): one bar per component, in the component colours of every other
 * chart. Binomial: the success probability p of each component; Bernoulli: p of every column per
 * component; categorical (latent class analysis, the model of poLCA): one panel per leading
 * column with the probability of each level per component; Poisson: the rate of every column per
 * component (rates, not probabilities: the axis runs from 0 to the largest rate).
 */
public final class DiscreteCharts {
  /** Stem of the bar chart of probabilities (binomial, bernoulli, categorical). */
  public static final String PROBABILITIES = "probabilities";

  /** Stem of the bar chart of Poisson rates. */
  public static final String RATES = "rates";

  /** Columns drawn at most in a Bernoulli or Poisson chart. */
  public static final int MAX_BARS_COLUMNS = 30;

  /** Categorical columns drawn at most (one panel each). */
  public static final int MAX_PANELS = 6;

  private DiscreteCharts() {}

  /** Whether {@code model} is a discrete mixture this class draws. */
  public static boolean handles(MixtureModel<?> model) {
    Object p = model.parameters();
    return p instanceof BinomialParameters || p instanceof BernoulliParameters
        || p instanceof CategoricalParameters || p instanceof PoissonParameters;
  }

  /** The file stem of the model's chart: {@value #RATES} for Poisson, else {@value #PROBABILITIES}. */
  public static String stem(MixtureModel<?> model) {
    return model.parameters() instanceof PoissonParameters ? RATES : PROBABILITIES;
  }

  /** A caption saying what the bars are. */
  public static String caption(MixtureModel<?> model) {
    Object p = model.parameters();
    if (p instanceof BinomialParameters) {
      return "Success probability p of each component (one bar per component).";
    }
    if (p instanceof BernoulliParameters b) {
      return "P(value = 1) of every column in each component"
          + (b.dimension() > MAX_BARS_COLUMNS ? " (the first " + MAX_BARS_COLUMNS + " columns)"
              : "") + ".";
    }
    if (p instanceof CategoricalParameters c) {
      return "Probability of each level per component, one panel per column"
          + (c.dimension() > MAX_PANELS ? " (the first " + MAX_PANELS + " of " + c.dimension()
              + " columns)" : "") + ".";
    }
    return "Poisson rate (mean count) of every column in each component: rates, not"
        + " probabilities.";
  }

  /**
   * The bar chart of a discrete model's component values.
   *
   * @throws IllegalArgumentException when the model is not a discrete mixture
   */
  public static Chart of(MixtureModel<?> model) {
    Object p = model.parameters();
    if (p instanceof BinomialParameters b) {
      double[][] v = new double[b.components()][];
      for (int c = 0; c < v.length; c++) {
        v[c] = new double[] {b.p(c)};
      }
      return Charts.componentProbabilities("Success probability p per component", List.of("p"), v);
    }
    if (p instanceof BernoulliParameters b) {
      int d = Math.min(b.dimension(), MAX_BARS_COLUMNS);
      double[][] v = new double[b.components()][d];
      for (int c = 0; c < v.length; c++) {
        for (int j = 0; j < d; j++) {
          v[c][j] = b.p(c, j);
        }
      }
      return Charts.componentProbabilities("P(value = 1) per column and component",
          names(model, b.dimension()).subList(0, d), v);
    }
    if (p instanceof PoissonParameters r) {
      int d = Math.min(r.dimension(), MAX_BARS_COLUMNS);
      double[][] v = new double[r.components()][d];
      for (int c = 0; c < v.length; c++) {
        for (int j = 0; j < d; j++) {
          v[c][j] = r.rate(c, j);
        }
      }
      return Charts.componentValues("Poisson rates per column and component", "rate",
          names(model, r.dimension()).subList(0, d), v);
    }
    if (p instanceof CategoricalParameters cat) {
      Levels levels = ((CategoricalFamily) model.family()).levels();
      List<String> cols = names(model, cat.dimension());
      int shown = Math.min(cat.dimension(), MAX_PANELS);
      List<JFreeChart> panels = new ArrayList<>();
      for (int j = 0; j < shown; j++) {
        double[][] v = new double[cat.components()][];
        for (int c = 0; c < v.length; c++) {
          v[c] = cat.probabilities(c, j);
        }
        panels.add(Charts.bars(cols.get(j), "probability", null, levels.of(j), v, true));
      }
      int columns = shown == 1 ? 1 : 2;
      int rows = (shown + columns - 1) / columns;
      return new Chart("Level probabilities per column and component", panels, columns,
          columns == 1 ? Charts.WIDTH : 1000, rows * (columns == 1 ? Charts.HEIGHT : 340));
    }
    throw new IllegalArgumentException(
        "no bar chart for the " + model.family().name() + " family");
  }

  private static List<String> names(MixtureModel<?> model, int d) {
    return model.columnNames() != null && model.columnNames().size() == d
        ? model.columnNames() : Dataset.defaultNames(d);
  }
}
