package org.em4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.em4j.data.Dataset;

/**
 * Independent reference arithmetic for the tests: plain textbook formulas (Gauss-Jordan
 * inversion, LU determinants, densities rather than log densities) that share no code with em4j's
 * kernels, so agreement means something.
 */
public final class Reference {
  private Reference() {}

  /** Inverse of a small dense matrix by Gauss-Jordan elimination with partial pivoting. */
  public static double[][] inverse(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n + i] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = m[col];
      m[col] = m[pivot];
      m[pivot] = t;
      double p = m[col][col];
      for (int j = 0; j < 2 * n; j++) {
        m[col][j] /= p;
      }
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = m[r][col];
          for (int j = 0; j < 2 * n; j++) {
            m[r][j] -= f * m[col][j];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], n, inv[i], 0, n);
    }
    return inv;
  }

  /** Determinant by LU elimination with partial pivoting. */
  public static double determinant(double[][] a) {
    int n = a.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double det = 1;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (pivot != col) {
        double[] t = m[col];
        m[col] = m[pivot];
        m[pivot] = t;
        det = -det;
      }
      det *= m[col][col];
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / m[col][col];
        for (int j = col; j < n; j++) {
          m[r][j] -= f * m[col][j];
        }
      }
    }
    return det;
  }

  /** The multivariate normal density (not its log) at {@code x}. */
  public static double normalDensity(double[] x, double[] mean, double[][] cov) {
    int d = x.length;
    double[][] inv = inverse(cov);
    double q = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        q += (x[i] - mean[i]) * inv[i][j] * (x[j] - mean[j]);
      }
    }
    return Math.exp(-0.5 * q) / Math.sqrt(Math.pow(2 * Math.PI, d) * determinant(cov));
  }

  /** The row-major {@code d x d} array {@code m} as rows. */
  public static double[][] square(double[] m, int d) {
    double[][] out = new double[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(m, i * d, out[i], 0, d);
    }
    return out;
  }

  /**
   * {@code n} rows drawn from a mixture of normals with the given weights, means and covariances
   * (row-major {@code D x D}), using a Cholesky factor computed here.
   */
  public static Dataset mixtureSample(
      long seed, int n, double[] weights, double[][] means, double[][][] covs) {
    Random random = new Random(seed);
    int d = means[0].length;
    double[][][] factors = new double[covs.length][][];
    for (int c = 0; c < covs.length; c++) {
      factors[c] = cholesky(covs[c]);
    }
    double[] values = new double[n * d];
    double[] z = new double[d];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int c = 0;
      double acc = weights[0];
      while (u >= acc && c < weights.length - 1) {
        acc += weights[++c];
      }
      for (int j = 0; j < d; j++) {
        z[j] = random.nextGaussian();
      }
      for (int j = 0; j < d; j++) {
        double v = means[c][j];
        for (int t = 0; t <= j; t++) {
          v += factors[c][j][t] * z[t];
        }
        values[i * d + j] = v;
      }
    }
    return Dataset.of(values, n, d);
  }

  /** Textbook Cholesky, for generating data. */
  public static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
      }
    }
    return l;
  }

  /** A generic three-component 3-D data set with overlapping, correlated components. */
  public static Dataset threeBlobs(long seed, int n) {
    return mixtureSample(
        seed,
        n,
        new double[] {0.45, 0.35, 0.2},
        new double[][] {{0, 0, 0}, {2.5, 1, -1}, {-1, 3, 2}},
        new double[][][] {
          {{1, 0.4, 0.1}, {0.4, 0.8, -0.2}, {0.1, -0.2, 0.6}},
          {{0.5, -0.1, 0}, {-0.1, 1.2, 0.3}, {0, 0.3, 0.9}},
          {{0.7, 0.2, 0.2}, {0.2, 0.7, 0.2}, {0.2, 0.2, 0.7}}
        });
  }

  /**
   * Asserts {@code |actual - expected| <= tol * max(|expected|, scale)}, elementwise: a relative
   * tolerance that falls back to the scale of the quantity for entries near zero.
   */
  public static void assertClose(
      double[] expected, double[] actual, double tol, double scale, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double bound = tol * Math.max(Math.abs(expected[i]), scale);
      assertTrue(
          Math.abs(actual[i] - expected[i]) <= bound,
          what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i] + " (difference "
              + (actual[i] - expected[i]) + ", allowed " + bound + ")");
    }
  }

  /** Asserts a relative difference of at most {@code tol}. */
  public static void assertRelative(double expected, double actual, double tol, String what) {
    assertClose(new double[] {expected}, new double[] {actual}, tol, 0, what);
  }

  /** Largest absolute value. */
  public static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
