package org.em4j.gaussian;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;

/**
 * Times the full-covariance E-step kernels against each other in one JVM, interleaved (so a busy
 * machine slows them alike), one thread, 4096-row chunks as the engine runs them:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "bench/target/classes:em4j-core/target/classes" \
 *   org.em4j.gaussian.FullKernelCompare [SECONDS_PER_ROUND [ROUNDS [D:K:N ...]]]
 * </pre>
 *
 * <p>Kernels (system property {@code kernels}, default {@code old,plain:32,vector:32}; the number
 * is the block size): {@code old} (the kernel before issue 8, {@link OldFullKernel}), {@code plain}
 * ({@link FullKernels.Plain}) and {@code vector} ({@link FullKernelsVector}, when the module is
 * present); list a kernel twice to see the noise between identical kernels. The first kernel
 * listed is the reference of the "vs" column. Each round runs every kernel for SECONDS_PER_ROUND; the best pass of each is kept.
 * Prints GFLOP/s counted as 2 N K D^2 per pass, per CPU-second of the thread and per wall second,
 * and checks that the kernels' log-likelihoods agree to 1e-12.
 *
 * <p>Data: overlapping components ({@link KernelFixtures}, means within a unit cube, unit
 * variances), so every responsibility is non-zero and no second-moment work is skipped; with
 * {@code -Dseparated=true} the means are 20 times further apart and every row is drawn near one of
 * them, so most responsibilities flush to zero.
 */
public final class FullKernelCompare {
  private FullKernelCompare() {}

  private interface Kernel {
    double pass(GaussianStatistics st);
  }

  /** Entry point. */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> shapes = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      shapes.add(args[i]);
    }
    if (shapes.isEmpty()) {
      shapes = List.of("3:8:32768", "8:8:32768", "16:8:16384", "32:16:8192", "64:16:4096",
          "128:8:4096");
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.printf(Locale.ROOT, "# %s, %s, load %s%n", System.getProperty("java.vm.version"),
        FullKernels.INSTANCE.name(), loadAverage());
    System.out.println("| D | K | N | kernel | GFLOP/s per CPU-s | GFLOP/s wall | ms / pass (cpu) |"
        + " vs first (cpu) |");
    System.out.println("| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
    for (String shape : shapes) {
      String[] f = shape.split(":");
      int d = Integer.parseInt(f[0]);
      int k = Integer.parseInt(f[1]);
      int n = Integer.parseInt(f[2]);
      SplittableRandom random = new SplittableRandom(42);
      double[] x = new double[n * d];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextGaussian();
      }
      GaussianParameters p = KernelFixtures.parameters(CovarianceType.FULL, k, d, random);
      if (Boolean.getBoolean("separated")) {
        // Means 20 apart per coordinate scale, rows drawn around them: most responsibilities
        // flush to zero, as in well separated fitted mixtures.
        double[] mu = p.meansArray().clone();
        for (int i = 0; i < mu.length; i++) {
          mu[i] *= 20;
        }
        p = new GaussianParameters(CovarianceType.FULL, d, p.weights(), mu, p.covariancesArray());
        for (int i = 0; i < n; i++) {
          int c = random.nextInt(k);
          for (int j = 0; j < d; j++) {
            x[i * d + j] += mu[c * d + j];
          }
        }
      }
      Dataset data = Dataset.of(x, n, d);
      GaussianParameters params = p;
      GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
      List<String> names = new ArrayList<>();
      List<Kernel> kernels = new ArrayList<>();
      for (String spec : System.getProperty("kernels", "old,plain:32,vector:32").split(",")) {
        String[] kb = spec.split(":");
        int block = kb.length > 1 ? Integer.parseInt(kb[1]) : FullKernels.BLOCK;
        switch (kb[0]) {
          case "old" -> {
            OldFullKernel old = new OldFullKernel(k, d, k);
            kernels.add(st -> chunks(n, (a, b) -> old.accumulate(params, data, a, b, st)));
          }
          case "plain" -> {
            FullKernels plain = new FullKernels.Plain(block, org.em4j.kernel.Alignment.DOUBLE_PAD);
            kernels.add(st -> chunks(n, (a, b) -> plain.accumulate(params, data, a, b, st)));
          }
          case "vector" -> {
            FullKernels vector = FullKernels.vector(block, org.em4j.kernel.Alignment.DOUBLE_PAD);
            if (vector == null) {
              continue;
            }
            kernels.add(st -> chunks(n, (a, b) -> vector.accumulate(params, data, a, b, st)));
          }
          default -> throw new IllegalArgumentException("unknown kernel " + spec);
        }
        names.add(spec);
      }
      int m = kernels.size();
      long[] bestCpu = new long[m];
      long[] bestWall = new long[m];
      double[] ll = new double[m];
      java.util.Arrays.fill(bestCpu, Long.MAX_VALUE);
      java.util.Arrays.fill(bestWall, Long.MAX_VALUE);
      GaussianStatistics[] st = new GaussianStatistics[m];
      for (int j = 0; j < m; j++) {
        st[j] = family.newStatistics(params);
      }
      for (int round = 0; round < rounds; round++) {
        for (int j = 0; j < m; j++) {
          long end = System.nanoTime() + (long) (seconds * 1e9);
          do {
            long w0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            st[j].reset();
            ll[j] = kernels.get(j).pass(st[j]);
            bestCpu[j] = Math.min(bestCpu[j], mx.getCurrentThreadCpuTime() - c0);
            bestWall[j] = Math.min(bestWall[j], System.nanoTime() - w0);
          } while (System.nanoTime() < end);
        }
      }
      double flops = 2.0 * n * k * d * d;
      for (int j = 0; j < m; j++) {
        if (Math.abs(ll[j] - ll[0]) > 1e-12 * Math.abs(ll[0])
            || st[j].maxRelativeDifference(st[0]) > 1e-12) {
          throw new IllegalStateException(names.get(j) + " disagrees with " + names.get(0) + " at " + shape);
        }
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %s | %.2f | %.2f | %.3f | %.2fx |%n", d, k,
            n, names.get(j), flops / bestCpu[j], flops / bestWall[j], bestCpu[j] / 1e6,
            (double) bestCpu[0] / bestCpu[j]);
      }
    }
  }

  private interface Range {
    double apply(int from, int to);
  }

  private static double chunks(int n, Range r) {
    double ll = 0;
    for (int from = 0; from < n; from += 4096) {
      ll += r.apply(from, Math.min(n, from + 4096));
    }
    return ll;
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
