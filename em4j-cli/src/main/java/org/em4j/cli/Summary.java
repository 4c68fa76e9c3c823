package org.em4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.em4j.data.Dataset;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.FitSummary;
import org.em4j.mixture.MixtureModel;

/** The readable summary that {@code em4j fit} prints. */
final class Summary {
  /** Columns shown in the components table before eliding the rest. */
  private static final int MAX_COLUMNS = 6;

  private Summary() {}

  static void print(MixtureModel<?> model, Dataset data, PrintWriter out) {
    FitSummary fit = model.fit();
    String family = model.family().name();
    String detail =
        model.family() instanceof GaussianFamily g ? ", " + g.covarianceType().label() + " covariance" : "";
    out.printf(
        Locale.ROOT,
        "%s mixture, K = %d%s, D = %d, N = %d rows (%s)%n",
        family,
        model.components(),
        detail,
        model.parameters().dimension(),
        data.rows(),
        data.source());
    String missing = MissingNote.describe(data);
    if (missing != null) {
      out.println(missing);
    }
    out.printf(
        Locale.ROOT,
        "%s after %d iterations (%d passes over the data%s)%s%n",
        fit.converged() ? "converged" : "NOT converged (iteration limit reached)",
        fit.iterations(),
        fit.eSteps(),
        fit.acceleration().equals("none") ? "" : ", " + fit.acceleration(),
        fit.restarts() > 1
            ? String.format(Locale.ROOT, "; best of %d runs (run %d)", fit.restarts(), fit.bestRestart() + 1)
            : "");
    out.printf(
        Locale.ROOT,
        "log-likelihood %.6f (mean per row %.6f)%n",
        fit.logLikelihood(),
        fit.logLikelihood() / fit.totalWeight());
    out.printf(
        Locale.ROOT,
        "BIC %.4f   AIC %.4f   free parameters %d%n",
        fit.bic(),
        fit.aic(),
        fit.freeParameters());
    if (fit.restarts() > 1) {
      StringBuilder runs = new StringBuilder("runs: ");
      List<Double> lls = fit.runLogLikelihoods();
      for (int i = 0; i < lls.size(); i++) {
        runs.append(i == 0 ? "" : ", ")
            .append(Double.isNaN(lls.get(i)) ? "failed" : String.format(Locale.ROOT, "%.4f", lls.get(i)));
      }
      out.println(runs);
    }
    if (!fit.degenerateEvents().isEmpty()) {
      out.printf(Locale.ROOT, "degenerate components: %d%n", fit.degenerateEvents().size());
      int shownEvents = Math.min(fit.degenerateEvents().size(), 10);
      for (int i = 0; i < shownEvents; i++) {
        out.println("  " + fit.degenerateEvents().get(i).describe());
      }
      if (shownEvents < fit.degenerateEvents().size()) {
        out.printf(Locale.ROOT, "  (%d more in the model file)%n",
            fit.degenerateEvents().size() - shownEvents);
      }
    }
    out.println();
    if (model.parameters() instanceof GaussianParameters p) {
      gaussianTable(p, model.columnNames(), out);
    } else {
      DiscreteSummary.table(model, out);
    }
  }

  private static void gaussianTable(GaussianParameters p, List<String> names, PrintWriter out) {
    int d = p.dimension();
    int shown = Math.min(d, MAX_COLUMNS);
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-9s %8s", "component", "weight"));
    for (int j = 0; j < shown; j++) {
      String n = names == null ? "x" + (j + 1) : names.get(j);
      head.append(String.format(Locale.ROOT, "  %12s", clip("mean " + n)))
          .append(String.format(Locale.ROOT, "  %12s", clip("sd " + n)));
    }
    out.println(head);
    for (int c = 0; c < p.components(); c++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-9d %8.5f", c + 1, p.weight(c)));
      double[] mean = p.mean(c);
      double[] cov = p.covariance(c);
      for (int j = 0; j < shown; j++) {
        row.append(String.format(Locale.ROOT, "  %12.6g", mean[j]))
            .append(String.format(Locale.ROOT, "  %12.6g", Math.sqrt(cov[j * d + j])));
      }
      out.println(row);
    }
    if (shown < d) {
      out.printf(Locale.ROOT, "(%d more columns in the model file)%n", d - shown);
    }
  }

  private static String clip(String s) {
    return s.length() <= 12 ? s : s.substring(0, 11) + "~";
  }
}
