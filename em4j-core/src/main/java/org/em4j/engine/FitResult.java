package org.em4j.engine;

import java.util.List;

/**
 * The outcome of a fit with restarts: the best run and what every run reached.
 *
 * @param best the run with the highest log-likelihood (the first one on ties)
 * @param bestRestart index of that run
 * @param runLogLikelihoods final log-likelihood of every run ({@code NaN} for a run that failed)
 * @param runFailures for every run, {@code null} or why it failed (a degenerate fit)
 * @param totalWeight number of rows, or sum of row weights when weighted
 * @param rows number of rows
 * @param degenerateEvents components found degenerate in every run (failed ones too), in order
 * @param <P> the family's parameters
 */
public record FitResult<P>(
    EmRun<P> best,
    int bestRestart,
    double[] runLogLikelihoods,
    List<String> runFailures,
    double totalWeight,
    int rows,
    List<DegenerateEvent> degenerateEvents) {

  /** Copies the arrays. */
  public FitResult {
    runLogLikelihoods = runLogLikelihoods.clone();
    runFailures = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(runFailures));
    degenerateEvents = List.copyOf(degenerateEvents);
  }

  /** A result without degenerate components. */
  public FitResult(
      EmRun<P> best,
      int bestRestart,
      double[] runLogLikelihoods,
      List<String> runFailures,
      double totalWeight,
      int rows) {
    this(best, bestRestart, runLogLikelihoods, runFailures, totalWeight, rows, List.of());
  }

  /** Final log-likelihood of every run (a copy). */
  @Override
  public double[] runLogLikelihoods() {
    return runLogLikelihoods.clone();
  }
}
