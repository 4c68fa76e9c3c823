package org.em4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.em4j.testing.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kernels against their definitions, for many sizes, with one shared tolerance. */
class KernelsTest {
  private static final double TOL = 1e-12;

  /** A random symmetric positive-definite matrix B B' + n I, row-major, at an offset. */
  private static double[] spd(SplittableRandom r, int n, int off) {
    double[] b = new double[n * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextDouble(-1, 1);
    }
    double[] a = new double[off + n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = i == j ? n : 0;
        for (int k = 0; k < n; k++) {
          s += b[i * n + k] * b[j * n + k];
        }
        a[off + i * n + j] = s;
      }
    }
    return a;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 7, 12, 20})
  void choleskyFactorTimesItsTransposeIsTheMatrix(int n) {
    SplittableRandom r = new SplittableRandom(n);
    for (int trial = 0; trial < 20; trial++) {
      int off = trial % 3;
      double[] a = spd(r, n, off);
      double[] l = new double[off + n * n];
      assertTrue(Cholesky.factor(a, off, n, l, off));
      double scale = 0;
      for (int i = 0; i < n; i++) {
        scale = Math.max(scale, a[off + i * n + i]);
      }
      double[][] rows = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          rows[i][j] = a[off + i * n + j];
          if (j > i) {
            assertEquals(0.0, l[off + i * n + j], "upper triangle of L is zero");
          }
          double s = 0;
          for (int k = 0; k < n; k++) {
            s += l[off + i * n + k] * l[off + j * n + k];
          }
          assertEquals(a[off + i * n + j], s, TOL * scale, "(L L')[" + i + "][" + j + "]");
        }
      }
      // L^-1 L = I
      double[] inv = new double[n * n];
      Cholesky.invertLower(l, off, n, inv, 0);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int k = 0; k < n; k++) {
            s += inv[i * n + k] * l[off + k * n + j];
          }
          assertEquals(i == j ? 1 : 0, s, TOL * n, "(L^-1 L)[" + i + "][" + j + "]");
        }
      }
      // log det A = 2 sum log L_ii
      double logDet = Math.log(Reference.determinant(rows));
      assertEquals(logDet, 2 * Cholesky.logDiagonalSum(l, off, n), TOL * Math.max(1, Math.abs(logDet)));
      // in place
      double[] same = a.clone();
      assertTrue(Cholesky.factor(same, off, n, same, off));
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          assertEquals(l[off + i * n + j], same[off + i * n + j], 0.0);
        }
      }
    }
  }

  @Test
  void choleskyReportsMatricesThatAreNotPositiveDefinite() {
    double[] out = new double[4];
    assertFalse(Cholesky.factor(new double[] {1, 2, 2, 1}, 0, 2, out, 0), "indefinite");
    assertFalse(Cholesky.factor(new double[] {1, 1, 1, 1}, 0, 2, out, 0), "singular");
    assertFalse(Cholesky.factor(new double[] {-1}, 0, 1, out, 0), "negative");
    assertFalse(Cholesky.factor(new double[] {Double.NaN}, 0, 1, out, 0), "NaN");
    assertFalse(Cholesky.factor(new double[] {Double.POSITIVE_INFINITY}, 0, 1, out, 0), "inf");
  }

  @Test
  void logSumExpIsTheLogOfTheSumWithoutOverflow() {
    SplittableRandom r = new SplittableRandom(3);
    for (int n = 1; n <= 10; n++) {
      double[] x = new double[n + 2];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        x[i + 1] = r.nextDouble(-20, 20);
        sum += Math.exp(x[i + 1]);
      }
      assertEquals(Math.log(sum), LogSumExp.of(x, 1, n), TOL * Math.max(1, Math.abs(Math.log(sum))));
    }
    assertEquals(1000 + Math.log(2), LogSumExp.of(new double[] {1000, 1000}, 0, 2), TOL * 1000);
    assertEquals(-1000 + Math.log(2), LogSumExp.of(new double[] {-1000, -1000}, 0, 2), TOL * 1000);
    double inf = Double.NEGATIVE_INFINITY;
    assertEquals(inf, LogSumExp.of(new double[] {inf, inf}, 0, 2));
    assertEquals(3.0, LogSumExp.of(new double[] {inf, 3}, 0, 2));
    assertTrue(Double.isNaN(LogSumExp.of(new double[] {Double.NaN, 3}, 0, 2)), "NaN propagates");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8})
  void packedRankOneUpdatesAreTheOuterProduct(int n) {
    SplittableRandom r = new SplittableRandom(n);
    double[] full = new double[n * n];
    double[] packed = new double[2 + Packed.size(n)];
    for (int t = 0; t < 5; t++) {
      double alpha = r.nextDouble(0, 2);
      double[] x = new double[1 + n];
      for (int i = 0; i < n; i++) {
        x[1 + i] = r.nextGaussian();
      }
      Packed.rank1(packed, 2, alpha, x, 1, n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          full[i * n + j] += alpha * x[1 + i] * x[1 + j];
        }
      }
    }
    double[] unpacked = new double[n * n];
    Packed.unpack(packed, 2, n, unpacked, 0);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(full[i * n + j], unpacked[i * n + j], TOL * 10);
        if (i <= j) {
          assertEquals(unpacked[i * n + j], packed[2 + Packed.index(n, i, j)], 0.0);
        }
      }
    }
    assertEquals(n * (n + 1) / 2, Packed.size(n));
  }
}
