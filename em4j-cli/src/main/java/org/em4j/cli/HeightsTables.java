package org.em4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.em4j.data.Dataset;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.report.Diagnostics;

/** The readable tables of {@code em4j demo heights}, for the terminal and the report. */
final class HeightsTables {
  private HeightsTables() {}

  static final String[] QUANTITIES = {"mu_M", "sigma_M", "mu_F", "sigma_F", "pi_M", "pi_F"};

  static String headline(HeightsExperiment.Result r) {
    HeightsExperiment.Settings s = r.settings();
    double[] ms = HeightsExperiment.meanSd(r.data());
    return String.format(Locale.ROOT,
        "%d students: men N(%s, %s^2), women N(%s, %s^2), share of men %s, sex unrecorded"
            + " (seed %d); sample mean %.2f, sd %.2f",
        s.students(), g(s.meanMen()), g(s.sdMen()), g(s.meanWomen()), g(s.sdWomen()),
        g(s.shareMen()), s.seed(), ms[0], ms[1]);
  }

  static String startLine(HeightsExperiment.Outcome o) {
    GaussianParameters p = o.start();
    return String.format(Locale.ROOT,
        "Start: means %.2f / %.2f, both sds %.2f (the sample's), weights 0.5 / 0.5.",
        p.mean(0)[0], p.mean(1)[0], Math.sqrt(p.covariance(0)[0]));
  }

  static List<String> checkpointHeader(HeightsExperiment.Result r) {
    List<String> h = new ArrayList<>(List.of("", "true", "start"));
    for (int c : r.settings().checkpoints()) {
      h.add("iter " + c);
    }
    HeightsExperiment.Outcome t = r.textbook();
    String tol = String.format(Locale.ROOT, "%.0e", r.settings().tolerance());
    if (t.failure() != null) {
      h.add("degenerated (iter " + (t.lastIteration() + 1) + ")");
    } else if (t.model().fit().converged()) {
      h.add("converged (iter " + t.lastIteration() + ", tol " + tol + ")");
    } else {
      h.add("NOT converged (iter " + t.lastIteration() + ")");
    }
    return h;
  }

  static List<List<String>> checkpointRows(HeightsExperiment.Result r) {
    HeightsExperiment.Settings s = r.settings();
    HeightsExperiment.Outcome t = r.textbook();
    double[] truth = {s.meanMen(), s.sdMen(), s.meanWomen(), s.sdWomen(), s.shareMen(),
        1 - s.shareMen()};
    List<double[]> columns = new ArrayList<>();
    List<Double> lls = new ArrayList<>();
    columns.add(HeightsExperiment.estimates(t.start(), 0));
    List<Double> llTrace = t.model() == null ? List.of() : t.model().fit().logLikelihoodTrace();
    lls.add(llTrace.isEmpty() ? Double.NaN : llTrace.get(0));
    for (int i = 0; i < s.checkpoints().length; i++) {
      if (i < r.checkpoints().size()) {
        columns.add(HeightsExperiment.estimates(r.checkpoints().get(i), 0));
        lls.add(r.checkpointLogLikelihoods().get(i));
      } else {
        columns.add(null);
        lls.add(Double.NaN);
      }
    }
    columns.add(HeightsExperiment.estimates(t.last(), 0));
    lls.add(t.logLikelihood());
    List<List<String>> rows = new ArrayList<>();
    for (int q = 0; q < QUANTITIES.length; q++) {
      List<String> row = new ArrayList<>(List.of(QUANTITIES[q], num(truth[q], q)));
      for (double[] col : columns) {
        row.add(col == null ? "-" : num(col[q], q));
      }
      rows.add(row);
    }
    List<String> ll = new ArrayList<>(List.of("log-lik", ""));
    for (double v : lls) {
      ll.add(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v));
    }
    rows.add(ll);
    return rows;
  }

  static List<String> startsHeader() {
    return List.of("start", "log-lik", "iters", "mu_1", "sigma_1", "pi_1", "mu_2", "sigma_2",
        "pi_2");
  }

  static List<List<String>> startsRows(HeightsExperiment.Result r) {
    List<List<String>> rows = new ArrayList<>();
    List<HeightsExperiment.Outcome> all = new ArrayList<>();
    all.add(r.textbook());
    all.addAll(r.starts());
    all.add(r.kmeans());
    for (HeightsExperiment.Outcome o : all) {
      List<String> row = new ArrayList<>();
      row.add(o.label());
      row.add(Double.isNaN(o.logLikelihood()) ? "failed"
          : String.format(Locale.ROOT, "%.2f", o.logLikelihood()));
      row.add(o.failure() != null ? "failed at " + o.lastIteration()
          : String.valueOf(o.lastIteration()));
      if (o.last() == null) {
        for (int i = 0; i < 6; i++) {
          row.add("");
        }
      } else {
        int first = o.start() == null ? HeightsExperiment.larger(o.last()) : 0;
        double[] e = HeightsExperiment.estimates(o.last(), first);
        row.add(num(e[0], 0));
        row.add(num(e[1], 1));
        row.add(num(e[4], 4));
        row.add(num(e[2], 2));
        row.add(num(e[3], 3));
        row.add(num(e[5], 5));
      }
      rows.add(row);
    }
    return rows;
  }

  /** One line: what became of this start. */
  static String diagnosis(HeightsExperiment.Outcome o, Dataset data) {
    StringBuilder b = new StringBuilder();
    if (o.failure() != null) {
      b.append("EM degenerated at iteration ").append(o.lastIteration() + 1).append(": ")
          .append(o.failure()).append(". ");
    }
    if (!o.findings().isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Diagnostics.Finding f : o.findings()) {
        parts.add(f.describe(data.columnNames()));
      }
      b.append(String.join("; ", parts)).append(".");
    } else if (o.failure() == null) {
      b.append("no degenerate component: EM recovered two groups.");
    }
    return b.toString().trim();
  }

  /**
   * When the two unreasonable starts ended in the same place with the labels swapped, a line
   * that says so (they differ only in which component is called 1); otherwise {@code null}.
   */
  static String mirrorNote(HeightsExperiment.Result r) {
    if (r.starts().size() != 2 || r.starts().get(0).last() == null
        || r.starts().get(1).last() == null) {
      return null;
    }
    double[] a = HeightsExperiment.estimates(r.starts().get(0).last(), 0);
    double[] b = HeightsExperiment.estimates(r.starts().get(1).last(), 1);
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i] - b[i]) > 1e-6 * Math.max(1, Math.abs(a[i]))) {
        return null;
      }
    }
    return "(the two starts differ only in which component is called 1, with equal sds and"
        + " weights, so EM ends in the same place with the labels swapped)";
  }

  static List<List<String>> collapseRows(HeightsExperiment.Result r) {
    List<List<String>> rows = new ArrayList<>();
    HeightsExperiment.CollapseStudy st = r.study();
    for (int i = 0; i < st.labels().size(); i++) {
      rows.add(List.of(st.labels().get(i), String.valueOf(st.collapsed()[i]),
          String.valueOf(st.samples())));
    }
    return rows;
  }

  static String logLikelihoodLine(HeightsExperiment.Result r) {
    List<String> parts = new ArrayList<>();
    List<HeightsExperiment.Outcome> all = new ArrayList<>();
    all.add(r.textbook());
    all.addAll(r.starts());
    all.add(r.kmeans());
    for (HeightsExperiment.Outcome o : all) {
      parts.add(o.label() + " " + (Double.isNaN(o.logLikelihood()) ? "failed"
          : String.format(Locale.ROOT, "%.2f", o.logLikelihood()))
          + (o.collapsed() ? " (collapsed)" : ""));
    }
    return String.join(", ", parts) + ". Higher is better.";
  }

  static void print(HeightsExperiment.Result r, PrintWriter out) {
    out.println("The heights experiment");
    out.println(headline(r));
    out.println();
    out.println("1. EM from the textbook start");
    out.println("   " + startLine(r.textbook()));
    printTable(out, checkpointHeader(r), checkpointRows(r));
    if (r.textbook().failure() != null || !r.textbook().findings().isEmpty()) {
      out.println("   " + diagnosis(r.textbook(), r.data()));
    }
    out.println();
    out.println("2. EM from unreasonable starts (sds = the sample's, weights 0.5 / 0.5),"
        + " the textbook start and k-means++ restarts");
    printTable(out, startsHeader(), startsRows(r));
    for (HeightsExperiment.Outcome o : r.starts()) {
      out.println("   " + o.label() + ": " + diagnosis(o, r.data()));
    }
    String mirror = mirrorNote(r);
    if (mirror != null) {
      out.println("   " + mirror);
    }
    out.println("   " + r.kmeans().label() + ": " + diagnosis(r.kmeans(), r.data()));
    out.println();
    HeightsExperiment.Settings s = r.settings();
    out.printf(Locale.ROOT,
        "3. How often each start ends collapsed, over %d further samples%n"
            + "   (EM degenerated, or a component has weight < %s or sd < %s x the data's sd)%n",
        r.study().samples(), g(s.diagnostics().minWeight()), g(s.diagnostics().minSdRatio()));
    List<List<String>> rows = new ArrayList<>();
    for (List<String> row : collapseRows(r)) {
      rows.add(List.of(row.get(0), row.get(1) + " of " + row.get(2)));
    }
    printTable(out, List.of("start", "collapsed"), rows);
    out.println();
    out.println("4. Log-likelihoods on the main sample (higher is better):");
    out.println("   " + logLikelihoodLine(r));
  }

  /** A left-aligned first column and right-aligned others, indented by three spaces. */
  static void printTable(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] w = new int[header.size()];
    for (int j = 0; j < w.length; j++) {
      w[j] = header.get(j).length();
      for (List<String> row : rows) {
        w[j] = Math.max(w[j], row.get(j).length());
      }
    }
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (int i = 0; i < all.size(); i++) {
      StringBuilder b = new StringBuilder("   ");
      for (int j = 0; j < w.length; j++) {
        String cell = all.get(i).get(j);
        String pad = " ".repeat(w[j] - cell.length());
        b.append(j == 0 ? cell + pad : pad + cell).append(j < w.length - 1 ? "  " : "");
      }
      out.println(b.toString().stripTrailing());
      if (i == 0) {
        int total = 0;
        for (int x : w) {
          total += x + 2;
        }
        out.println("   " + "-".repeat(total - 2));
      }
    }
  }

  /** Quantity {@code q}: means and sds with 2 decimals, weights with 3. */
  static String num(double v, int q) {
    return String.format(Locale.ROOT, q >= 4 ? "%.3f" : "%.2f", v);
  }

  private static String g(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
        : String.valueOf(v);
  }
}
