package org.em4j.gaussian;

import java.util.Locale;

/** The structure of the components' covariance matrices, as in scikit-learn. */
public enum CovarianceType {
  /** Each component has its own general covariance matrix. */
  FULL("full"),
  /** Each component has its own diagonal covariance matrix. */
  DIAG("diag"),
  /** Each component has its own single variance (a multiple of the identity). */
  SPHERICAL("spherical"),
  /** All components share one general covariance matrix. */
  TIED("tied");

  private final String label;

  CovarianceType(String label) {
    this.label = label;
  }

  /** The name used on the command line and in model files. */
  public String label() {
    return label;
  }

  /**
   * Parses {@code full}, {@code diag}, {@code spherical} or {@code tied}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static CovarianceType parse(String s) {
    for (CovarianceType t : values()) {
      if (t.label.equals(s.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown covariance type '" + s + "' (expected full, diag, spherical or tied)");
  }

  /**
   * Number of values stored for the covariances of {@code k} components in dimension {@code d}.
   */
  int storedSize(int k, int d) {
    return switch (this) {
      case FULL -> k * d * d;
      case TIED -> d * d;
      case DIAG -> k * d;
      case SPHERICAL -> k;
    };
  }

  /** Free parameters of the covariances of {@code k} components in dimension {@code d}. */
  int freeParameters(int k, int d) {
    return switch (this) {
      case FULL -> k * d * (d + 1) / 2;
      case TIED -> d * (d + 1) / 2;
      case DIAG -> k * d;
      case SPHERICAL -> k;
    };
  }
}
