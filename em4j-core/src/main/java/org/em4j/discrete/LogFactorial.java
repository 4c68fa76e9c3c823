package org.em4j.discrete;

import org.apache.commons.numbers.gamma.LogGamma;

/**
 * {@code log n!} for the count likelihoods: a table for small counts (the common case, read once
 * per cell per E-step) and commons-numbers' {@link LogGamma} beyond it.
 */
final class LogFactorial {
  /** Counts below this are looked up. */
  static final int TABLE_SIZE = 1024;

  private static final double[] TABLE = new double[TABLE_SIZE];

  static {
    for (int n = 0; n < TABLE_SIZE; n++) {
      TABLE[n] = n < 2 ? 0 : LogGamma.value(n + 1.0);
    }
  }

  private LogFactorial() {}

  /** {@code log n!} of a whole number {@code n >= 0}. */
  static double of(double n) {
    return n < TABLE_SIZE ? TABLE[(int) n] : LogGamma.value(n + 1);
  }
}
