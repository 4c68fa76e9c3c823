package org.em4j.gaussian;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU time of the two micro-kernels of {@link FullKernels} alone, on one block of 32 rows held in
 * cache: {@code PartProbe D REPS}. Run with {@code --add-modules jdk.incubator.vector} to include
 * the Vector API ones. Prints GFLOP/s counting {@code D^2} flops per row for each kernel (the
 * triangle's {@code D^2 / 2} multiply-adds).
 */
public final class PartProbe {
  private PartProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    int d = Integer.parseInt(args[0]);
    int reps = Integer.parseInt(args[1]);
    int rows = 32;
    FullKernels vector = FullKernels.vector(rows, 0);
    FullKernels[] impls =
        vector == null
            ? new FullKernels[] {new FullKernels.Plain(rows, 0)}
            : new FullKernels[] {vector, new FullKernels.Plain(rows, 0)};
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int da = (d + 7) / 8 * 8;
    int dp = da;
    // U[i][j] for j >= i, packed by tiles of four columns as FullKernels.quadratic reads it.
    double[] u = new double[FullKernels.packedTile((d + 3) / 4)];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        u[FullKernels.packedTile(j / 4) + 4 * i + j % 4] = 1.0 / (1 + i + j);
      }
    }
    double[] bias = new double[da];
    double[] dT = new double[d * rows];
    for (int i = 0; i < dT.length; i++) {
      dT[i] = Math.sin(i);
    }
    double[] w = new double[rows * dp];
    double[] diff = new double[rows * dp];
    for (int g = 0; g < rows; g++) {
      for (int j = 0; j < d; j++) {
        w[g * dp + j] = 1e-3 * Math.cos(g + j);
        diff[g * dp + j] = Math.sin(g * j);
      }
    }
    for (int round = 0; round < 3; round++) {
      for (FullKernels f : impls) {
        double[] m = new double[rows];
        double[] work = new double[4 * rows];
        double[] q = new double[da * dp];
        long c0 = mx.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
          f.quadratic(u, 0, d, dT, 0, rows, rows, bias, 0, m, 0, work);
        }
        long c1 = mx.getCurrentThreadCpuTime();
        for (int r = 0; r < reps; r++) {
          f.syrk(q, 0, d, dp, w, diff, 0, rows);
        }
        long c2 = mx.getCurrentThreadCpuTime();
        double flops = (double) rows * reps * d * d;
        System.out.printf(Locale.ROOT, "%s D=%d quadratic %.2f GFLOP/s, syrk %.2f (%g %g)%n",
            f.name(), d, flops / (c1 - c0), flops / (c2 - c1), m[3], q[q.length / 2]);
      }
    }
  }
}
