package org.em4j.engine;

import java.util.Locale;

/**
 * What the engine does when a component degenerates during a run (see {@link
 * Family#degenerateComponents}): its weight falls below the threshold or its spread collapses
 * onto a few points. Whatever the policy, every event is recorded ({@link DegenerateEvent}) in the
 * run, the fit result, the summary and the model file.
 */
public enum DegeneratePolicy {
  /** Record the event and go on (the default: the parameters stay valid, see the docs). */
  WARN("warn"),
  /** Draw the component again ({@link Family#reinitializeComponent}) and go on. */
  REINIT("reinit"),
  /** Remove the component ({@link Family#dropComponent}); the model has one component fewer. */
  DROP("drop"),
  /** End the run as a degenerate fit ({@link DegenerateFitException}); restarts go on. */
  FAIL("fail");

  private final String label;

  DegeneratePolicy(String label) {
    this.label = label;
  }

  /** The name used on the command line and in model files. */
  public String label() {
    return label;
  }

  /**
   * The policy with this label.
   *
   * @throws IllegalArgumentException naming the labels
   */
  public static DegeneratePolicy parse(String s) {
    for (DegeneratePolicy p : values()) {
      if (p.label.equals(s.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "on-degenerate must be warn, reinit, drop or fail, got '" + s + "'");
  }
}
