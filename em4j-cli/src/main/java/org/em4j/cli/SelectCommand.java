package org.em4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.em4j.data.Dataset;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.io.AtomicFile;
import org.em4j.engine.Statistics;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import org.em4j.report.FitCharts;
import org.em4j.report.SelectionReport;
import org.em4j.selection.CellResult;
import org.em4j.selection.CellStatus;
import org.em4j.selection.Criterion;
import org.em4j.selection.ModelSelector;
import org.em4j.selection.SelectionOptions;
import org.em4j.selection.SelectionResult;
import org.em4j.selection.SelectionTable;
import org.em4j.selection.Structure;
import org.em4j.options.DataOptions;
import org.em4j.options.RunOptions;
import org.em4j.options.OptionErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code em4j select}: fits every (K, structure) cell of a grid, prints the criterion table and
 * writes the best model. A thin shell over {@link ModelSelector}.
 */
@Command(
    name = "select",
    mixinStandardHelpOptions = true,
    description =
        "Choose the number of components and the covariance structure: fit every cell of the"
            + " grid (in parallel), rank the cells by BIC, AIC or ICL (lower is better) and write"
            + " the best model.")
public final class SelectCommand implements Callable<Integer> {
  @Mixin DataOptions input;

  @Mixin RunOptions run;

  @Option(
      names = {"-k", "--components"},
      required = true,
      paramLabel = "LIST",
      description = "Numbers of components: a range 1..9, a list 2,3,5, or both (2..4,8).")
  String components;

  @Option(
      names = "--family",
      paramLabel = "NAME",
      description =
          "Model family: gaussian, binomial, bernoulli, categorical or poisson (default:"
              + " ${DEFAULT-VALUE}).")
  String family = "gaussian";

  @Option(
      names = "--successes",
      paramLabel = "COL",
      description = "Binomial: the column of successes (with --trials).")
  String successes;

  @Option(
      names = "--trials",
      paramLabel = "COL",
      description = "Binomial: the column of numbers of trials (with --successes).")
  String trials;

  @Option(
      names = "--covariance",
      split = ",",
      paramLabel = "TYPE",
      description =
          "Covariance structures to compare: full, diag, spherical, tied (default: all four).")
  List<String> covariance = new ArrayList<>(List.of("full", "diag", "spherical", "tied"));

  @Option(
      names = "--criterion",
      paramLabel = "bic|aic|icl",
      description = "What picks the best cell (default: ${DEFAULT-VALUE}).")
  String criterion = "bic";

  @Option(
      names = "--init",
      paramLabel = "METHOD",
      description = "Starts: kmeans++, random or random-points (default: ${DEFAULT-VALUE}).")
  String init = "kmeans++";

  @Option(
      names = "--restarts",
      paramLabel = "R",
      description = "Runs per cell from different random starts; the best wins (default: ${DEFAULT-VALUE}).")
  int restarts = 1;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Random seed; every cell's own seed is derived from it (default: ${DEFAULT-VALUE}).")
  long seed = 0;






  @Option(names = "--out", paramLabel = "BEST.json", description = "Write the best model here.")
  Path out;

  @Option(
      names = "--table",
      paramLabel = "CELLS.csv",
      description = "Write every cell (status, log-likelihood, parameters, BIC, AIC, ICL, seed) here.")
  Path table;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  boolean quiet;

  @Mixin ReportOptions reporting;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // A discrete family reads its own input forms, and has one structure: the family itself.
    DiscreteData.Fit discrete =
        DiscreteData.handles(family)
            ? DiscreteData.forFit(
                family, input, run.weights(), successes, trials, null, spec.commandLine().getErr())
            : null;
    SelectionOptions options = options(discrete);
    Dataset data = discrete != null ? discrete.data() : input.read(run.weights(), null);
    SelectionResult result;
    int usedThreads;
    MixtureModel<?> bestTraced = null;
    try (ChunkExecutor exec = ChunkExecutor.create(run.threads());
        SelectProgress progress = SelectProgress.create(options.cells(), !quiet)) {
      usedThreads = exec.threads();
      result = new ModelSelector(options, progress).select(data, exec);
      if (reporting.wanted() && result.best().isPresent()) {
        bestTraced = traced(result, result.best().get(), data, exec);
      }
    }
    CellResult best = result.best().orElse(null);
    if (best != null && out != null) {
      ModelFile.write(best.model(), out, data);
    }
    if (table != null) {
      AtomicFile.writeString(table, SelectionTable.csv(result));
    }
    List<Path> plotted =
        reporting.plots == null
            ? List.of()
            : FitCharts.write(
                reporting.plots, "", SelectionReport.charts(result, bestTraced, data));
    if (reporting.report != null) {
      SelectionReport.builder("em4j select: " + data.source(), result, bestTraced, data)
          .subtitle(family + " mixtures, " + options.cells() + " cells ranked by "
              + options.criterion().label().toUpperCase(Locale.ROOT))
          .build()
          .write(reporting.report);
    }
    PrintWriter o = spec.commandLine().getOut();
    if (!quiet) {
      o.printf(
          Locale.ROOT,
          "%s mixtures on %s: N = %d rows, D = %d; %d cell%s (%d structure%s x %d value%s of K),"
              + " %d run%s per cell (%s, seed %d), %d thread%s%n%n",
          family,
          data.source(),
          data.rows(),
          data.columns(),
          options.cells(),
          options.cells() == 1 ? "" : "s",
          options.structures().size(),
          options.structures().size() == 1 ? "" : "s",
          options.components().size(),
          options.components().size() == 1 ? "" : "s",
          restarts,
          restarts == 1 ? "" : "s",
          init,
          seed,
          usedThreads,
          usedThreads == 1 ? "" : "s");
      o.print(SelectionTable.format(result));
      if (best != null && out != null) {
        o.println("best model written to " + out);
      }
      if (table != null) {
        o.println("cell table written to " + table);
      }
      if (reporting.plots != null) {
        o.println(plotted.size() + " chart files written to " + reporting.plots);
      }
      if (reporting.report != null) {
        o.println("report written to " + reporting.report);
      }
      o.flush();
    }
    if (best == null) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("em4j: every cell of the grid failed; no model was written");
      err.flush();
      return Em4jCommand.FAILURE;
    }
    if (best.status() == CellStatus.NOT_CONVERGED) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "em4j: warning: the best cell did not converge within --max-iter "
              + run.maxIterations()
              + " iterations");
      err.flush();
    }
    return Em4jCommand.OK;
  }

  /**
   * The best cell fitted again with its seed and its parameter trace kept, for the report's
   * traces (the selector keeps no traces, to bound memory over the grid). A cell's fit is
   * deterministic for its seed, so this is the same model; should it differ, the selector's own
   * model (without traces) is used.
   */
  private static MixtureModel<?> traced(
      SelectionResult result, CellResult best, Dataset data, ChunkExecutor exec) {
    Structure structure =
        result.options().structures().stream()
            .filter(s -> s.label().equals(best.structure()))
            .findFirst()
            .orElseThrow();
    EmOptions em =
        result.options().em().toBuilder()
            .components(best.components())
            .seed(best.seed())
            .traceParameters(true)
            .build();
    MixtureModel<?> again = refit(structure.family(), em, data, exec);
    return again.fit().logLikelihood() == best.logLikelihood() ? again : best.model();
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> MixtureModel<P> refit(
      MixtureFamily<P, S> family, EmOptions em, Dataset data, ChunkExecutor exec) {
    return new MixtureFitter<>(family, em).fit(data, null, exec);
  }

  private SelectionOptions options(DiscreteData.Fit discrete) {
    if (!family.equals("gaussian") && discrete == null) {
      throw usage(
          "--family: unknown family '"
              + family
              + "' (expected gaussian, binomial, bernoulli, categorical or poisson)");
    }
    if (discrete != null) {
      for (String opt : new String[] {"--covariance", "--reg"}) {
        if (spec.commandLine().getParseResult().hasMatchedOption(opt)) {
          throw usage(opt + " applies to the gaussian family only");
        }
      }
      covariance = List.of("full");
    } else if (successes != null || trials != null) {
      throw usage("--successes and --trials go with --family binomial");
    }
    Set<CovarianceType> types = new LinkedHashSet<>();
    for (String c : covariance) {
      CovarianceType t;
      try {
        t = CovarianceType.parse(c.trim());
      } catch (IllegalArgumentException e) {
        throw usage("--covariance: " + e.getMessage());
      }
      if (!types.add(t)) {
        throw usage("--covariance: '" + c.trim() + "' is listed twice");
      }
    }
    Criterion crit;
    InitMethod method;
    try {
      crit = Criterion.parse(criterion);
    } catch (IllegalArgumentException e) {
      throw usage("--criterion: " + e.getMessage());
    }
    try {
      method = InitMethod.parse(init);
    } catch (IllegalArgumentException e) {
      throw usage("--init: " + e.getMessage());
    }
    List<Structure> structures;
    try {
      structures =
          discrete != null
              ? List.of(new Structure(family, discrete.family()))
              : Structure.gaussian(List.copyOf(types), run.regularization());
    } catch (IllegalArgumentException e) {
      throw usage("--reg: " + e.getMessage());
    }
    if (discrete != null && method == InitMethod.RANDOM_POINTS) {
      throw usage("--init: random-points does not apply to the " + family + " family (use"
          + " kmeans++ or random)");
    }
    if (restarts < 1) {
      throw usage("--restarts must be at least 1, got " + restarts);
    }
    if (run.maxIterations() < 0) {
      throw usage("--max-iter must be >= 0, got " + run.maxIterations());
    }
    if (!(run.tolerance() >= 0) || Double.isInfinite(run.tolerance())) {
      throw usage("--tol must be a finite number >= 0, got " + run.tolerance());
    }
    if (run.threads() < 0) {
      throw usage("--threads must be >= 0 (0 = all cores), got " + run.threads());
    }
    EmOptions em;
    try {
      em =
          EmOptions.builder()
              .maxIterations(run.maxIterations())
              .tolerance(run.tolerance())
              .restarts(restarts)
              .seed(seed)
              .threads(run.threads())
              .init(method)
              .traceParameters(reporting.wanted())
              .build();
    } catch (IllegalArgumentException e) {
      throw usage(OptionErrors.rename(e.getMessage()));
    }
    List<Integer> ks = parseComponents(components);
    return new SelectionOptions(structures, ks, crit, em);
  }

  /** Parses {@code 1..9}, {@code 2,3,5} or a mix such as {@code 2..4,8}. */
  List<Integer> parseComponents(String text) {
    Set<Integer> ks = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      try {
        int dots = p.indexOf("..");
        if (dots >= 0) {
          int from = Integer.parseInt(p.substring(0, dots).trim());
          int to = Integer.parseInt(p.substring(dots + 2).trim());
          if (from < 1 || to < from) {
            throw usage(
                "--components: a range needs 1 <= FROM <= TO, got '" + p + "'");
          }
          for (int k = from; k <= to; k++) {
            addComponent(ks, k);
          }
        } else {
          int k = Integer.parseInt(p);
          if (k < 1) {
            throw usage("--components: numbers of components must be at least 1, got " + k);
          }
          addComponent(ks, k);
        }
      } catch (NumberFormatException e) {
        throw usage(
            "--components: expected a range like 1..9 or a list like 2,3,5, got '" + text + "'");
      }
    }
    return new ArrayList<>(ks);
  }

  private void addComponent(Set<Integer> ks, int k) {
    if (!ks.add(k)) {
      throw usage("--components: K = " + k + " is listed twice");
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
