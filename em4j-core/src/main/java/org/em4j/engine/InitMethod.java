package org.em4j.engine;

import java.util.Locale;

/** How a fit chooses its starting parameters when none are given. */
public enum InitMethod {
  /**
   * k-means++ seeding followed by Lloyd's k-means iterations; the hard assignment then gives the
   * starting parameters through one M-step (scikit-learn's default {@code kmeans} start).
   */
  KMEANS_PLUSPLUS("kmeans++"),
  /** Random responsibilities for every row, then one M-step (scikit-learn's {@code random}). */
  RANDOM("random"),
  /** Component locations at distinct random data rows, spreads from the whole data. */
  RANDOM_POINTS("random-points");

  private final String label;

  InitMethod(String label) {
    this.label = label;
  }

  /** The name used on the command line and in model files. */
  public String label() {
    return label;
  }

  /**
   * Parses a label such as {@code kmeans++}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static InitMethod parse(String s) {
    for (InitMethod m : values()) {
      if (m.label.equals(s.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown initialisation '" + s + "' (expected kmeans++, random or random-points)");
  }
}
