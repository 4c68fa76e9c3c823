package org.em4j.gaussian;

/** CPU time of the two inner kernels alone: {@code PartProbe D REPS}. */
public final class PartProbe {
  private PartProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    int d = Integer.parseInt(args[0]);
    int reps = Integer.parseInt(args[1]);
    java.lang.management.ThreadMXBean mx =
        java.lang.management.ManagementFactory.getThreadMXBean();
    double[] u = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        u[i * d + j] = 1.0 / (1 + i + j);
      }
    }
    double[] v = new double[16 * d];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(i);
    }
    double[] z = new double[16 * d];
    double[] q = new double[d * (d + 1) / 2];
    double[] wd = new double[4 * d];
    for (int i = 0; i < wd.length; i++) {
      wd[i] = 1e-3 * Math.cos(i);
    }
    for (int round = 0; round < 5; round++) {
      long c0 = mx.getCurrentThreadCpuTime();
      for (int r = 0; r < reps; r++) {
        for (int i = 0; i < 16; i++) {
          GaussianKernels.triangular(u, 0, v, i * d, z, i * d, d);
        }
      }
      long c1 = mx.getCurrentThreadCpuTime();
      for (int r = 0; r < reps; r++) {
        for (int i = 0; i < 16; i += 4) {
          GaussianKernels.rank4(q, 0, wd, v, i * d, d);
        }
      }
      long c2 = mx.getCurrentThreadCpuTime();
      for (int r = 0; r < reps; r++) {
        for (int i = 0; i < 16; i++) {
          plainTriangular(u, 0, v, i * d, z, i * d, d);
        }
      }
      long c3 = mx.getCurrentThreadCpuTime();
      for (int r = 0; r < reps; r++) {
        for (int i = 0; i < 16; i++) {
          axpy(u, 0, v, i * d, z, i * d, d);
        }
      }
      long c4 = mx.getCurrentThreadCpuTime();
      double fl = 16.0 * reps * d * d; // d^2/2 multiply-adds = d^2 flops per row and kernel
      System.out.printf(
          java.util.Locale.ROOT,
          "D=%d triangular %.2f GFLOP/s, rank4 %.2f, plain %.2f, axpyfull %.2f (%g %g)%n",
          d, fl / (c1 - c0), fl / (c2 - c1), fl / (c3 - c2), 2 * fl / (c4 - c3), z[d - 1],
          q[q.length - 1]);
    }
  }

  static void plainTriangular(double[] u, int uo, double[] v, int vo, double[] z, int zo, int d) {
    for (int b = 0; b + 3 < d; b += 4) {
      double v0 = v[vo + b];
      double v1 = v[vo + b + 1];
      double v2 = v[vo + b + 2];
      double v3 = v[vo + b + 3];
      int r0 = uo + b * d;
      int r1 = r0 + d;
      int r2 = r1 + d;
      int r3 = r2 + d;
      for (int a = b; a < d; a++) {
        z[zo + a] += v0 * u[r0 + a] + v1 * u[r1 + a] + v2 * u[r2 + a] + v3 * u[r3 + a];
      }
    }
  }

  static void axpy(double[] u, int uo, double[] v, int vo, double[] z, int zo, int d) {
    for (int b = 0; b < d; b++) {
      double v0 = v[vo + b];
      int r0 = uo + b * d;
      for (int a = 0; a < d; a++) {
        z[zo + a] = Math.fma(v0, u[r0 + a], z[zo + a]);
      }
    }
  }
}
