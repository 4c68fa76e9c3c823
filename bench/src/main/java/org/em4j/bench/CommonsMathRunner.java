package org.em4j.bench;

import java.nio.file.Path;
import org.apache.commons.math3.distribution.MixtureMultivariateNormalDistribution;
import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.apache.commons.math3.distribution.fitting.MultivariateNormalMixtureExpectationMaximization;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.util.Pair;

/**
 * Runs Apache Commons Math3's {@code MultivariateNormalMixtureExpectationMaximization} for M
 * iterations from {@code start.txt}. It fits full covariances only, needs at least two columns,
 * takes a strictly positive threshold (we pass the smallest double) and throws {@code
 * ConvergenceException} when the iteration limit is reached, after which the fitted model of the
 * last iteration is still there.
 *
 * <p>Usage: {@code CommonsMathRunner DIR D M OUT.txt}
 */
public final class CommonsMathRunner {
  private CommonsMathRunner() {}

  /** Entry point. */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int d = Integer.parseInt(args[1]);
    int m = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    BenchFiles.Mixture s = BenchFiles.readMixture(dir.resolve("start.txt"));
    if (!s.type().equals("full")) {
      System.out.println("UNSUPPORTED Commons Math fits full covariances only");
      return;
    }
    if (d < 2) {
      System.out.println("UNSUPPORTED Commons Math needs at least two columns");
      return;
    }
    double[][] x = BenchFiles.rows(BenchFiles.readData(dir.resolve("data.bin"), d), d);
    MixtureMultivariateNormalDistribution start =
        new MixtureMultivariateNormalDistribution(s.weights(), s.means(), s.cov());
    MultivariateNormalMixtureExpectationMaximization em =
        new MultivariateNormalMixtureExpectationMaximization(x);
    long t0 = System.nanoTime();
    double c0 = BenchFiles.processCpuSeconds();
    try {
      // Its loop runs while (iterations++ <= max), i.e. max + 1 times.
      em.fit(start, m - 1, Double.MIN_VALUE);
    } catch (ConvergenceException expected) {
      // the iteration limit was reached; the last fitted model is kept
    }
    long t1 = System.nanoTime();
    double cpu = BenchFiles.processCpuSeconds() - c0;
    BenchFiles.report(
        "commons-math", m, (t1 - t0) / 1e9, cpu, em.getLogLikelihood() * x.length);
    MixtureMultivariateNormalDistribution fit = em.getFittedModel();
    int k = s.k();
    double[] w = new double[k];
    double[][] means = new double[k][];
    double[][][] cov = new double[k][][];
    int c = 0;
    for (Pair<Double, MultivariateNormalDistribution> comp : fit.getComponents()) {
      w[c] = comp.getFirst();
      means[c] = comp.getSecond().getMeans();
      cov[c] = comp.getSecond().getCovariances().getData();
      c++;
    }
    BenchFiles.writeMixture(out, new BenchFiles.Mixture("full", w, means, cov));
  }
}
