package org.em4j.kernel;

/**
 * Symmetric matrices stored as their packed upper triangle, row by row: entry {@code (i, j)} with
 * {@code i <= j} is at {@code i * n - i * (i - 1) / 2 + (j - i)}. Packing halves the work and the
 * memory of second-moment accumulation.
 */
public final class Packed {
  private Packed() {}

  /** Number of entries of the packed upper triangle of an {@code n x n} matrix. */
  public static int size(int n) {
    return n * (n + 1) / 2;
  }

  /** Index of entry {@code (i, j)}, {@code i <= j}. */
  public static int index(int n, int i, int j) {
    return i * n - i * (i - 1) / 2 + (j - i);
  }

  /**
   * Symmetric rank-1 update of a packed upper triangle: {@code P += alpha * x x^T}.
   *
   * @param p packed matrix; modified
   * @param pOff offset of {@code p}
   * @param x vector; not modified
   * @param xOff offset of {@code x}
   * @param n order
   */
  public static void rank1(double[] p, int pOff, double alpha, double[] x, int xOff, int n) {
    int idx = pOff;
    for (int i = 0; i < n; i++) {
      double ax = alpha * x[xOff + i];
      for (int j = i; j < n; j++) {
        p[idx++] += ax * x[xOff + j];
      }
    }
  }

  /**
   * Unpacks into a full symmetric row-major matrix.
   *
   * @param p packed matrix; not modified
   * @param out full matrix, {@code n * n} from {@code outOff}; overwritten
   */
  public static void unpack(double[] p, int pOff, int n, double[] out, int outOff) {
    int idx = pOff;
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double v = p[idx++];
        out[outOff + i * n + j] = v;
        out[outOff + j * n + i] = v;
      }
    }
  }
}
