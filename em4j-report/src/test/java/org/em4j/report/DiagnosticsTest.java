package org.em4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianParameters;
import org.junit.jupiter.api.Test;

/** Degenerate components: hand-made cases on both sides of each threshold. */
class DiagnosticsTest {
  // values 1..10: mean 5.5, sd (n - 1) = sqrt(82.5 / 9)
  private static final Dataset DATA =
      Dataset.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10, 1);
  private static final double SD = Math.sqrt(82.5 / 9);

  private static GaussianParameters params(double w2, double sd2) {
    return new GaussianParameters(CovarianceType.FULL, 1, new double[] {1 - w2, w2},
        new double[] {5, 2}, new double[] {9, sd2 * sd2});
  }

  @Test
  void columnSdIsTheSampleSd() {
    assertEquals(SD, Diagnostics.columnSds(DATA)[0], 1e-12);
  }

  @Test
  void flagsLowWeightAndNarrowComponents() {
    Diagnostics d = new Diagnostics(0.05, 0.2);
    List<Diagnostics.Finding> f = d.degenerateComponents(params(0.01, 0.5), DATA);
    assertEquals(1, f.size());
    assertEquals(1, f.get(0).component());
    assertTrue(f.get(0).lowWeight());
    assertTrue(f.get(0).narrow());
    assertEquals(0.5, f.get(0).sd(), 1e-12);
    String line = f.get(0).describe(DATA.columnNames());
    assertTrue(line.contains("component 2 looks degenerate"), line);
    assertTrue(line.contains("weight 0.0100"), line);
  }

  @Test
  void justAboveTheThresholdsIsHealthy() {
    Diagnostics d = new Diagnostics(0.05, 0.2);
    assertTrue(d.degenerateComponents(params(0.051, 0.201 * SD), DATA).isEmpty());
    List<Diagnostics.Finding> narrow = d.degenerateComponents(params(0.3, 0.199 * SD), DATA);
    assertEquals(1, narrow.size());
    assertFalse(narrow.get(0).lowWeight());
    assertTrue(narrow.get(0).narrow());
  }

  @Test
  void rejectsBadThresholds() {
    assertThrows(IllegalArgumentException.class, () -> new Diagnostics(-0.1, 0.2));
    assertThrows(IllegalArgumentException.class, () -> new Diagnostics(0.1, 1.5));
  }
}
