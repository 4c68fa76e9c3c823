package org.em4j.gaussian;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;

/**
 * Old kernel ({@link BaselineKernels}) against the current one, interleaved in one process, one
 * thread, on one chunk shape: {@code KernelCompare N D K TYPE ROUNDS}. Each round times one pass
 * over N rows (in chunks of 4096) with each kernel, alternating which goes first; prints the
 * median CPU and wall time per pass of each and their ratio, and the largest relative difference
 * of their statistics and log-likelihoods.
 *
 * <p>Data: N rows from a mixture of K components of the given covariance type with means drawn
 * in a cube of side 6 (the shape of {@code GenerateData}), evaluated under parameters whose
 * means are K random rows and whose covariances are the data's (the scikit-learn
 * {@code random_from_data} start used by {@code scripts/bench-compare.sh}).
 */
public final class KernelCompare {
  private static final int CHUNK = 4096;

  private KernelCompare() {}

  /** Entry point. */
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int d = Integer.parseInt(args[1]);
    int k = Integer.parseInt(args[2]);
    CovarianceType type = CovarianceType.valueOf(args[3].toUpperCase(Locale.ROOT));
    int rounds = Integer.parseInt(args[4]);
    SplittableRandom random = new SplittableRandom(20261122);
    Dataset data = data(n, d, k, random);
    GaussianParameters p = start(data, type, k, random);
    GaussianFamily family = new GaussianFamily(type);
    GaussianStatistics oldStats = family.newStatistics(p);
    GaussianStatistics newStats = family.newStatistics(p);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][] times = new double[4][rounds];
    double llOld = 0;
    double llNew = 0;
    // Warm-up: enough calls of each kernel for C2 to compile it before the clock starts.
    for (int r = 0; r < 20; r++) {
      for (int from = 0; from < n; from += CHUNK) {
        int to = Math.min(n, from + CHUNK);
        BaselineKernels.accumulate(p, data, from, to, oldStats);
        GaussianKernels.accumulate(p, data, from, to, newStats);
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int which = 0; which < 2; which++) {
        boolean old = (which == 0) == (r % 2 == 0);
        GaussianStatistics st = old ? oldStats : newStats;
        st.reset();
        long w0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        double ll = 0;
        for (int from = 0; from < n; from += CHUNK) {
          int to = Math.min(n, from + CHUNK);
          ll += old ? BaselineKernels.accumulate(p, data, from, to, st)
              : GaussianKernels.accumulate(p, data, from, to, st);
        }
        long c1 = mx.getCurrentThreadCpuTime();
        long w1 = System.nanoTime();
        int slot = old ? 0 : 2;
        times[slot][r] = (c1 - c0) / 1e9;
        times[slot + 1][r] = (w1 - w0) / 1e9;
        if (old) {
          llOld = ll;
        } else {
          llNew = ll;
        }
      }
    }
    double oldCpu = median(times[0]);
    double oldWall = median(times[1]);
    double newCpu = median(times[2]);
    double newWall = median(times[3]);
    System.out.printf(
        Locale.ROOT,
        "%s N=%d D=%d K=%d: old cpu %.4f s wall %.4f s | new cpu %.4f s wall %.4f s |"
            + " speed-up cpu %.2fx wall %.2fx | ns/row new cpu %.1f | rel diff stats %.1e ll %.1e%n",
        type, n, d, k, oldCpu, oldWall, newCpu, newWall, oldCpu / newCpu, oldWall / newWall,
        newCpu / n * 1e9, oldStats.maxRelativeDifference(newStats),
        Math.abs(llOld - llNew) / Math.abs(llOld));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  /** Rows from a random mixture: means uniform in [-3, 3]^D, unit-scale random variances. */
  static Dataset data(int n, int d, int k, SplittableRandom random) {
    double[] means = new double[k * d];
    double[] sd = new double[k * d];
    for (int i = 0; i < means.length; i++) {
      means[i] = 6 * random.nextDouble() - 3;
      sd[i] = 0.5 + random.nextDouble();
    }
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(k);
      for (int j = 0; j < d; j++) {
        x[i * d + j] = means[c * d + j] + sd[c * d + j] * random.nextGaussian();
      }
    }
    return Dataset.of(x, n, d);
  }

  /** Means at K random rows, every covariance the data's (diagonal of it for diag/spherical). */
  static GaussianParameters start(
      Dataset data, CovarianceType type, int k, SplittableRandom random) {
    int n = data.rows();
    int d = data.columns();
    double[] x = data.values();
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[i * d + j] / n;
      }
    }
    double[] cov = new double[d * d];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov[a * d + b] += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]) / n;
        }
      }
    }
    double[] means = new double[k * d];
    for (int c = 0; c < k; c++) {
      System.arraycopy(x, random.nextInt(n) * d, means, c * d, d);
    }
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1.0 / k);
    double[] covs = new double[type.storedSize(k, d)];
    for (int c = 0; c < (type == CovarianceType.TIED ? 1 : k); c++) {
      switch (type) {
        case FULL, TIED -> System.arraycopy(cov, 0, covs, c * d * d, d * d);
        case DIAG -> {
          for (int j = 0; j < d; j++) {
            covs[c * d + j] = cov[j * d + j];
          }
        }
        case SPHERICAL -> {
          double t = 0;
          for (int j = 0; j < d; j++) {
            t += cov[j * d + j] / d;
          }
          covs[c] = t;
        }
        default -> throw new AssertionError(type);
      }
    }
    return new GaussianParameters(type, d, w, means, covs);
  }
}
