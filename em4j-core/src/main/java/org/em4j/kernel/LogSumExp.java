package org.em4j.kernel;

/** Log-sum-exp, the numerically safe {@code log(sum(exp(x)))} that keeps EM in log space. */
public final class LogSumExp {
  private LogSumExp() {}

  /**
   * {@code log(sum_{i<n} exp(x[off+i]))}, computed around the maximum so no term overflows.
   *
   * @param x values; not modified
   * @param off first index
   * @param n how many values
   * @return the log of the sum; {@code -Infinity} when every value is {@code -Infinity}
   */
  public static double of(double[] x, int off, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[off + i]);
    }
    if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.exp(x[off + i] - max);
    }
    return max + Math.log(s);
  }
}
