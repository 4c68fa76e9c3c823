package org.em4j.engine;

/**
 * The fit reached a point from which no valid model follows: a component lost all its weight or
 * its spread collapsed (a covariance that is no longer positive definite), or the log-likelihood
 * stopped being a finite number. A result of the data and the start, not a bug; restarts from
 * other starts often avoid it.
 */
public class DegenerateFitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what degenerated, at which iteration, and what may help */
  public DegenerateFitException(String message) {
    super(message);
  }
}
