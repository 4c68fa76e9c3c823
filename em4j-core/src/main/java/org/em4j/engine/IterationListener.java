package org.em4j.engine;

/**
 * Told about every iterate of a fit, e.g. to draw a progress bar or stream a trace to a file.
 * With plain EM that is every E-step; with acceleration it is every accepted iterate (the
 * intermediate passes of an extrapolation cycle are not reported). Called on the fitting thread.
 *
 * @param <P> the family's parameters
 */
@FunctionalInterface
public interface IterationListener<P> {
  /**
   * @param restart which run (0-based)
   * @param iteration number of iterations done so far in this run (0 for the start)
   * @param logLikelihood weighted log-likelihood of all rows under {@code params}
   * @param params the parameters the E-step ran under
   */
  void onIteration(int restart, int iteration, double logLikelihood, P params);

  /** A listener that does nothing. */
  static <P> IterationListener<P> none() {
    return (r, i, l, p) -> {};
  }
}
