package org.em4j.engine;

import java.io.Serializable;

/**
 * One component found degenerate at one iteration, and what was done about it.
 *
 * @param restart the run (0-based)
 * @param iteration the iteration whose M-step produced the degenerate component
 * @param component the component (0-based, in the parameters of that iteration)
 * @param reason what degenerated, e.g. {@code weight 2.1e-05 is below one row (1/N = 0.001)}
 * @param action what the policy did: {@code warned}, {@code reinitialised}, {@code dropped} or
 *     {@code failed}
 */
public record DegenerateEvent(int restart, int iteration, int component, String reason, String action)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One line for people: {@code restart 1, iteration 7: component 2 ...: dropped}. */
  public String describe() {
    return "restart " + (restart + 1) + ", iteration " + iteration + ": component "
        + (component + 1) + " " + reason + ": " + action;
  }
}
