package org.em4j.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code log n!} from the table and from LogGamma against the sum of logs, across the seam. */
class LogFactorialTest {
  @Test
  void matchesTheSumOfLogs() {
    double sum = 0;
    for (int n = 0; n <= 3000; n++) {
      if (n > 1) {
        sum += Math.log(n);
      }
      assertEquals(sum, LogFactorial.of(n), 1e-12 * Math.max(1, sum), "n = " + n);
    }
  }
}
