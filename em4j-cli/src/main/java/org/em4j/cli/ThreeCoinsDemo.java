package org.em4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.em4j.data.Dataset;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.BinomialParameters;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.IterationListener;
import org.em4j.mixture.MixtureModel;
import org.em4j.report.Chart;
import org.em4j.report.Charts;
import org.em4j.report.DiscreteCharts;
import org.em4j.report.FitCharts;
import org.em4j.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code em4j demo three-coins}: the three-coin model (Li Hang, "Statistical Learning Methods",
 * 2012, example 9.1). Coin A comes up heads with probability pi and then coin B (heads with
 * probability p) is flipped, otherwise coin C (q); only the second flip is seen. EM from
 * different starts ends at different answers of equal likelihood, because single flips only
 * reveal {@code pi p + (1 - pi) q}.
 */
@Command(
    name = "three-coins",
    mixinStandardHelpOptions = true,
    description = {
      "The three-coin model: coin A picks coin B (probability pi) or coin C; only the flip of B"
          + " or C is seen. Fits (pi, p, q) by EM from each start and prints the answers side by"
          + " side."
    })
public final class ThreeCoinsDemo implements Callable<Integer> {
  @Option(
      names = "--data",
      split = ",",
      paramLabel = "FLIP",
      description = "The observed flips, 1/0 or H/T (default: 1,1,0,1,0,0,1,0,1,1).")
  List<String> observations = new ArrayList<>(List.of("1", "1", "0", "1", "0", "0", "1", "0", "1", "1"));

  @Option(
      names = "--start",
      paramLabel = "PI,P,Q",
      description =
          "A start (pi, p, q); repeat for more starts (default: 0.5,0.5,0.5 and 0.4,0.6,0.7).")
  List<String> starts = new ArrayList<>(List.of("0.5,0.5,0.5", "0.4,0.6,0.7"));

  @Option(
      names = "--tol",
      paramLabel = "T",
      description = "Stop when the mean log-likelihood per flip changes less (default: ${DEFAULT-VALUE}).")
  double tolerance = 1e-10;

  @Option(
      names = "--max-iter",
      paramLabel = "M",
      description = "Iteration limit (default: ${DEFAULT-VALUE}).")
  int maxIterations = 1000;

  @Mixin ReportOptions reporting;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Dataset data = flips();
    List<BinomialParameters> from = new ArrayList<>();
    for (String s : starts) {
      from.add(parseStart(s));
    }
    EmOptions options =
        EmOptions.builder()
            .components(2)
            .tolerance(tolerance)
            .maxIterations(maxIterations)
            .traceParameters(reporting.wanted())
            .build();
    List<EmRun<BinomialParameters>> runs = new ArrayList<>();
    for (BinomialParameters p : from) {
      runs.add(
          EmEngine.run(
              new BinomialFamily(), data, p, options, ChunkExecutor.sequential(), 0,
              IterationListener.none()));
    }
    PrintWriter out = spec.commandLine().getOut();
    print(out, data, from, runs);
    if (reporting.wanted()) {
      List<MixtureModel<BinomialParameters>> models = new ArrayList<>();
      for (EmRun<BinomialParameters> r : runs) {
        models.add(DemoModels.of(new BinomialFamily(), r, data, options));
      }
      if (reporting.plots != null) {
        int files = 0;
        for (int s = 0; s < models.size(); s++) {
          files += FitCharts.write(reporting.plots, "start-" + (s + 1) + "-",
              FitCharts.of(models.get(s), data, null)).size();
        }
        files += FitCharts.write(reporting.plots, "",
            java.util.Map.of("starts", startsChart(from, runs))).size();
        out.println(files + " chart files written to " + reporting.plots);
      }
      if (reporting.report != null) {
        report(data, from, runs, models).write(reporting.report);
        out.println("report written to " + reporting.report);
      }
      out.flush();
    }
    return Em4jCommand.OK;
  }

  private Dataset flips() {
    if (observations.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--data: no flips");
    }
    double[] v = new double[2 * observations.size()];
    for (int i = 0; i < observations.size(); i++) {
      String s = observations.get(i).trim();
      double x =
          switch (s) {
            case "1", "H", "h" -> 1;
            case "0", "T", "t" -> 0;
            default -> throw new CommandLine.ParameterException(
                spec.commandLine(),
                "--data: flip " + (i + 1) + " is '" + s + "' (expected 1 or 0, H or T)");
          };
      v[2 * i] = x;
      v[2 * i + 1] = 1;
    }
    return new Dataset(v, observations.size(), 2, List.of("heads", "flips"), null, "--data");
  }

  private BinomialParameters parseStart(String s) {
    String[] parts = s.split(",");
    if (parts.length != 3) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--start: expected pi,p,q (three numbers), got '" + s + "'");
    }
    double[] v = new double[3];
    String[] names = {"pi", "p", "q"};
    for (int i = 0; i < 3; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--start '" + s + "': " + names[i] + " '" + parts[i] + "' is not a number");
      }
      if (!(v[i] >= 0 && v[i] <= 1)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--start '" + s + "': " + names[i] + " must be a probability in [0, 1], got " + v[i]);
      }
    }
    return new BinomialParameters(new double[] {v[0], 1 - v[0]}, new double[] {v[1], v[2]});
  }

  private void print(
      PrintWriter out,
      Dataset data,
      List<BinomialParameters> from,
      List<EmRun<BinomialParameters>> runs) {
    int n = data.rows();
    double heads = 0;
    StringBuilder obs = new StringBuilder();
    for (int i = 0; i < n; i++) {
      heads += data.get(i, 0);
      obs.append(i == 0 ? "" : " ").append((int) data.get(i, 0));
    }
    out.println("Three coins: coin A shows heads with probability pi, then coin B (heads with");
    out.println("probability p) is flipped, otherwise coin C (q); only the second flip is seen.");
    out.printf(Locale.ROOT, "observations: %s   (n = %d, share of 1s %.4f)%n%n", obs, n, heads / n);
    StringBuilder h1 = new StringBuilder(String.format(Locale.ROOT, "%-18s", ""));
    StringBuilder h2 = new StringBuilder(String.format(Locale.ROOT, "%-18s", ""));
    for (int s = 0; s < runs.size(); s++) {
      h1.append(String.format(Locale.ROOT, "  %-19s", "start " + (s + 1)));
      h2.append(String.format(Locale.ROOT, "  %9s %9s", "start", "EM"));
    }
    out.println(h1);
    out.println(h2);
    row(out, "pi", from, runs, p -> p.weight(0));
    row(out, "p (coin B)", from, runs, p -> p.p(0));
    row(out, "q (coin C)", from, runs, p -> p.p(1));
    row(out, "pi p + (1-pi) q", from, runs, p -> p.weight(0) * p.p(0) + p.weight(1) * p.p(1));
    StringBuilder ll = new StringBuilder(String.format(Locale.ROOT, "%-18s", "log-likelihood"));
    StringBuilder its = new StringBuilder(String.format(Locale.ROOT, "%-18s", "iterations"));
    for (EmRun<BinomialParameters> r : runs) {
      ll.append(String.format(Locale.ROOT, "  %9.4f %9.4f", r.logLikelihoodTrace().get(0), r.logLikelihood()));
      its.append(String.format(Locale.ROOT, "  %9s %9d", "", r.iterations()));
    }
    out.println(ll);
    out.println(its);
    out.println();
    boolean differ = false;
    for (EmRun<BinomialParameters> r : runs) {
      EmRun<BinomialParameters> first = runs.get(0);
      differ |=
          Math.abs(r.parameters().weight(0) - first.parameters().weight(0)) > 1e-6
              || Math.abs(r.parameters().p(0) - first.parameters().p(0)) > 1e-6
              || Math.abs(r.parameters().p(1) - first.parameters().p(1)) > 1e-6;
    }
    if (differ) {
      out.println(
          "The starts end at different (pi, p, q) with the same log-likelihood: single flips only"
              + " reveal pi p + (1-pi) q, so every (pi, p, q) that matches the share of 1s is a"
              + " maximum; the model is not identifiable from single flips, and EM stops at the"
              + " maximum its start leads to.");
    } else {
      out.println(
          "Every start ends at the same answer here; single flips still only reveal"
              + " pi p + (1-pi) q, so other starts can end elsewhere with the same likelihood.");
    }
    out.flush();
  }

  private static final List<String> QUANTITIES = List.of("pi", "p (coin B)", "q (coin C)",
      "pi p + (1-pi) q");

  private static double[] quantities(BinomialParameters p) {
    return new double[] {p.weight(0), p.p(0), p.p(1), p.weight(0) * p.p(0) + p.weight(1) * p.p(1)};
  }

  /** The EM answer of every start side by side: pi, p, q and pi p + (1-pi) q as grouped bars. */
  static Chart startsChart(List<BinomialParameters> from, List<EmRun<BinomialParameters>> runs) {
    List<String> names = new ArrayList<>();
    double[][] v = new double[runs.size()][];
    for (int s = 0; s < runs.size(); s++) {
      BinomialParameters f = from.get(s);
      names.add(String.format(Locale.ROOT, "start %d (%.2f, %.2f, %.2f)", s + 1, f.weight(0),
          f.p(0), f.p(1)));
      v[s] = quantities(runs.get(s).parameters());
    }
    return Charts.groupedProbabilities("EM estimates from each start", names, QUANTITIES, v);
  }

  /**
   * The report: the starts side by side (table and grouped bars) after the data summary, then the
   * standard fit sections of start 1, with the other starts' convergence, trace and bar charts
   * appended to the same sections.
   */
  Report report(Dataset data, List<BinomialParameters> from,
      List<EmRun<BinomialParameters>> runs, List<MixtureModel<BinomialParameters>> models) {
    Report.Builder b = Report.forFit("em4j demo three-coins", models.get(0), data, null,
            List.of())
        .subtitle("The three-coin model: coin A picks coin B (probability pi) or coin C; only"
            + " the flip of B or C is seen. " + runs.size() + " starts.");
    List<String> head = new ArrayList<>(List.of(""));
    for (int s = 0; s < runs.size(); s++) {
      head.add("start " + (s + 1));
      head.add("EM from start " + (s + 1));
    }
    List<List<String>> rows = new ArrayList<>();
    for (int q = 0; q < QUANTITIES.size(); q++) {
      List<String> row = new ArrayList<>(List.of(QUANTITIES.get(q)));
      for (int s = 0; s < runs.size(); s++) {
        row.add(String.format(Locale.ROOT, "%.4f", quantities(from.get(s))[q]));
        row.add(String.format(Locale.ROOT, "%.4f", quantities(runs.get(s).parameters())[q]));
      }
      rows.add(row);
    }
    List<String> ll = new ArrayList<>(List.of("log-likelihood"));
    List<String> its = new ArrayList<>(List.of("iterations"));
    for (EmRun<BinomialParameters> r : runs) {
      ll.add(String.format(Locale.ROOT, "%.4f", r.logLikelihoodTrace().get(0)));
      ll.add(String.format(Locale.ROOT, "%.4f", r.logLikelihood()));
      its.add("");
      its.add(String.valueOf(r.iterations()));
    }
    rows.add(ll);
    rows.add(its);
    b.table("starts", "The starts side by side",
        "Single flips only reveal pi p + (1-pi) q, so every (pi, p, q) that matches the share of"
            + " 1s is a maximum: the model is not identifiable from single flips, and EM stops at"
            + " the maximum its start leads to. The standard sections below show start 1; the"
            + " other starts' charts follow start 1's in each section.",
        head, rows);
    b.appendChart("starts", startsChart(from, runs),
        "pi, p, q and the share of 1s they imply, as EM ends from each start.");
    for (int s = 1; s < models.size(); s++) {
      MixtureModel<BinomialParameters> m = models.get(s);
      Map<String, Chart> charts = FitCharts.of(m, data, null);
      String tag = "Start " + (s + 1) + ": ";
      if (charts.containsKey(FitCharts.LOG_LIKELIHOOD)) {
        b.appendChart(Report.CONVERGENCE, charts.get(FitCharts.LOG_LIKELIHOOD),
            tag + "log-likelihood at every iteration.");
      }
      if (charts.containsKey(FitCharts.TRACES)) {
        b.appendChart(Report.TRACES, charts.get(FitCharts.TRACES),
            tag + "parameters at every iteration.");
      }
      b.appendChart(Report.MODEL_CHART, DiscreteCharts.of(m), tag + DiscreteCharts.caption(m));
    }
    b.moveAfter("starts", Report.DATA);
    return b.build();
  }

  private interface Value {
    double of(BinomialParameters p);
  }

  private static void row(
      PrintWriter out,
      String name,
      List<BinomialParameters> from,
      List<EmRun<BinomialParameters>> runs,
      Value v) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s", name));
    for (int s = 0; s < runs.size(); s++) {
      sb.append(
          String.format(
              Locale.ROOT, "  %9.4f %9.4f", v.of(from.get(s)), v.of(runs.get(s).parameters())));
    }
    out.println(sb);
  }
}
