package org.em4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The univariate mixture density against the closed form and its integral. */
class NormalMixture1DTest {
  @Test
  void densityIsTheWeightedSumOfNormals() {
    NormalMixture1D m = new NormalMixture1D(new double[] {0.3, 0.7}, new double[] {0, 5},
        new double[] {1, 2});
    double x = 1.3;
    double expected = 0.3 * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)
        + 0.7 * Math.exp(-0.5 * (x - 5) * (x - 5) / 4) / (2 * Math.sqrt(2 * Math.PI));
    assertEquals(expected, m.density(x), 1e-15);
    double integral = 0;
    double h = 0.001;
    for (double t = -20; t < 30; t += h) {
      integral += m.density(t) * h;
    }
    assertEquals(1.0, integral, 1e-6);
  }

  @Test
  void farAwayDensityIsZeroNotNaN() {
    NormalMixture1D m = new NormalMixture1D(new double[] {1}, new double[] {0}, new double[] {1});
    assertEquals(0.0, m.density(1e200));
  }

  @Test
  void rejectsBadValues() {
    assertThrows(IllegalArgumentException.class,
        () -> new NormalMixture1D(new double[] {0.5, 0.4}, new double[] {0, 1}, new double[] {1, 1}));
    assertThrows(IllegalArgumentException.class,
        () -> new NormalMixture1D(new double[] {1}, new double[] {0}, new double[] {0}));
    assertThrows(IllegalArgumentException.class,
        () -> new NormalMixture1D(new double[] {1}, new double[] {0, 1}, new double[] {1}));
  }
}
