package org.em4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.em4j.data.BinomialInput;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.data.TextTable;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.BinomialParameters;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.IterationListener;
import org.em4j.mixture.MixtureModel;
import org.em4j.report.FitCharts;
import org.em4j.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code em4j demo coins}: the two-coin experiment of Do and Batzoglou, "What is the expectation
 * maximization algorithm?", Nature Biotechnology 26 (2008), figure 1. Sets of flips, each made
 * with one of several coins; EM estimates each coin's bias without knowing which coin made which
 * set, and the demo prints every iteration next to the complete-data answer.
 */
@Command(
    name = "coins",
    mixinStandardHelpOptions = true,
    description = {
      "The two-coin experiment of Do & Batzoglou (2008): estimate the bias of each coin from sets"
          + " of flips when the coin used for each set is hidden.",
      "Prints theta after every EM iteration and the complete-data answer (coins known)."
    })
public final class CoinsDemo implements Callable<Integer> {
  /** The paper's five sets of ten flips. */
  static final List<String> PAPER_FLIPS =
      List.of("HTTTHHTHTH", "HHHHTHHHHH", "HTHHHHHTHH", "HTHTTTHHTT", "THHHTHHHTH");

  @Option(
      names = "--flips",
      split = ",",
      paramLabel = "FLIPS",
      description = "Sets of flips, H = heads, T = tails (default: the paper's five sets).")
  List<String> flips = new ArrayList<>(PAPER_FLIPS);

  @Option(
      names = "--start",
      split = ",",
      paramLabel = "P",
      description = "Starting heads probability of each coin, one per coin (default: 0.6,0.5).")
  double[] start = {0.6, 0.5};

  @Option(
      names = "--coins",
      split = ",",
      paramLabel = "COIN",
      description =
          "The coin (A, B, ...) that made each set, for the complete-data answer (default: the"
              + " paper's B,A,A,B,A; 'none' to skip).")
  List<String> coins = new ArrayList<>(List.of("B", "A", "A", "B", "A"));

  @Option(
      names = "--weights",
      split = ",",
      paramLabel = "W",
      description = "Probability of picking each coin (default: equal).")
  double[] weights;

  @Option(
      names = "--free-weights",
      description = "Estimate the weights too (the paper holds them fixed at their start).")
  boolean freeWeights;

  @Option(
      names = "--tol",
      paramLabel = "T",
      description = "Stop when the mean log-likelihood per set changes less (default: ${DEFAULT-VALUE}).")
  double tolerance = 1e-10;

  @Option(
      names = "--max-iter",
      paramLabel = "M",
      description = "Iteration limit (default: ${DEFAULT-VALUE}).")
  int maxIterations = 100;

  @Mixin ReportOptions reporting;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Dataset data = flipCounts(flips, "--flips");
    int k = start.length;
    double[] w = weights != null ? weights : equal(k);
    if (w.length != k) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--weights: found " + w.length + " weights for the " + k + " coins of --start");
    }
    BinomialParameters from;
    try {
      from = new BinomialParameters(w, start);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--start / --weights: " + e.getMessage());
    }
    boolean complete = !(coins.size() == 1 && coins.get(0).equalsIgnoreCase("none"));
    int[] labels = complete ? coinLabels(k, data.rows()) : null;
    EmOptions options =
        EmOptions.builder()
            .components(k)
            .tolerance(tolerance)
            .maxIterations(maxIterations)
            .fixed(freeWeights ? Set.of() : Set.of("weights"))
            .traceParameters(true)
            .build();
    EmRun<BinomialParameters> run =
        EmEngine.run(
            new BinomialFamily(), data, from, options, ChunkExecutor.sequential(), 0,
            IterationListener.none());
    PrintWriter out = spec.commandLine().getOut();
    print(out, data, from, labels, run);
    if (reporting.wanted()) {
      MixtureModel<BinomialParameters> model =
          DemoModels.of(new BinomialFamily(), run, data, options);
      if (reporting.plots != null) {
        List<Path> files = FitCharts.write(reporting.plots, "", FitCharts.of(model, data, null));
        out.println(files.size() + " chart files written to " + reporting.plots);
      }
      if (reporting.report != null) {
        report(data, from, labels, run, model).write(reporting.report);
        out.println("report written to " + reporting.report);
      }
    }
    out.flush();
    return Em4jCommand.OK;
  }

  /** Flip strings as (heads, flips) rows, with the reader's row-and-column error messages. */
  static Dataset flipCounts(List<String> sets, String option) {
    if (sets.isEmpty()) {
      throw new IllegalArgumentException(option + ": no sets of flips");
    }
    StringBuilder csv = new StringBuilder("flips\n");
    for (String s : sets) {
      csv.append('"').append(s.replace("\"", "\"\"")).append("\"\n");
    }
    try {
      TextTable t = TextTable.read(new StringReader(csv.toString()), option, ',', CsvReader.Header.YES);
      Dataset d = BinomialInput.fromColumn(t, 0, null);
      new BinomialFamily().validate(d);
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double[] equal(int k) {
    double[] w = new double[k];
    Arrays.fill(w, 1.0 / k);
    return w;
  }

  private int[] coinLabels(int k, int sets) {
    if (coins.size() != sets) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--coins: found " + coins.size() + " coins for " + sets + " sets of flips");
    }
    int[] labels = new int[sets];
    for (int i = 0; i < sets; i++) {
      String c = coins.get(i).trim().toUpperCase(Locale.ROOT);
      int idx = c.length() == 1 ? c.charAt(0) - 'A' : -1;
      if (idx < 0 || idx >= k) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--coins: '" + coins.get(i) + "' (set " + (i + 1) + ") is not one of the coins "
                + names(k));
      }
      labels[i] = idx;
    }
    return labels;
  }

  private static String names(int k) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < k; c++) {
      sb.append(c == 0 ? "" : ", ").append(coinName(c));
    }
    return sb.toString();
  }

  static String coinName(int c) {
    return String.valueOf((char) ('A' + c));
  }

  private void print(
      PrintWriter out,
      Dataset data,
      BinomialParameters from,
      int[] labels,
      EmRun<BinomialParameters> run) {
    int k = from.components();
    out.printf(
        Locale.ROOT,
        "%d coins, %d sets of flips (Do & Batzoglou 2008, \"What is the expectation maximization"
            + " algorithm?\", figure 1)%n%n",
        k,
        data.rows());
    out.printf(Locale.ROOT, "%-4s %-24s %6s %6s%s%n", "set", "flips", "heads", "tails", labels != null ? "  coin" : "");
    for (int i = 0; i < data.rows(); i++) {
      int h = (int) data.get(i, 0);
      int n = (int) data.get(i, 1);
      out.printf(
          Locale.ROOT,
          "%-4d %-24s %6d %6d%s%n",
          i + 1,
          flips.get(i).length() > 24 ? flips.get(i).substring(0, 23) + "~" : flips.get(i),
          h,
          n - h,
          labels != null ? "  " + coinName(labels[i]) : "");
    }
    if (labels != null) {
      out.println();
      out.println("Complete data (the coin of every set known): maximum likelihood, heads / flips");
      for (int c = 0; c < k; c++) {
        long h = 0;
        long n = 0;
        for (int i = 0; i < data.rows(); i++) {
          if (labels[i] == c) {
            h += (long) data.get(i, 0);
            n += (long) data.get(i, 1);
          }
        }
        if (n > 0) {
          out.printf(Locale.ROOT, "  theta_%s = %d / %d = %.4f%n", coinName(c), h, n, (double) h / n);
        } else {
          out.printf(Locale.ROOT, "  theta_%s: no flips%n", coinName(c));
        }
      }
    }
    out.println();
    StringBuilder startLine = new StringBuilder("EM with the coins hidden, from ");
    for (int c = 0; c < k; c++) {
      startLine.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "theta_%s = %.2f", coinName(c), from.p(c)));
    }
    startLine.append(freeWeights ? "; weights estimated" : "; weights fixed at ");
    if (!freeWeights) {
      for (int c = 0; c < k; c++) {
        startLine.append(c == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", from.weight(c)));
      }
    }
    out.println(startLine);
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-9s", "iteration"));
    for (int c = 0; c < k; c++) {
      head.append(String.format(Locale.ROOT, "  %9s", "theta_" + coinName(c)));
    }
    if (freeWeights) {
      for (int c = 0; c < k; c++) {
        head.append(String.format(Locale.ROOT, "  %9s", "weight_" + coinName(c)));
      }
    }
    head.append(String.format(Locale.ROOT, "  %15s", "log-likelihood"));
    out.println(head);
    List<BinomialParameters> trace = run.parameterTrace();
    for (int it = 0; it < trace.size(); it++) {
      BinomialParameters p = trace.get(it);
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-9d", it));
      for (int c = 0; c < k; c++) {
        row.append(String.format(Locale.ROOT, "  %9.4f", p.p(c)));
      }
      if (freeWeights) {
        for (int c = 0; c < k; c++) {
          row.append(String.format(Locale.ROOT, "  %9.4f", p.weight(c)));
        }
      }
      row.append(String.format(Locale.ROOT, "  %15.6f", run.logLikelihoodTrace().get(it)));
      out.println(row);
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%s after %d iterations.%s%n",
        run.converged() ? "Converged" : "Stopped at the iteration limit",
        run.iterations(),
        isPaperSetup(from)
            ? " The paper: theta_A = 0.71, theta_B = 0.58 after one iteration;"
                + " 0.80 and 0.52 after ten."
            : "");
  }

  /**
   * The report: the sets of flips, the complete-data answer and the table of every iteration
   * after the data summary, then the standard sections of a fit (convergence, traces of the p's,
   * the bar chart of the p's, BIC / AIC).
   */
  Report report(Dataset data, BinomialParameters from, int[] labels,
      EmRun<BinomialParameters> run, MixtureModel<BinomialParameters> model) {
    int k = from.components();
    Report.Builder b =
        Report.forFit("em4j demo coins", model, data, null, List.of())
            .subtitle("Do & Batzoglou (2008), \"What is the expectation maximization algorithm?\","
                + " figure 1: " + k + " coins, " + data.rows() + " sets of flips");
    List<List<String>> sets = new ArrayList<>();
    for (int i = 0; i < data.rows(); i++) {
      int h = (int) data.get(i, 0);
      int n = (int) data.get(i, 1);
      List<String> row = new ArrayList<>(List.of(String.valueOf(i + 1), flips.get(i),
          String.valueOf(h), String.valueOf(n - h)));
      if (labels != null) {
        row.add(coinName(labels[i]));
      }
      sets.add(row);
    }
    List<String> setHeader = new ArrayList<>(List.of("set", "flips", "heads", "tails"));
    if (labels != null) {
      setHeader.add("coin (hidden from EM)");
    }
    String complete = "";
    if (labels != null) {
      StringBuilder c = new StringBuilder("Complete data (the coin of every set known), maximum"
          + " likelihood heads / flips:");
      for (int coin = 0; coin < k; coin++) {
        long h = 0;
        long n = 0;
        for (int i = 0; i < data.rows(); i++) {
          if (labels[i] == coin) {
            h += (long) data.get(i, 0);
            n += (long) data.get(i, 1);
          }
        }
        c.append(n > 0
            ? String.format(Locale.ROOT, " theta_%s = %d / %d = %.4f;", coinName(coin), h, n,
                (double) h / n)
            : " theta_" + coinName(coin) + ": no flips;");
      }
      complete = c.substring(0, c.length() - 1) + ".";
    }
    b.table("flips", "Sets of flips", complete.isEmpty() ? null : complete, setHeader, sets);
    List<String> head = new ArrayList<>(List.of("iteration"));
    for (int c = 0; c < k; c++) {
      head.add("theta_" + coinName(c));
    }
    if (freeWeights) {
      for (int c = 0; c < k; c++) {
        head.add("weight_" + coinName(c));
      }
    }
    head.add("log-likelihood");
    List<List<String>> rows = new ArrayList<>();
    List<BinomialParameters> trace = run.parameterTrace();
    for (int it = 0; it < trace.size(); it++) {
      BinomialParameters p = trace.get(it);
      List<String> row = new ArrayList<>(List.of(String.valueOf(it)));
      for (int c = 0; c < k; c++) {
        row.add(String.format(Locale.ROOT, "%.4f", p.p(c)));
      }
      if (freeWeights) {
        for (int c = 0; c < k; c++) {
          row.add(String.format(Locale.ROOT, "%.4f", p.weight(c)));
        }
      }
      row.add(String.format(Locale.ROOT, "%.6f", run.logLikelihoodTrace().get(it)));
      rows.add(row);
    }
    b.table("iterations", "EM, iteration by iteration",
        (run.converged() ? "Converged" : "Stopped at the iteration limit") + " after "
            + run.iterations() + " iterations, with the coin of every set hidden; iteration 0 is"
            + " the start" + (freeWeights ? "." : ", weights fixed at their start.")
            + (isPaperSetup(from) ? " The paper: theta_A = 0.71, theta_B = 0.58 after one"
                + " iteration; 0.80 and 0.52 after ten." : ""),
        head, rows);
    b.moveAfter("flips", Report.DATA);
    b.moveAfter("iterations", "flips");
    return b.build();
  }

  private boolean isPaperSetup(BinomialParameters from) {
    return flips.equals(PAPER_FLIPS)
        && from.components() == 2
        && from.p(0) == 0.6
        && from.p(1) == 0.5
        && from.weight(0) == 0.5
        && !freeWeights;
  }
}
