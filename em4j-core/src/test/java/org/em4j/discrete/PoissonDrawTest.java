package org.em4j.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Poisson draws against the distribution's own moments and probabilities, on both sides of the
 * switch from Knuth's method to PTRS, and at rates so large that a sum of small draws never ends.
 */
class PoissonDrawTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 7, 30, 31, 45.5, 1e4, 1e12, 1e300})
  void meanAndVarianceAreTheRate(double rate) {
    SplittableRandom rnd = new SplittableRandom(12);
    int n = 40_000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double k = PoissonFamily.draw(rate, rnd);
      assertTrue(k >= 0 && k == Math.floor(k), "a count: " + k);
      sum += k;
      sq += (k - rate) * (k - rate);
    }
    double mean = sum / n;
    double var = sq / n;
    if (rate > 1e15) {
      // beyond 2^53 a count is not a whole double any more: only the scale can be checked
      assertEquals(1.0, mean / rate, 1e-6, "mean");
      return;
    }
    // standard errors: sqrt(rate / n) for the mean, about rate * sqrt(2 / n) for the variance
    assertEquals(rate, mean, 5 * Math.sqrt(rate / n), "mean");
    assertEquals(rate, var, 6 * rate * Math.sqrt(2.0 / n) + 1e-12, "variance");
  }

  @ParameterizedTest
  @ValueSource(doubles = {12, 40, 90})
  void frequenciesFollowThePoissonProbabilities(double rate) {
    SplittableRandom rnd = new SplittableRandom(99);
    int n = 100_000;
    int lo = (int) Math.max(0, rate - 4 * Math.sqrt(rate));
    int hi = (int) (rate + 4 * Math.sqrt(rate));
    int[] counts = new int[hi + 1];
    for (int i = 0; i < n; i++) {
      double k = PoissonFamily.draw(rate, rnd);
      if (k <= hi) {
        counts[(int) k]++;
      }
    }
    for (int k = lo; k <= hi; k++) {
      // P(k) = e^-rate rate^k / k!, by a product so no code is shared with the sampler
      double logp = -rate;
      for (int m = 1; m <= k; m++) {
        logp += Math.log(rate / m);
      }
      double expected = n * Math.exp(logp);
      assertEquals(expected, counts[k], 5 * Math.sqrt(expected) + 1, "count of " + k);
    }
  }
}
