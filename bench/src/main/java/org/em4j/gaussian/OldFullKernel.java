package org.em4j.gaussian;

import org.em4j.data.Dataset;
import org.em4j.kernel.Packed;

/**
 * A frozen copy of em4j's full/tied E-step kernel before issue 8 (blocks of 16 rows, {@code z +=
 * (x - mu)[b] U[b, .]} per row, rank-4 packed second-moment updates), kept only so that {@link
 * FullKernelCompare} can time it against {@link FullKernels} in the same run. Not used by em4j.
 */
final class OldFullKernel {
  private static final int BLOCK = 16;
  private static final int GROUP = 4;

  private final int k;
  private final int d;
  private final double[] upper;
  private final double[] diff;
  private final double[] z;
  private final double[] lj;
  private final double[] w;
  private final double[] wd;
  private final int[] pick;
  private GaussianParameters cachedFor;

  OldFullKernel(int k, int d, int blocks) {
    this.k = k;
    this.d = d;
    this.upper = new double[blocks * d * d];
    this.diff = new double[BLOCK * d];
    this.z = new double[BLOCK * d];
    this.lj = new double[BLOCK * k];
    this.w = new double[BLOCK];
    this.wd = new double[GROUP * d];
    this.pick = new int[BLOCK];
  }

  /** Whether this kernel's scratch is laid out for K components, D dimensions, this many blocks. */
  boolean fits(int k, int d, int blocks) {
    return this.k == k && this.d == d && upper.length == blocks * d * d;
  }

  double accumulate(GaussianParameters p, Dataset data, int from, int to, GaussianStatistics st) {
    if (cachedFor != p) {
      int blocks = p.covarianceType() == CovarianceType.TIED ? 1 : p.components();
      double[] inv = p.inverseFactor;
      for (int b = 0; b < blocks; b++) {
        int o = b * d * d;
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            upper[o + j * d + i] = inv[o + i * d + j];
          }
        }
      }
      cachedFor = p;
    }
    double ll = 0;
    for (int i0 = from; i0 < to; i0 += BLOCK) {
      ll += block(p, data, i0, Math.min(BLOCK, to - i0), st);
    }
    return ll;
  }

  private double block(GaussianParameters p, Dataset data, int i0, int rows, GaussianStatistics st) {
    boolean any = false;
    for (int i = 0; i < rows; i++) {
      w[i] = data.weight(i0 + i);
      any |= w[i] != 0;
    }
    if (!any) {
      return 0;
    }
    double[] x = data.values();
    for (int c = 0; c < k; c++) {
      logJointFull(p, x, i0, rows, c);
    }
    // The row-major responsibilities (one Math.exp per row and component) of the old kernels.
    double ll = BaselineKernels.responsibilities(rows, k, lj, w);
    for (int c = 0; c < k; c++) {
      addFull(p, x, i0, rows, c, st);
    }
    return ll;
  }

  private void logJointFull(GaussianParameters p, double[] x, int i0, int rows, int c) {
    double[] mu = p.meansArray();
    int mo = c * d;
    for (int i = 0; i < rows; i++) {
      int xo = (i0 + i) * d;
      for (int j = 0; j < d; j++) {
        diff[i * d + j] = x[xo + j] - mu[mo + j];
      }
    }
    java.util.Arrays.fill(z, 0, rows * d, 0.0);
    int uo = p.block(c) * d * d;
    for (int i = 0; i < rows; i++) {
      triangular(upper, uo, diff, i * d, z, i * d, d);
    }
    double base = p.logWeights[c] + p.logNorm[p.block(c)];
    for (int i = 0; i < rows; i++) {
      lj[i * k + c] = base - 0.5 * squaredNorm(z, i * d, d);
    }
  }

  static void triangular(double[] u, int uo, double[] v, int vo, double[] z, int zo, int d) {
    int b = 0;
    for (; b + 3 < d; b += 4) {
      double v0 = v[vo + b];
      double v1 = v[vo + b + 1];
      double v2 = v[vo + b + 2];
      double v3 = v[vo + b + 3];
      int r0 = uo + b * d;
      int r1 = r0 + d;
      int r2 = r1 + d;
      int r3 = r2 + d;
      for (int a = b; a < d; a++) {
        z[zo + a] =
            Math.fma(v3, u[r3 + a],
                Math.fma(v2, u[r2 + a], Math.fma(v1, u[r1 + a], Math.fma(v0, u[r0 + a], z[zo + a]))));
      }
    }
    for (; b < d; b++) {
      double v0 = v[vo + b];
      int r0 = uo + b * d;
      for (int a = b; a < d; a++) {
        z[zo + a] = Math.fma(v0, u[r0 + a], z[zo + a]);
      }
    }
  }

  private static double squaredNorm(double[] z, int o, int d) {
    double m0 = 0;
    double m1 = 0;
    double m2 = 0;
    double m3 = 0;
    int j = 0;
    for (; j + 3 < d; j += 4) {
      m0 = Math.fma(z[o + j], z[o + j], m0);
      m1 = Math.fma(z[o + j + 1], z[o + j + 1], m1);
      m2 = Math.fma(z[o + j + 2], z[o + j + 2], m2);
      m3 = Math.fma(z[o + j + 3], z[o + j + 3], m3);
    }
    for (; j < d; j++) {
      m0 = Math.fma(z[o + j], z[o + j], m0);
    }
    return (m0 + m1) + (m2 + m3);
  }

  private void addFull(GaussianParameters p, double[] x, int i0, int rows, int c, GaussianStatistics st) {
    int picked = 0;
    for (int i = 0; i < rows; i++) {
      if (lj[i * k + c] != 0) {
        pick[picked++] = i;
      }
    }
    if (picked == 0) {
      return;
    }
    double[] mu = p.meansArray();
    int mo = c * d;
    for (int g = 0; g < picked; g++) {
      int xo = (i0 + pick[g]) * d;
      int oo = g * d;
      for (int j = 0; j < d; j++) {
        diff[oo + j] = x[xo + j] - mu[mo + j];
      }
    }
    double[] q = st.q;
    int qo = p.covarianceType() == CovarianceType.TIED ? 0 : c * Packed.size(d);
    double[] sums = st.s;
    int so = c * d;
    double nc = 0;
    int g = 0;
    for (; g + GROUP <= picked; g += GROUP) {
      double r0 = lj[pick[g] * k + c];
      double r1 = lj[pick[g + 1] * k + c];
      double r2 = lj[pick[g + 2] * k + c];
      double r3 = lj[pick[g + 3] * k + c];
      nc += r0 + r1 + r2 + r3;
      int o0 = g * d;
      int o1 = o0 + d;
      int o2 = o1 + d;
      int o3 = o2 + d;
      for (int j = 0; j < d; j++) {
        double a0 = r0 * diff[o0 + j];
        double a1 = r1 * diff[o1 + j];
        double a2 = r2 * diff[o2 + j];
        double a3 = r3 * diff[o3 + j];
        wd[j] = a0;
        wd[d + j] = a1;
        wd[2 * d + j] = a2;
        wd[3 * d + j] = a3;
        sums[so + j] += (a0 + a1) + (a2 + a3);
      }
      rank4(q, qo, wd, diff, o0, d);
    }
    for (; g < picked; g++) {
      double r = lj[pick[g] * k + c];
      nc += r;
      int o = g * d;
      for (int j = 0; j < d; j++) {
        double a = r * diff[o + j];
        wd[j] = a;
        sums[so + j] += a;
      }
      int idx = qo;
      for (int a = 0; a < d; a++) {
        double w0 = wd[a];
        int base = idx - a;
        for (int b = a; b < d; b++) {
          q[base + b] = Math.fma(w0, diff[o + b], q[base + b]);
        }
        idx += d - a;
      }
    }
    st.n[c] += nc;
  }

  static void rank4(double[] q, int qo, double[] wd, double[] diff, int o, int d) {
    int o1 = o + d;
    int o2 = o1 + d;
    int o3 = o2 + d;
    int idx = qo;
    for (int a = 0; a < d; a++) {
      double w0 = wd[a];
      double w1 = wd[d + a];
      double w2 = wd[2 * d + a];
      double w3 = wd[3 * d + a];
      int base = idx - a;
      for (int b = a; b < d; b++) {
        q[base + b] =
            Math.fma(w3, diff[o3 + b],
                Math.fma(w2, diff[o2 + b], Math.fma(w1, diff[o1 + b], Math.fma(w0, diff[o + b], q[base + b]))));
      }
      idx += d - a;
    }
  }
}
