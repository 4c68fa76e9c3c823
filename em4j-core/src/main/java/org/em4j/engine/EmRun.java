package org.em4j.engine;

import java.util.List;

/**
 * The outcome of one EM run from one start. Not converging is a result ({@code converged =
 * false}), not an exception.
 *
 * @param parameters the final parameters
 * @param logLikelihood weighted log-likelihood of all rows under {@code parameters}
 * @param iterations number of iterations done: M-steps for plain EM, accepted extrapolation
 *     cycles for an accelerated run
 * @param eSteps number of passes over the data (E-steps), every pass counted, including the
 *     intermediate ones of an accelerated run
 * @param converged whether the tolerance was met before the iteration limit
 * @param logLikelihoodTrace log-likelihood of the parameters at iteration 0, 1, ...
 * @param parameterTrace parameters at iteration 0, 1, ... (empty unless asked for)
 * @param degenerateEvents components found degenerate during the run, in order
 * @param <P> the family's parameters
 */
public record EmRun<P>(
    P parameters,
    double logLikelihood,
    int iterations,
    int eSteps,
    boolean converged,
    List<Double> logLikelihoodTrace,
    List<P> parameterTrace,
    List<DegenerateEvent> degenerateEvents) {

  /** Copies the trace lists. */
  public EmRun {
    logLikelihoodTrace = List.copyOf(logLikelihoodTrace);
    parameterTrace = List.copyOf(parameterTrace);
    degenerateEvents = List.copyOf(degenerateEvents);
  }

  /** A run without degenerate components. */
  public EmRun(
      P parameters,
      double logLikelihood,
      int iterations,
      int eSteps,
      boolean converged,
      List<Double> logLikelihoodTrace,
      List<P> parameterTrace) {
    this(parameters, logLikelihood, iterations, eSteps, converged, logLikelihoodTrace,
        parameterTrace, List.of());
  }
}
