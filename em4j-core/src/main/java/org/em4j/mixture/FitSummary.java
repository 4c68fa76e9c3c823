package org.em4j.mixture;

import java.util.List;

/**
 * How a model was fitted: what the model file's {@code fit} block holds.
 *
 * @param logLikelihood weighted log-likelihood of the training rows under the model (total, not
 *     mean)
 * @param iterations M-steps done by the chosen run
 * @param eSteps passes over the data by the chosen run
 * @param converged whether the chosen run met the tolerance
 * @param samples number of training rows
 * @param totalWeight sum of the row weights ({@code samples} when unweighted)
 * @param freeParameters number of free parameters
 * @param bic Bayesian information criterion, {@code -2 logL + p log n} (lower is better)
 * @param aic Akaike information criterion, {@code -2 logL + 2 p} (lower is better)
 * @param restarts number of runs
 * @param bestRestart the chosen run (0-based)
 * @param runLogLikelihoods every run's final log-likelihood ({@code NaN} for a failed run)
 * @param init how starts were drawn ({@code kmeans++}, ..., or {@code given})
 * @param seed the random seed
 * @param tolerance the convergence tolerance
 * @param maxIterations the iteration limit
 * @param logLikelihoodTrace the chosen run's log-likelihood at every iteration
 * @param acceleration how the iterations moved ({@code none}, {@code squarem} or {@code daarem},
 *     see {@link org.em4j.engine.Acceleration}); with acceleration an iteration is one accepted
 *     iterate (a SQUAREM cycle, a DAAREM proposal or EM step) and {@code eSteps} counts every
 *     pass over the data
 * @param degenerateEvents components found degenerate in any run, and what was done
 */
public record FitSummary(
    double logLikelihood,
    int iterations,
    int eSteps,
    boolean converged,
    int samples,
    double totalWeight,
    int freeParameters,
    double bic,
    double aic,
    int restarts,
    int bestRestart,
    List<Double> runLogLikelihoods,
    String init,
    long seed,
    double tolerance,
    int maxIterations,
    List<Double> logLikelihoodTrace,
    String acceleration,
    List<org.em4j.engine.DegenerateEvent> degenerateEvents) {

  /** Copies the lists. */
  public FitSummary {
    runLogLikelihoods = List.copyOf(runLogLikelihoods);
    logLikelihoodTrace = List.copyOf(logLikelihoodTrace);
    acceleration = java.util.Objects.requireNonNull(acceleration, "acceleration");
    degenerateEvents = List.copyOf(degenerateEvents);
  }

  /**
   * The summary of one run from a given start (one restart, {@code init} "given"), as the demos
   * and other single-run callers report it.
   */
  public static FitSummary ofSingleRun(
      org.em4j.engine.EmRun<?> run,
      org.em4j.engine.EmOptions options,
      int freeParameters,
      int samples,
      double totalWeight) {
    double ll = run.logLikelihood();
    return new FitSummary(
        ll,
        run.iterations(),
        run.eSteps(),
        run.converged(),
        samples,
        totalWeight,
        freeParameters,
        bic(ll, freeParameters, totalWeight),
        aic(ll, freeParameters),
        1,
        0,
        List.of(ll),
        "given",
        options.seed(),
        options.tolerance(),
        options.maxIterations(),
        run.logLikelihoodTrace(),
        options.acceleration().label(),
        run.degenerateEvents());
  }

  /** BIC from a log-likelihood, a parameter count and a sample size. */
  public static double bic(double logLikelihood, int freeParameters, double n) {
    return -2 * logLikelihood + freeParameters * Math.log(n);
  }

  /** AIC from a log-likelihood and a parameter count. */
  public static double aic(double logLikelihood, int freeParameters) {
    return -2 * logLikelihood + 2.0 * freeParameters;
  }
}
