package org.em4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.Acceleration;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.Checkpointer;
import org.em4j.engine.DegeneratePolicy;
import org.em4j.engine.EmOptions;
import org.em4j.engine.FitState;
import org.em4j.engine.InitMethod;
import org.em4j.engine.Statistics;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.ScaleCheck;
import org.em4j.io.CheckpointFile;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code em4j fit}: fits a mixture to a data file and writes the model. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = "Fit a mixture model with EM and print a summary.")
public final class FitCommand implements Callable<Integer> {
  @Mixin DataOptions input;

  @Mixin RunOptions run;

  @Mixin ReportOptions reporting;

  @Option(
      names = {"-k", "--components"},
      paramLabel = "K",
      description = "Number of components (taken from the model when --init is a model file).")
  Integer components;

  @Option(
      names = "--family",
      paramLabel = "NAME",
      description =
          "Model family: gaussian, binomial, bernoulli, categorical or poisson (default: gaussian,"
              + " or the family of the --init model).")
  String family;

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
      paramLabel = "TYPE",
      description = "Covariance structure: full, diag, spherical or tied (default: full).")
  String covariance;

  @Option(
      names = "--init",
      paramLabel = "METHOD|MODEL.json",
      description =
          "Start: kmeans++, random, random-points, or a model file (default: ${DEFAULT-VALUE}).")
  String init = "kmeans++";

  @Option(
      names = "--restarts",
      paramLabel = "R",
      description = "Runs from different random starts; the best wins (default: ${DEFAULT-VALUE}).")
  int restarts = 1;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 0;






  @Option(
      names = "--fix",
      split = ",",
      paramLabel = "GROUP",
      description = "Parameter groups held at their starting values, e.g. weights.")
  List<String> fixed = new ArrayList<>();

  @Option(
      names = "--accelerate",
      paramLabel = "SCHEME",
      description =
          "none (plain EM), squarem (SQUAREM extrapolation) or daarem (damped Anderson"
              + " acceleration): the same maximum in fewer passes over the data when EM is slow;"
              + " default: none.")
  String accelerate;

  @Option(names = "--out", paramLabel = "MODEL.json", description = "Write the model here.")
  Path out;

  @Option(
      names = "--trace",
      paramLabel = "TRACE.csv",
      description = "Write the chosen run's log-likelihood and parameters at every iteration.")
  Path trace;

  @Option(
      names = "--on-degenerate",
      paramLabel = "warn|reinit|drop|fail",
      description =
          "When a component's weight falls under one row (or --degenerate-weight) or its"
              + " covariance collapses: warn (record it and go on), reinit (draw it again), drop"
              + " (remove it) or fail the run (default: ${DEFAULT-VALUE}).")
  String onDegenerate = "warn";

  @Option(
      names = "--degenerate-weight",
      paramLabel = "W",
      description =
          "A component with a weight below this (or below 1/N) is degenerate (default:"
              + " ${DEFAULT-VALUE}).")
  double degenerateWeight = 0;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description =
          "Save the fit's whole state here (atomically) every --checkpoint-every iterations and"
              + " after every restart, so that --resume can continue it.")
  Path checkpoint;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "N",
      description = "Iterations between two checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointEvery = 10;

  @Option(
      names = "--resume",
      paramLabel = "FILE",
      description =
          "Continue the fit saved in this checkpoint (same data and options; the thread count may"
              + " differ): the model is the same, bit for bit, as an uninterrupted fit's.")
  Path resume;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (checkpointEvery < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--checkpoint-every must be at least 1, got " + checkpointEvery);
    }
    if ((checkpoint != null || resume != null) && parseAcceleration() == Acceleration.DAAREM) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          (checkpoint != null ? "--checkpoint" : "--resume")
              + " cannot be used with --accelerate daarem (its Anderson history is not saved);"
              + " use --accelerate squarem or none");
    }
    MixtureModel<?> start = null;
    InitMethod method = InitMethod.KMEANS_PLUSPLUS;
    if (looksLikeFile(init)) {
      start = ModelFile.read(Path.of(init));
    } else {
      try {
        method = InitMethod.parse(init);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--init: " + e.getMessage() + ", or a model file that exists");
      }
    }
    DiscreteData.Fit discrete = null;
    Dataset data;
    if (DiscreteData.handles(familyName(start))) {
      discreteOptionsOnly();
      discrete =
          DiscreteData.forFit(
              familyName(start), input, run.weights, successes, trials, start,
              spec.commandLine().getErr());
      data = discrete.data();
    } else {
      if (successes != null || trials != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--successes and --trials go with --family binomial");
      }
      data = input.read(run.weights, null);
    }
    int k = resolveComponents(start);
    EmOptions options;
    try {
      options =
        EmOptions.builder()
            .components(k)
            .maxIterations(run.maxIterations)
            .tolerance(run.tolerance)
            .restarts(restarts)
            .seed(seed)
            .threads(run.threads)
            .init(method)
            .fixed(new LinkedHashSet<>(fixed))
            .traceParameters(trace != null || reporting.wanted())
            .acceleration(parseAcceleration())
            .onDegenerate(DegeneratePolicy.parse(onDegenerate))
            .degenerateWeight(degenerateWeight)
            .build();
    } catch (IllegalArgumentException e) {
      throw OptionErrors.of(spec.commandLine(), e);
    }
    if (!fixed.isEmpty() && start == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--fix needs a start to fix the values of: give --init MODEL.json");
    }
    MixtureFamily<?, ?> fam = discrete != null ? discrete.family() : family(start);
    if (!quiet && fam instanceof GaussianFamily g) {
      for (String w : ScaleCheck.warnings(data, g.regularization())) {
        spec.commandLine().getErr().println("em4j: warning: " + w);
      }
    }
    MixtureModel<?> model = fit(fam, data, options, start == null ? null : start.parameters());
    PrintWriter o = spec.commandLine().getOut();
    if (out != null) {
      ModelFile.write(model, out, data);
    }
    if (trace != null) {
      TraceFile.write(model, trace);
    }
    List<Path> plotted = FitReport.plots(model, data, reporting.plots);
    FitReport.report(model, data, reporting.report);
    if (!quiet) {
      Summary.print(model, data, o);
      if (out != null) {
        o.println("model written to " + out);
      }
      if (trace != null) {
        o.println("trace written to " + trace);
      }
      if (reporting.plots != null) {
        o.println(plotted.size() + " chart files written to " + reporting.plots);
      }
      if (reporting.report != null) {
        o.println("report written to " + reporting.report);
      }
      o.flush();
    }
    return Em4jCommand.OK;
  }

  private static boolean looksLikeFile(String s) {
    return s.endsWith(".json") || Files.exists(Path.of(s));
  }

  private int resolveComponents(MixtureModel<?> start) {
    if (start != null) {
      if (components != null && components != start.components()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--components "
                + components
                + " disagrees with the "
                + start.components()
                + " components of the --init model");
      }
      return start.components();
    }
    if (components == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing required option: '--components=K'");
    }
    if (components < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--components must be at least 1, got " + components);
    }
    return components;
  }

  /** The family asked for: --family, else the --init model's, else gaussian. */
  private String familyName(MixtureModel<?> start) {
    String name = family != null ? family : start != null ? start.family().name() : "gaussian";
    if (!name.equals("gaussian") && !DiscreteData.handles(name)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--family: unknown family '"
              + name
              + "' (expected gaussian, binomial, bernoulli, categorical or poisson)");
    }
    return name;
  }

  /** Rejects the options that only the gaussian family has. */
  private void discreteOptionsOnly() {
    for (String opt : new String[] {"--covariance", "--reg"}) {
      if (spec.commandLine().getParseResult().hasMatchedOption(opt)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), opt + " applies to the gaussian family only");
      }
    }
  }

  private MixtureFamily<?, ?> family(MixtureModel<?> start) {
    CovarianceType type = covariance == null ? CovarianceType.FULL : parseCovariance();
    if (start != null) {
      if (!(start.family() instanceof GaussianFamily g)) {
        throw new InputException(
            init + ": is a " + start.family().name() + " model, not a gaussian one");
      }
      if (covariance != null && type != g.covarianceType()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--covariance "
                + type.label()
                + " disagrees with the "
                + g.covarianceType().label()
                + " covariances of the --init model");
      }
      type = g.covarianceType();
    }
    try {
      return new GaussianFamily(type, run.regularization);
    } catch (IllegalArgumentException e) {
      throw OptionErrors.of(spec.commandLine(), e);
    }
  }

  private Acceleration parseAcceleration() {
    if (accelerate == null) {
      return EmOptions.DEFAULT_ACCELERATION;
    }
    try {
      return Acceleration.parse(accelerate);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--accelerate: " + e.getMessage());
    }
  }

  private CovarianceType parseCovariance() {
    try {
      return CovarianceType.parse(covariance);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--covariance: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private <P extends MixtureParameters, S extends Statistics<S>> MixtureModel<P> fit(
      MixtureFamily<P, S> fam, Dataset data, EmOptions options, Object start) {
    Checkpointer<P> saver = Checkpointer.none();
    if (checkpoint != null) {
      try {
        saver = new CheckpointFile<>(checkpoint, checkpointEvery);
      } catch (IllegalArgumentException e) {
        throw OptionErrors.of(spec.commandLine(), e);
      }
    }
    FitState<P> state = resume == null ? null : CheckpointFile.read(resume);
    try (Progress<P> progress = Progress.create(options, !quiet, spec.commandLine().getErr());
        ChunkExecutor exec = ChunkExecutor.create(options.threads())) {
      MixtureFitter<P, S> fitter = new MixtureFitter<>(fam, options, progress);
      try {
        return fitter.fit(data, (P) start, exec, saver, state);
      } catch (IllegalArgumentException e) {
        if (state != null && e.getMessage().startsWith("the saved state is of another fit")) {
          throw new InputException(resume + ": " + e.getMessage(), e);
        }
        throw e;
      }
    }
  }

}
