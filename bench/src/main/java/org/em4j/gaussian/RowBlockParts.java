package org.em4j.gaussian;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;

/**
 * CPU time of the parts of the row-block diagonal kernel (load, log joints, responsibilities,
 * statistics), one thread: {@code RowBlockParts N D K TYPE ROUNDS}. For kernel work only.
 */
public final class RowBlockParts {
  private RowBlockParts() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int d = Integer.parseInt(args[1]);
    int k = Integer.parseInt(args[2]);
    CovarianceType type = CovarianceType.valueOf(args[3].toUpperCase(Locale.ROOT));
    int rounds = Integer.parseInt(args[4]);
    SplittableRandom random = new SplittableRandom(20261122);
    Dataset data = KernelCompare.data(n, d, k, random);
    GaussianParameters p = KernelCompare.start(data, type, k, random);
    RowBlock b0 = type == CovarianceType.DIAG || type == CovarianceType.SPHERICAL
        ? DiagonalKernels.newBlock(k, d) : SmallDimensionKernels.newBlock(type, k, d);
    int rows = args.length > 5 ? Integer.parseInt(args[5]) : b0.rows;
    RowBlock b = new RowBlock(k, d, rows, b0.lanesQ.length);
    boolean diagonal = type == CovarianceType.DIAG || type == CovarianceType.SPHERICAL;
    GaussianStatistics st = new GaussianFamily(type).newStatistics(p);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      double[] t = new double[4];
      double sink = 0;
      for (int stage = 0; stage < 4; stage++) {
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i0 = 0; i0 + b.rows <= n; i0 += b.rows) {
          b.load(data, i0, b.rows);
          if (stage >= 1) {
            if (diagonal) {
              DiagonalKernels.logJoints(p, b.rows, b);
            } else {
              SmallDimensionKernels.logJoints(p, b.rows, b);
            }
          }
          if (stage >= 2) {
            sink += b.responsibilities(b.rows);
          }
          if (stage >= 3) {
            if (diagonal) {
              DiagonalKernels.addAll(p, b.rows, b);
            } else {
              SmallDimensionKernels.addAll(p, b.rows, b);
            }
          }
        }
        t[stage] = (mx.getCurrentThreadCpuTime() - c0) / (double) n;
      }
      b.addLanesTo(st);
      System.out.printf(Locale.ROOT, "ns/row: load %.1f logjoint %.1f resp %.1f add %.1f total %.1f (%g)%n",
          t[0], t[1] - t[0], t[2] - t[1], t[3] - t[2], t[3], sink);
    }
  }
}
