package org.em4j.engine;

import java.util.Locale;

/**
 * How the engine moves from one iterate to the next: plain EM steps, or EM steps extrapolated by
 * an acceleration scheme. Every scheme works for every family, through the family's
 * unconstrained parameter view ({@link Family#toUnconstrained}).
 */
public enum Acceleration {
  /** Plain EM: every iteration is one E-step (one pass over the data) and one M-step. */
  NONE("none"),
  /**
   * SQUAREM, scheme S3 (Varadhan and Roland 2008), with a stabilising EM step after each
   * extrapolation and a monotonicity check that falls back to the plain EM step. See {@link
   * Squarem}.
   */
  SQUAREM("squarem"),
  /**
   * DAAREM, damped Anderson acceleration with restarts (Henderson and Varadhan 2019), accepting
   * a proposal only when it does not lower the log-likelihood and taking the EM step otherwise.
   * See {@link Daarem}.
   */
  DAAREM("daarem");

  private final String label;

  Acceleration(String label) {
    this.label = label;
  }

  /** The name used on the command line and in model files. */
  public String label() {
    return label;
  }

  /**
   * Parses a label such as {@code squarem} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Acceleration parse(String s) {
    for (Acceleration a : values()) {
      if (a.label.equals(s.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown acceleration '" + s + "' (expected none, squarem or daarem)");
  }
}
