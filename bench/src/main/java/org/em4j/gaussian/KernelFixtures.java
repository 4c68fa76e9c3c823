package org.em4j.gaussian;

import java.util.SplittableRandom;

/** Random, well-conditioned parameters for kernel benchmarks. */
public final class KernelFixtures {
  private KernelFixtures() {}

  /** Overlapping components with correlated full (or random diagonal/spherical) covariances. */
  public static GaussianParameters parameters(
      CovarianceType type, int k, int d, SplittableRandom random) {
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    double[] means = new double[k * d];
    for (int i = 0; i < means.length; i++) {
      means[i] = random.nextDouble() - 0.5;
    }
    double[] cov = new double[type.storedSize(k, d)];
    switch (type) {
      case FULL, TIED -> {
        int blocks = type == CovarianceType.TIED ? 1 : k;
        for (int b = 0; b < blocks; b++) {
          for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
              cov[b * d * d + i * d + j] = (i == j ? 1.0 : 0.0) + 0.3 / (1 + Math.abs(i - j));
            }
          }
        }
      }
      default -> {
        for (int i = 0; i < cov.length; i++) {
          cov[i] = 0.5 + random.nextDouble();
        }
      }
    }
    return new GaussianParameters(type, d, w, means, cov);
  }
}
