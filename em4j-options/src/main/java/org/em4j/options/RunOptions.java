package org.em4j.options;

import org.em4j.engine.EmOptions;
import org.em4j.gaussian.GaussianFamily;
import picocli.CommandLine.Option;

/**
 * The options of an EM run that {@code fit}, {@code select} and {@code em4j-spark fit} share (a
 * mixin), so all spell, default and describe them the same way.
 */
public final class RunOptions {
  @Option(
      names = "--tol",
      paramLabel = "T",
      description =
          "Stop when the mean log-likelihood per row changes less than this; 0 runs exactly"
              + " --max-iter iterations (default: ${DEFAULT-VALUE}).")
  private double tolerance = EmOptions.DEFAULT_TOLERANCE;

  @Option(
      names = "--max-iter",
      paramLabel = "M",
      description = "Iteration limit per run (default: ${DEFAULT-VALUE}).")
  private int maxIterations = EmOptions.DEFAULT_MAX_ITERATIONS;

  @Option(
      names = "--reg",
      paramLabel = "R",
      description = "Added to covariance diagonals (default: ${DEFAULT-VALUE}).")
  private double regularization = GaussianFamily.DEFAULT_REGULARIZATION;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads, 0 for all cores; the result does not depend on it (default: ${DEFAULT-VALUE}).")
  private int threads = 0;

  @Option(
      names = "--weights",
      paramLabel = "COLUMN",
      description = "Column of per-row weights (not a feature).")
  private String weights;

  /** {@code --tol}. */
  public double tolerance() {
    return tolerance;
  }

  /** {@code --max-iter}. */
  public int maxIterations() {
    return maxIterations;
  }

  /** {@code --reg}. */
  public double regularization() {
    return regularization;
  }

  /** {@code --threads} (0: all cores). */
  public int threads() {
    return threads;
  }

  /** {@code --weights}: the weight column, or {@code null}. */
  public String weights() {
    return weights;
  }
}
