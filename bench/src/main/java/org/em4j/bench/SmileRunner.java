package org.em4j.bench;

import java.nio.file.Path;
import smile.math.matrix.Matrix;
import smile.stat.distribution.MultivariateDistribution;
import smile.stat.distribution.MultivariateExponentialFamilyMixture;
import smile.stat.distribution.MultivariateGaussianDistribution;
import smile.stat.distribution.MultivariateMixture;

/**
 * Runs Smile's {@code MultivariateExponentialFamilyMixture.fit} (the EM behind {@code
 * MultivariateGaussianMixture}) for M iterations from {@code start.txt}, with {@code gamma = 0}
 * (no penalty) and {@code tol = -Infinity}, so it runs all M iterations (with {@code tol = 0} it
 * stopped after the first on the benchmark's data). Smile offers full and diagonal covariances,
 * not spherical.
 *
 * <p>Usage: {@code SmileRunner DIR D M OUT.txt}
 */
public final class SmileRunner {
  private SmileRunner() {}

  /** Entry point. */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int d = Integer.parseInt(args[1]);
    int m = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    BenchFiles.Mixture s = BenchFiles.readMixture(dir.resolve("start.txt"));
    if (s.type().equals("spherical")) {
      System.out.println("UNSUPPORTED Smile has no spherical Gaussian mixture");
      return;
    }
    double[][] x = BenchFiles.rows(BenchFiles.readData(dir.resolve("data.bin"), d), d);
    int k = s.k();
    MultivariateMixture.Component[] start = new MultivariateMixture.Component[k];
    for (int c = 0; c < k; c++) {
      MultivariateGaussianDistribution g =
          s.type().equals("full")
              ? new MultivariateGaussianDistribution(s.means()[c].clone(), Matrix.of(s.cov()[c]))
              : new MultivariateGaussianDistribution(s.means()[c].clone(), s.cov()[c][0].clone());
      start[c] = new MultivariateMixture.Component(s.weights()[c], g);
    }
    long t0 = System.nanoTime();
    double c0 = BenchFiles.processCpuSeconds();
    MultivariateExponentialFamilyMixture fit =
        MultivariateExponentialFamilyMixture.fit(x, start, 0.0, m, Double.NEGATIVE_INFINITY);
    long t1 = System.nanoTime();
    double cpu = BenchFiles.processCpuSeconds() - c0;
    BenchFiles.report(
        "smile", m, (t1 - t0) / 1e9, cpu, fit.L);
    double[] w = new double[k];
    double[][] means = new double[k][];
    double[][][] cov = new double[k][][];
    for (int c = 0; c < k; c++) {
      w[c] = fit.components[c].priori;
      MultivariateDistribution dist = fit.components[c].distribution;
      MultivariateGaussianDistribution g = (MultivariateGaussianDistribution) dist;
      means[c] = g.mu.clone();
      double[][] full = g.cov().toArray();
      if (s.type().equals("full")) {
        cov[c] = full;
      } else {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
          v[j] = full[j][j];
        }
        cov[c] = new double[][] {v};
      }
    }
    BenchFiles.writeMixture(out, new BenchFiles.Mixture(s.type(), w, means, cov));
  }
}
