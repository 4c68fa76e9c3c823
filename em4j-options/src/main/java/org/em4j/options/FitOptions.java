package org.em4j.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.em4j.engine.Acceleration;
import org.em4j.engine.DegeneratePolicy;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureModel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How a fit starts, what it may hold fixed and what it writes (a mixin for {@code em4j fit} and
 * {@code em4j-spark fit}): {@code -k}, {@code --init}, {@code --restarts}, {@code --seed}, {@code
 * --fix}, {@code --accelerate}, {@code --on-degenerate}, {@code --degenerate-weight}, {@code
 * --out}, {@code --trace} and {@code --quiet}, with the checks that span them.
 */
public final class FitOptions {
  @Option(
      names = {"-k", "--components"},
      paramLabel = "K",
      description = "Number of components (taken from the model when --init is a model file).")
  private Integer components;

  @Option(
      names = "--init",
      paramLabel = "METHOD|MODEL.json",
      description =
          "Start: kmeans++, random, random-points, or a model file (default: ${DEFAULT-VALUE}).")
  private String init = "kmeans++";

  @Option(
      names = "--restarts",
      paramLabel = "R",
      description = "Runs from different random starts; the best wins (default: ${DEFAULT-VALUE}).")
  private int restarts = 1;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed = 0;

  @Option(
      names = "--fix",
      split = ",",
      paramLabel = "GROUP",
      description = "Parameter groups held at their starting values, e.g. weights.")
  private List<String> fixed = new ArrayList<>();

  @Option(
      names = "--accelerate",
      paramLabel = "SCHEME",
      description =
          "none (plain EM), squarem (SQUAREM extrapolation) or daarem (damped Anderson"
              + " acceleration): the same maximum in fewer passes over the data when EM is slow;"
              + " default: none.")
  private String accelerate;

  @Option(
      names = "--on-degenerate",
      paramLabel = "warn|reinit|drop|fail",
      description =
          "When a component's weight falls under one row (or --degenerate-weight) or its"
              + " covariance collapses: warn (record it and go on), reinit (draw it again), drop"
              + " (remove it) or fail the run (default: ${DEFAULT-VALUE}).")
  private String onDegenerate = "warn";

  @Option(
      names = "--degenerate-weight",
      paramLabel = "W",
      description =
          "A component with a weight below this (or below 1/N) is degenerate (default:"
              + " ${DEFAULT-VALUE}).")
  private double degenerateWeight = 0;

  @Option(names = "--out", paramLabel = "MODEL.json", description = "Write the model here.")
  private Path out;

  @Option(
      names = "--trace",
      paramLabel = "TRACE.csv",
      description = "Write the chosen run's log-likelihood and parameters at every iteration.")
  private Path trace;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  private boolean quiet;

  /** {@code --init} as typed. */
  public String init() {
    return init;
  }

  /** {@code --out}, or {@code null}. */
  public Path out() {
    return out;
  }

  /** {@code --trace}, or {@code null}. */
  public Path trace() {
    return trace;
  }

  /** {@code --quiet}. */
  public boolean quiet() {
    return quiet;
  }

  /** {@code --fix}: the groups held fixed (empty when none). */
  public List<String> fixed() {
    return List.copyOf(fixed);
  }

  /**
   * The {@code --init} model when {@code --init} names a model file ({@code .json}, or a file
   * that exists), else {@code null}.
   *
   * @throws org.em4j.data.InputException when the file cannot be read as a model
   */
  public MixtureModel<?> startModel() {
    return looksLikeFile(init) ? ModelFile.read(Path.of(init)) : null;
  }

  /**
   * The start method of {@code --init} when it is not a model file ({@code kmeans++} otherwise).
   *
   * @throws CommandLine.ParameterException for an unknown method
   */
  public InitMethod initMethod(CommandLine cl) {
    if (looksLikeFile(init)) {
      return InitMethod.KMEANS_PLUSPLUS;
    }
    try {
      return InitMethod.parse(init);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          cl, "--init: " + e.getMessage() + ", or a model file that exists");
    }
  }

  /**
   * The number of components: {@code -k}, or the {@code --init} model's (they must agree).
   *
   * @throws CommandLine.ParameterException when missing, below 1 or in disagreement
   */
  public int components(MixtureModel<?> start, CommandLine cl) {
    if (start != null) {
      if (components != null && components != start.components()) {
        throw new CommandLine.ParameterException(
            cl,
            "--components "
                + components
                + " disagrees with the "
                + start.components()
                + " components of the --init model");
      }
      return start.components();
    }
    if (components == null) {
      throw new CommandLine.ParameterException(cl, "Missing required option: '--components=K'");
    }
    if (components < 1) {
      throw new CommandLine.ParameterException(
          cl, "--components must be at least 1, got " + components);
    }
    return components;
  }

  /**
   * The engine's settings from these options and the run options; then checks that {@code --fix}
   * has a start to fix the values of.
   *
   * @param k the number of components ({@link #components})
   * @param method the start method ({@link #initMethod})
   * @param hasStart whether {@code --init} is a model
   * @param keepTrace whether the fit keeps every iteration's parameters
   * @throws CommandLine.ParameterException naming the option of a bad value
   */
  public EmOptions emOptions(
      RunOptions run, int k, InitMethod method, boolean hasStart, boolean keepTrace, CommandLine cl) {
    EmOptions options;
    try {
      options =
          EmOptions.builder()
              .components(k)
              .maxIterations(run.maxIterations())
              .tolerance(run.tolerance())
              .restarts(restarts)
              .seed(seed)
              .threads(run.threads())
              .init(method)
              .fixed(new LinkedHashSet<>(fixed))
              .traceParameters(keepTrace)
              .acceleration(acceleration(cl))
              .onDegenerate(DegeneratePolicy.parse(onDegenerate))
              .degenerateWeight(degenerateWeight)
              .build();
    } catch (IllegalArgumentException e) {
      throw OptionErrors.of(cl, e);
    }
    if (!fixed.isEmpty() && !hasStart) {
      throw new CommandLine.ParameterException(
          cl, "--fix needs a start to fix the values of: give --init MODEL.json");
    }
    return options;
  }

  /** The {@code --accelerate} scheme, or the library default. */
  public Acceleration acceleration(CommandLine cl) {
    if (accelerate == null) {
      return EmOptions.DEFAULT_ACCELERATION;
    }
    try {
      return Acceleration.parse(accelerate);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--accelerate: " + e.getMessage());
    }
  }

  private static boolean looksLikeFile(String s) {
    return s.endsWith(".json") || Files.exists(Path.of(s));
  }
}
