package org.em4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link VectorExp} against {@link Math#exp}, its contract at the edges, and in-place use. */
class VectorExpTest {
  private static double[] run(double[] a, double[] b) {
    int n = a.length;
    double[] out = new double[n];
    VectorExp.expDifference(a, b, out, n, VectorExp.LOW, new double[n], new double[n]);
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 9, 63, 64, 65, 1000})
  void withinTwoUlpOfMathExpOverTheWholeRange(int n) {
    SplittableRandom random = new SplittableRandom(n);
    double worst = 0;
    for (int trial = 0; trial < 400; trial++) {
      double[] a = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        // Half over [-708, 0], half near 0 where most responsibilities live; b shifts both.
        double y = i % 2 == 0 ? -708 * random.nextDouble() : -random.nextDouble() * 1e-3;
        b[i] = 50 * random.nextDouble() - 25;
        a[i] = b[i] + y;
      }
      double[] out = run(a, b);
      for (int i = 0; i < n; i++) {
        double expected = Math.exp(a[i] - b[i]);
        double ulps = Math.abs(out[i] - expected) / Math.ulp(expected);
        worst = Math.max(worst, ulps);
      }
    }
    assertTrue(worst <= 2, "largest error " + worst + " ulp");
  }

  @Test
  void edgesOfTheContract() {
    double[] a = {0, -0.0, -1e-300, VectorExp.LOW, Math.nextDown(VectorExp.LOW), -745, -1e308,
        Double.NEGATIVE_INFINITY, Double.NaN, -Math.log(2) * 1021};
    double[] out = run(a, new double[a.length]);
    assertEquals(1.0, out[0], 0.0);
    assertEquals(1.0, out[1], 0.0);
    assertEquals(1.0, out[2], 0.0);
    assertEquals(Math.exp(VectorExp.LOW), out[3], 2 * Math.ulp(Math.exp(VectorExp.LOW)));
    assertTrue(out[3] >= Double.MIN_NORMAL);
    assertEquals(0.0, out[4], 0.0);
    assertEquals(0.0, out[5], 0.0);
    assertEquals(0.0, out[6], 0.0);
    assertEquals(0.0, out[7], 0.0);
    assertTrue(Double.isNaN(out[8]));
    assertEquals(Math.exp(a[9]), out[9], 2 * Math.ulp(Math.exp(a[9])));
  }

  @Test
  void everyPowerOfTwoOfTheRange() {
    // Arguments near -k ln2 for every k the range needs: each exercises one pattern of the bits
    // of k from which 2^-k is built.
    double[] a = new double[1021 * 3];
    for (int k = 0; k < 1021; k++) {
      a[3 * k] = -k * Math.log(2);
      a[3 * k + 1] = Math.max(VectorExp.LOW, -k * Math.log(2) - 0.3);
      a[3 * k + 2] = Math.min(0, -k * Math.log(2) + 0.3);
    }
    double[] out = run(a, new double[a.length]);
    for (int i = 0; i < a.length; i++) {
      double expected = Math.exp(a[i]);
      assertEquals(expected, out[i], 2 * Math.ulp(expected), "argument " + a[i]);
    }
  }

  @Test
  void aHigherCutOffGivesZeroBelowItAndTheSameAbove() {
    double[] a = {-10, -20, -20.000001, -30, -0.5};
    double[] out = new double[a.length];
    VectorExp.expDifference(a, new double[a.length], out, a.length, -20, new double[5], new double[5]);
    double[] full = run(a, new double[a.length]);
    assertEquals(full[0], out[0], 0.0);
    assertEquals(full[1], out[1], 0.0);
    assertEquals(0.0, out[2], 0.0);
    assertEquals(0.0, out[3], 0.0);
    assertEquals(full[4], out[4], 0.0);
  }

  @Test
  void aCutOffOutsideTheRangeIsRejected() {
    double[] a = new double[1];
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> VectorExp.expDifference(a, a, a, 1, -800, a, a));
  }

  @Test
  void inPlaceGivesTheSameResults() {
    SplittableRandom random = new SplittableRandom(3);
    double[] a = new double[77];
    double[] b = new double[77];
    for (int i = 0; i < a.length; i++) {
      b[i] = random.nextDouble();
      a[i] = b[i] - 30 * random.nextDouble();
    }
    double[] expected = run(a, b);
    VectorExp.expDifference(a, b, a, a.length, VectorExp.LOW, new double[77], new double[77]);
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], 0.0);
    }
  }

  @Test
  void theVectorApiKernelIsUsedWhenTheModuleIsPresent() {
    // The test JVM gets --add-modules jdk.incubator.vector (em4j.vector.flags in the parent pom).
    assertEquals("vector", VectorExp.implementation());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 13, 64, 67, 128, 1000})
  void theVectorApiAndPlainLoopsGiveTheSameBits(int n) {
    VectorExp.Kernel vector = VectorExp.select("true");
    org.junit.jupiter.api.Assertions.assertNotNull(vector, "needs --add-modules jdk.incubator.vector");
    double[] edges = {0, -0.0, -1e-300, VectorExp.LOW, Math.nextDown(VectorExp.LOW), -745,
        -1e308, Double.NEGATIVE_INFINITY, Double.NaN, -Math.log(2) * 1021, -20, -20.000001};
    SplittableRandom random = new SplittableRandom(17 + n);
    for (double low : new double[] {VectorExp.LOW, -20, -0.5, 0}) {
      for (int trial = 0; trial < 50; trial++) {
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
          b[i] = 50 * random.nextDouble() - 25;
          double y = random.nextInt(5) == 0
              ? edges[random.nextInt(edges.length)]
              : -Math.scalb(random.nextDouble(), random.nextInt(-20, 10));
          a[i] = b[i] + y;
        }
        double[] expected = new double[n];
        VectorExp.plain(a, b, expected, n, low, new double[n], new double[n]);
        double[] out = new double[n];
        vector.expDifference(a, b, out, n, low);
        for (int i = 0; i < n; i++) {
          assertEquals(
              Double.doubleToLongBits(expected[i]),
              Double.doubleToLongBits(out[i]),
              "exp(" + a[i] + " - " + b[i] + ") with cut-off " + low + ": " + expected[i]
                  + " against " + out[i]);
        }
      }
    }
  }
}
