package org.em4j.gaussian;

import java.util.SplittableRandom;
import org.em4j.data.Dataset;

/**
 * Quick single-thread timing of the fused E-step on one chunk shape, for kernel work between JMH
 * runs: {@code KernelProbe N D K TYPE SECONDS}. Prints GFLOP/s counted as 2 N K D^2 per pass.
 */
public final class KernelProbe {
  private KernelProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int d = Integer.parseInt(args[1]);
    int k = Integer.parseInt(args[2]);
    CovarianceType type = CovarianceType.valueOf(args[3].toUpperCase(java.util.Locale.ROOT));
    double seconds = Double.parseDouble(args[4]);
    SplittableRandom random = new SplittableRandom(1);
    double[] x = new double[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    Dataset data = Dataset.of(x, n, d);
    GaussianParameters p = KernelFixtures.parameters(type, k, d, random);
    GaussianFamily family = new GaussianFamily(type);
    GaussianStatistics st = family.newStatistics(p);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int passes = 0;
    double sink = 0;
    long best = Long.MAX_VALUE;
    long bestCpu = Long.MAX_VALUE;
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      st.reset();
      for (int from = 0; from < n; from += 4096) {
        sink += family.accumulate(p, data, from, Math.min(n, from + 4096), st);
      }
      best = Math.min(best, System.nanoTime() - t0);
      bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
      passes++;
    }
    double flops = 2.0 * n * k * d * d;
    System.out.printf(
        java.util.Locale.ROOT,
        "%s N=%d D=%d K=%d: best %.4f s/pass (cpu %.4f s), %.2f GFLOP/s wall, %.2f GFLOP/s cpu"
            + " (2NKD^2), %d passes (%g)%n",
        type, n, d, k, best / 1e9, bestCpu / 1e9, flops / best, flops / bestCpu, passes, sink);
  }
}
