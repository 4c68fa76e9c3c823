package org.em4j.cli;

import org.em4j.engine.EmOptions;
import org.em4j.gaussian.GaussianFamily;
import picocli.CommandLine.Option;

/**
 * The options of an EM run that {@code fit} and {@code select} share (a mixin), so both spell,
 * default and describe them the same way.
 */
public final class RunOptions {
  @Option(
      names = "--tol",
      paramLabel = "T",
      description =
          "Stop when the mean log-likelihood per row changes less than this; 0 runs exactly"
              + " --max-iter iterations (default: ${DEFAULT-VALUE}).")
  double tolerance = EmOptions.DEFAULT_TOLERANCE;

  @Option(
      names = "--max-iter",
      paramLabel = "M",
      description = "Iteration limit per run (default: ${DEFAULT-VALUE}).")
  int maxIterations = EmOptions.DEFAULT_MAX_ITERATIONS;

  @Option(
      names = "--reg",
      paramLabel = "R",
      description = "Added to covariance diagonals (default: ${DEFAULT-VALUE}).")
  double regularization = GaussianFamily.DEFAULT_REGULARIZATION;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads, 0 for all cores; the result does not depend on it (default: ${DEFAULT-VALUE}).")
  int threads = 0;

  @Option(
      names = "--weights",
      paramLabel = "COLUMN",
      description = "Column of per-row weights (not a feature).")
  String weights;
}
