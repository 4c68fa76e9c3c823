package org.em4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.AtomicFile;
import org.em4j.report.Chart;
import org.em4j.report.Charts;
import org.em4j.report.Diagnostics;
import org.em4j.report.FitCharts;
import org.em4j.report.Html;
import org.em4j.report.NormalMixture1D;
import org.em4j.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code em4j demo heights}: the classroom experiment, run for real and printed as tables. */
@Command(
    name = "heights",
    mixinStandardHelpOptions = true,
    description = {
      "Heights of students drawn from two normal distributions (men and women) with the sex of"
          + " every student unrecorded: EM recovers the two groups from the textbook start,"
          + " may end with a degenerate component from unreasonable starts, and k-means++"
          + " restarts find the good solution."
    })
public final class HeightsCommand implements Callable<Integer> {
  @Option(names = {"-n", "--students"}, paramLabel = "N",
      description = "Students per sample (default: ${DEFAULT-VALUE}).")
  int students = 1000;

  @Option(names = "--mean-men", paramLabel = "CM",
      description = "True mean height of men (default: ${DEFAULT-VALUE}).")
  double meanMen = 176;

  @Option(names = "--sd-men", paramLabel = "CM",
      description = "True standard deviation of men's heights (default: ${DEFAULT-VALUE}).")
  double sdMen = 8;

  @Option(names = "--mean-women", paramLabel = "CM",
      description = "True mean height of women (default: ${DEFAULT-VALUE}).")
  double meanWomen = 164;

  @Option(names = "--sd-women", paramLabel = "CM",
      description = "True standard deviation of women's heights (default: ${DEFAULT-VALUE}).")
  double sdWomen = 6;

  @Option(names = "--share-men", paramLabel = "P",
      description = "Share of men, 3:2 is 0.6 (default: ${DEFAULT-VALUE}).")
  double shareMen = 0.6;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the samples and of the k-means++ starts (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--checkpoints", split = ",", paramLabel = "IT",
      description = "Iterations at which the estimates are shown (default: 100,200,300).")
  int[] checkpoints = {100, 200, 300};

  @Option(names = "--samples", paramLabel = "N",
      description = "Samples in the collapse study (default: ${DEFAULT-VALUE}).")
  int samples = 20;

  @Option(names = "--restarts", paramLabel = "R",
      description = "k-means++ starts (default: ${DEFAULT-VALUE}).")
  int restarts = 5;

  @Option(names = "--max-iter", paramLabel = "M",
      description = "Iteration limit of every fit (default: ${DEFAULT-VALUE}).")
  int maxIterations = 5000;

  @Option(names = "--tol", paramLabel = "T",
      description = "Convergence tolerance on the mean log-likelihood per row"
          + " (default: ${DEFAULT-VALUE}).")
  double tolerance = 1e-7;

  @Option(names = "--min-weight", paramLabel = "W",
      description = "A component with a smaller weight is degenerate (default: ${DEFAULT-VALUE}).")
  double minWeight = 0.05;

  @Option(names = "--min-sd-ratio", paramLabel = "R",
      description = "A component whose sd is below this fraction of the data's sd is degenerate"
          + " (default: ${DEFAULT-VALUE}).")
  double minSdRatio = 0.2;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads, 0 for all cores (default: ${DEFAULT-VALUE}).")
  int threads = 1;

  @Option(names = "--write-data", paramLabel = "FILE.csv",
      description = "Write the main sample (height, and the hidden sex) to this file.")
  Path writeData;

  @Mixin ReportOptions reporting;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    HeightsExperiment.Settings settings;
    Diagnostics diagnostics;
    try {
      diagnostics = new Diagnostics(minWeight, minSdRatio);
      settings = new HeightsExperiment.Settings(students, meanMen, sdMen, meanWomen, sdWomen,
          shareMen, seed, checkpoints, samples, restarts, maxIterations, tolerance, diagnostics,
          threads);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    HeightsExperiment.Result r = HeightsExperiment.run(settings);
    if (writeData != null) {
      AtomicFile.write(writeData, w -> {
        w.write("height,sex\n");
        for (int i = 0; i < r.data().rows(); i++) {
          w.write(String.format(Locale.ROOT, "%.4f,%s%n", r.data().get(i, 0),
              r.men()[i] ? "M" : "F"));
        }
      });
    }
    PrintWriter out = spec.commandLine().getOut();
    HeightsTables.print(r, out);
    if (writeData != null) {
      out.println("sample written to " + writeData);
    }
    if (reporting.plots != null) {
      List<Path> files = FitCharts.write(reporting.plots, "", charts(r));
      out.println(files.size() + " chart files written to " + reporting.plots);
    }
    if (reporting.report != null) {
      report(r).write(reporting.report);
      out.println("report written to " + reporting.report);
    }
    out.flush();
    return Em4jCommand.OK;
  }

  /** The charts: the textbook fit's standard charts, then the density from each other start. */
  static Map<String, Chart> charts(HeightsExperiment.Result r) {
    NormalMixture1D truth = r.settings().truth();
    Map<String, Chart> charts = new LinkedHashMap<>();
    charts.putAll(FitCharts.of(r.textbook().model(), r.data(), truth));
    List<HeightsExperiment.Outcome> others = new ArrayList<>(r.starts());
    others.add(r.kmeans());
    for (HeightsExperiment.Outcome o : others) {
      if (o.last() != null) {
        Chart c = Charts.density(r.data(), 0, o.last(), truth);
        charts.put("density-" + stem(o.label()), c);
      }
    }
    return charts;
  }

  private static String stem(String label) {
    return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  /** The HTML report: the textbook fit's standard sections plus the experiment's tables. */
  static Report report(HeightsExperiment.Result r) {
    HeightsExperiment.Settings s = r.settings();
    NormalMixture1D truth = s.truth();
    List<String> warnings = new ArrayList<>();
    if (r.textbook().failure() != null) {
      warnings.add("the textbook fit degenerated: " + r.textbook().failure());
    }
    Report.Builder b = Report.forFit("em4j demo heights", r.textbook().model(), r.data(), truth,
        warnings);
    b.subtitle(HeightsTables.headline(r));
    b.table("checkpoints", "From the textbook start: true values and estimates",
        HeightsTables.startLine(r.textbook()), HeightsTables.checkpointHeader(r),
        HeightsTables.checkpointRows(r));
    b.table("starts", "From unreasonable starts and from k-means++",
        "Component 1 is the one started at the first mean (for k-means++: the larger final mean).",
        HeightsTables.startsHeader(), HeightsTables.startsRows(r));
    for (HeightsExperiment.Outcome o : r.starts()) {
      if (o.last() != null) {
        b.appendChart("starts", Charts.density(r.data(), 0, o.last(), truth),
            "Start " + o.label() + ": " + HeightsTables.diagnosis(o, r.data()));
      }
    }
    String mirror = HeightsTables.mirrorNote(r);
    if (mirror != null) {
      b.append("starts", Html.p(mirror));
    }
    b.table("collapse", "How often each start ends collapsed",
        "Over " + r.study().samples() + " further samples drawn with the same settings: a fit"
            + " counts as collapsed when EM degenerated or ended with a component of weight"
            + " below " + s.diagnostics().minWeight() + " or sd below "
            + s.diagnostics().minSdRatio() + " of the data's.",
        List.of("start", "collapsed", "of samples"), HeightsTables.collapseRows(r));
    b.append("collapse", Html.p("Log-likelihoods on the main sample: "
        + HeightsTables.logLikelihoodLine(r)));
    b.moveAfter("checkpoints", Report.DATA);
    b.moveAfter("starts", "checkpoints");
    b.moveAfter("collapse", "starts");
    return b.build();
  }
}
