package org.em4j.kernel;

/**
 * Cholesky factorisation and the triangular routines that Gaussian log densities need. Matrices
 * are dense, row-major, {@code n x n}, stored from an offset.
 */
public final class Cholesky {
  private Cholesky() {}

  /**
   * Factors a symmetric positive-definite matrix as {@code A = L L^T}, writing the lower triangle
   * of {@code L} (the strict upper triangle is set to zero).
   *
   * <p>Not being positive definite is an expected outcome for callers (a collapsing component),
   * so it is reported by the return value rather than an exception.
   *
   * @param a the matrix; only its lower triangle is read; not modified
   * @param aOff offset of {@code a}
   * @param n the order
   * @param l output for {@code L}; may be the same array and offset as {@code a}
   * @param lOff offset of {@code l}
   * @return {@code true} if {@code A} is numerically positive definite
   */
  public static boolean factor(double[] a, int aOff, int n, double[] l, int lOff) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[aOff + i * n + j];
        for (int k = 0; k < j; k++) {
          s -= l[lOff + i * n + k] * l[lOff + j * n + k];
        }
        if (i == j) {
          if (!(s > 0) || Double.isInfinite(s)) {
            return false;
          }
          l[lOff + i * n + i] = Math.sqrt(s);
        } else {
          l[lOff + i * n + j] = s / l[lOff + j * n + j];
        }
      }
      for (int j = i + 1; j < n; j++) {
        l[lOff + i * n + j] = 0;
      }
    }
    return true;
  }

  /**
   * Inverts a lower-triangular matrix with a positive diagonal.
   *
   * @param l the factor; not modified
   * @param lOff offset of {@code l}
   * @param n the order
   * @param out output for {@code L^-1} (lower triangular, zero above); must not alias {@code l}
   * @param outOff offset of {@code out}
   */
  public static void invertLower(double[] l, int lOff, int n, double[] out, int outOff) {
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        out[outOff + i * n + j] = 0;
      }
      out[outOff + j * n + j] = 1.0 / l[lOff + j * n + j];
      for (int i = j + 1; i < n; i++) {
        double s = 0;
        for (int k = j; k < i; k++) {
          s -= l[lOff + i * n + k] * out[outOff + k * n + j];
        }
        out[outOff + i * n + j] = s / l[lOff + i * n + i];
      }
    }
  }

  /**
   * Sum of the logs of the diagonal of a triangular factor: half the log-determinant of {@code L
   * L^T}.
   *
   * @param l the factor; not modified
   */
  public static double logDiagonalSum(double[] l, int lOff, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.log(l[lOff + i * n + i]);
    }
    return s;
  }
}
