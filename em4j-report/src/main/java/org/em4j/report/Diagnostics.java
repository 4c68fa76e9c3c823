package org.em4j.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.em4j.data.Dataset;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.FitSummary;
import org.em4j.mixture.MixtureModel;

/**
 * Warnings about a fit that a reader should see: a run that did not converge, runs that failed,
 * and degenerate or spurious Gaussian components, the local maxima of the mixture likelihood
 * where one component sits on a handful of points with a tiny spread (Day, "Estimating the
 * components of a mixture of normal distributions", Biometrika 1969; McLachlan and Peel, "Finite
 * Mixture Models", 2000, section 3.10).
 *
 * @param minWeight a component with a smaller weight is flagged
 * @param minSdRatio a component whose standard deviation in some column is smaller than this
 *     fraction of the data's standard deviation in that column is flagged
 */
public record Diagnostics(double minWeight, double minSdRatio) {
  /** Defaults for general fits: weight below 0.02 or a standard deviation below 0.1 of the data's. */
  public static final Diagnostics DEFAULT = new Diagnostics(0.02, 0.1);

  /** Checks the thresholds. */
  public Diagnostics {
    if (!(minWeight >= 0 && minWeight < 1)) {
      throw new IllegalArgumentException("the weight threshold must be in [0, 1), got " + minWeight);
    }
    if (!(minSdRatio >= 0 && minSdRatio < 1)) {
      throw new IllegalArgumentException(
          "the standard deviation ratio threshold must be in [0, 1), got " + minSdRatio);
    }
  }

  /**
   * What looks wrong with one component.
   *
   * @param component 0-based component
   * @param weight its weight
   * @param column the column of its smallest standard deviation relative to the data's
   * @param sd its standard deviation in that column
   * @param dataSd the data's standard deviation in that column
   * @param lowWeight whether the weight is below the threshold
   * @param narrow whether the standard deviation is below the threshold
   * @param rows the weight times the number of rows (or total row weight): how many rows the
   *     component stands for
   */
  public record Finding(int component, double weight, int column, double sd, double dataSd,
      boolean lowWeight, boolean narrow, double rows) {
    /** One line for a person, e.g. "component 2 looks degenerate: weight 0.0100 (below ...". */
    public String describe(List<String> columnNames) {
      List<String> why = new ArrayList<>();
      if (lowWeight) {
        why.add(String.format(Locale.ROOT, "weight %.4f", weight));
      }
      if (narrow) {
        String col = columnNames == null || columnNames.size() == 1 ? ""
            : " in column '" + columnNames.get(column) + "'";
        why.add(String.format(Locale.ROOT, "sd %.3g%s, %.2f of the data's %.3g", sd, col,
            sd / dataSd, dataSd));
      }
      return "component " + (component + 1) + " looks degenerate (spurious): "
          + String.join(" and ", why)
          + String.format(Locale.ROOT, ", so it describes about %.3g rows, not a group of the"
              + " data", rows);
    }
  }

  /** The components of {@code p} that look degenerate on {@code data}. */
  public List<Finding> degenerateComponents(GaussianParameters p, Dataset data) {
    int d = p.dimension();
    double[] dataSd = columnSds(data);
    List<Finding> out = new ArrayList<>();
    for (int c = 0; c < p.components(); c++) {
      double[] cov = p.covariance(c);
      int worst = 0;
      double worstRatio = Double.POSITIVE_INFINITY;
      for (int j = 0; j < d; j++) {
        double ratio = dataSd[j] > 0 ? Math.sqrt(cov[j * d + j]) / dataSd[j]
            : Double.POSITIVE_INFINITY;
        if (ratio < worstRatio) {
          worstRatio = ratio;
          worst = j;
        }
      }
      boolean low = p.weight(c) < minWeight;
      boolean narrow = worstRatio < minSdRatio;
      if (low || narrow) {
        out.add(new Finding(c, p.weight(c), worst, Math.sqrt(cov[worst * d + worst]),
            dataSd[worst], low, narrow, p.weight(c) * data.totalWeight()));
      }
    }
    return out;
  }

  /**
   * Every warning about a fitted model, one line each: not converged, failed runs, degenerate
   * components (Gaussian models).
   */
  public List<String> warnings(MixtureModel<?> model, Dataset data) {
    List<String> out = new ArrayList<>();
    FitSummary fit = model.fit();
    if (fit != null) {
      if (!fit.converged()) {
        out.add(String.format(Locale.ROOT,
            "the fit did NOT converge: it stopped at the iteration limit (%d) with the"
                + " log-likelihood still changing by more than the tolerance %.3g per row;"
                + " raise --max-iter or check the trace",
            fit.maxIterations(), fit.tolerance()));
      }
      long failed = fit.runLogLikelihoods().stream().filter(v -> Double.isNaN(v)).count();
      if (failed > 0) {
        out.add(failed + " of " + fit.restarts()
            + " runs degenerated (a component collapsed) and were left out");
      }
    }
    if (model.parameters() instanceof GaussianParameters g) {
      for (Finding f : degenerateComponents(g, data)) {
        out.add(f.describe(data.columnNames()));
      }
    }
    return out;
  }

  /** Standard deviation (n - 1 denominator, row weights ignored, NaN skipped) of each column. */
  static double[] columnSds(Dataset data) {
    int d = data.columns();
    double[] out = new double[d];
    for (int j = 0; j < d; j++) {
      double mean = 0;
      long n = 0;
      for (int i = 0; i < data.rows(); i++) {
        double v = data.get(i, j);
        if (Double.isFinite(v)) {
          n++;
          mean += (v - mean) / n;
        }
      }
      double ss = 0;
      for (int i = 0; i < data.rows(); i++) {
        double v = data.get(i, j);
        if (Double.isFinite(v)) {
          ss += (v - mean) * (v - mean);
        }
      }
      out[j] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    }
    return out;
  }
}
