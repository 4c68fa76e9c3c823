package org.em4j.gaussian;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels of {@link FullKernels} with the JDK Vector API ({@code jdk.incubator.vector},
 * JEP 338 and its successors), register-blocked in the manner of Goto and van de Geijn ("Anatomy
 * of high-performance matrix multiplication", ACM TOMS 34(3), 2008): a tile of 16 accumulators
 * stays in vector registers for the whole inner dimension; each step of {@link #quadratic}
 * broadcasts 4 scalars of {@code U} and loads 4 vectors of rows, each step of {@link #syrk}
 * broadcasts 8 scalars of {@code W} and loads 2 vectors of {@code Diff}, for 16 fused
 * multiply-adds. The vector length is the platform's preferred one ({@code
 * DoubleVector.SPECIES_PREFERRED}: 8 doubles with AVX-512, 4 with AVX2).
 *
 * <p>Loaded reflectively by {@link FullKernels#vector(int, int)} only when the module is in the boot
 * layer; nothing else refers to this class.
 */
final class FullKernelsVector extends FullKernels {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();

  /**
   * Public for reflective construction.
   *
   * @param block rows per block
   * @param pad where the scratch arrays start (see {@link FullKernels#pad})
   */
  public FullKernelsVector(int block, int pad) {
    super(block, pad);
  }

  @Override
  String name() {
    return "vector(" + L + " lanes)";
  }

  @Override
  int lanes() {
    return L;
  }

  @Override
  int rowTile() {
    return 4 * L;
  }

  /**
   * Tiles of 4 columns of {@code Z} by 4 vectors of rows (16 accumulators); {@code b} runs only to
   * the tile's last column, as {@code U[b][a] = 0} for {@code b > a}.
   */
  @Override
  void quadratic(
      double[] u,
      int uo,
      int d,
      double[] xT,
      int xo,
      int stride,
      int rows,
      double[] bias,
      int bo,
      double[] m,
      int mo,
      double[] work) {
    for (int i = 0; i < rows; i += 4 * L) {
      DoubleVector n0 = DoubleVector.zero(SPECIES);
      DoubleVector n1 = n0;
      DoubleVector n2 = n0;
      DoubleVector n3 = n0;
      for (int a0 = 0; a0 < d; a0 += 4) {
        DoubleVector z00 = DoubleVector.broadcast(SPECIES, -bias[bo + a0]);
        DoubleVector z01 = z00;
        DoubleVector z02 = z00;
        DoubleVector z03 = z00;
        DoubleVector z10 = DoubleVector.broadcast(SPECIES, -bias[bo + a0 + 1]);
        DoubleVector z11 = z10;
        DoubleVector z12 = z10;
        DoubleVector z13 = z10;
        DoubleVector z20 = DoubleVector.broadcast(SPECIES, -bias[bo + a0 + 2]);
        DoubleVector z21 = z20;
        DoubleVector z22 = z20;
        DoubleVector z23 = z20;
        DoubleVector z30 = DoubleVector.broadcast(SPECIES, -bias[bo + a0 + 3]);
        DoubleVector z31 = z30;
        DoubleVector z32 = z30;
        DoubleVector z33 = z30;
        int bEnd = Math.min(a0 + 4, d);
        int tile = uo + packedTile(a0 / 4);
        for (int b = 0; b < bEnd; b++) {
          int ub = tile + 4 * b;
          int xb = xo + b * stride + i;
          DoubleVector x0 = DoubleVector.fromArray(SPECIES, xT, xb);
          DoubleVector x1 = DoubleVector.fromArray(SPECIES, xT, xb + L);
          DoubleVector x2 = DoubleVector.fromArray(SPECIES, xT, xb + 2 * L);
          DoubleVector x3 = DoubleVector.fromArray(SPECIES, xT, xb + 3 * L);
          DoubleVector u0 = DoubleVector.broadcast(SPECIES, u[ub]);
          z00 = x0.fma(u0, z00);
          z01 = x1.fma(u0, z01);
          z02 = x2.fma(u0, z02);
          z03 = x3.fma(u0, z03);
          DoubleVector u1 = DoubleVector.broadcast(SPECIES, u[ub + 1]);
          z10 = x0.fma(u1, z10);
          z11 = x1.fma(u1, z11);
          z12 = x2.fma(u1, z12);
          z13 = x3.fma(u1, z13);
          DoubleVector u2 = DoubleVector.broadcast(SPECIES, u[ub + 2]);
          z20 = x0.fma(u2, z20);
          z21 = x1.fma(u2, z21);
          z22 = x2.fma(u2, z22);
          z23 = x3.fma(u2, z23);
          DoubleVector u3 = DoubleVector.broadcast(SPECIES, u[ub + 3]);
          z30 = x0.fma(u3, z30);
          z31 = x1.fma(u3, z31);
          z32 = x2.fma(u3, z32);
          z33 = x3.fma(u3, z33);
        }
        n0 = z30.fma(z30, z20.fma(z20, z10.fma(z10, z00.fma(z00, n0))));
        n1 = z31.fma(z31, z21.fma(z21, z11.fma(z11, z01.fma(z01, n1))));
        n2 = z32.fma(z32, z22.fma(z22, z12.fma(z12, z02.fma(z02, n2))));
        n3 = z33.fma(z33, z23.fma(z23, z13.fma(z13, z03.fma(z03, n3))));
      }
      n0.intoArray(m, mo + i);
      n1.intoArray(m, mo + i + L);
      n2.intoArray(m, mo + i + 2 * L);
      n3.intoArray(m, mo + i + 3 * L);
    }
  }

  /**
   * Column strips of up to four vectors: for each strip, one pass over the gathered rows with the
   * strip's means and column sums in registers (so no second pass over {@code W} for the sums,
   * and no chain of dependent additions through memory); columns past the last whole vector are
   * done one by one. Each column's sum is added in the order of the rows, as the interface asks.
   */
  @Override
  int gather(
      double[] x,
      int xo,
      int rows,
      int d,
      double[] mu,
      int mo,
      double[] resp,
      int[] picked,
      double[] diff,
      double[] w,
      int go,
      int dp,
      double[] sums) {
    int n = 0;
    for (int i = 0; i < rows; i++) {
      if (resp[i] != 0) {
        picked[n++] = i;
      }
    }
    int j = 0;
    for (; j + 4 * L <= d; j += 4 * L) {
      strip4(x, xo, d, mu, mo + j, resp, picked, n, diff, w, go + j, dp, j, sums);
    }
    for (; j + L <= d; j += L) {
      strip1(x, xo, d, mu, mo + j, resp, picked, n, diff, w, go + j, dp, j, sums);
    }
    for (; j < d; j++) {
      double m = mu[mo + j];
      double t = 0;
      for (int g = 0; g < n; g++) {
        int i = picked[g];
        double v = x[xo + i * d + j] - m;
        diff[go + g * dp + j] = v;
        double wv = resp[i] * v;
        w[go + g * dp + j] = wv;
        t += wv;
      }
      sums[j] = t;
    }
    for (; j < dp; j++) {
      sums[j] = 0;
    }
    return n;
  }

  /** Columns {@code [j, j + 4L)} of the gathered rows, which start at {@code gj} in diff and w. */
  private static void strip4(
      double[] x, int xo, int d, double[] mu, int mj, double[] resp, int[] picked, int n,
      double[] diff, double[] w, int gj, int dp, int j, double[] sums) {
    DoubleVector m0 = DoubleVector.fromArray(SPECIES, mu, mj);
    DoubleVector m1 = DoubleVector.fromArray(SPECIES, mu, mj + L);
    DoubleVector m2 = DoubleVector.fromArray(SPECIES, mu, mj + 2 * L);
    DoubleVector m3 = DoubleVector.fromArray(SPECIES, mu, mj + 3 * L);
    DoubleVector s0 = DoubleVector.zero(SPECIES);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    for (int g = 0; g < n; g++) {
      int i = picked[g];
      double r = resp[i];
      int ro = xo + i * d + j;
      int o = gj + g * dp;
      DoubleVector v0 = DoubleVector.fromArray(SPECIES, x, ro).sub(m0);
      DoubleVector v1 = DoubleVector.fromArray(SPECIES, x, ro + L).sub(m1);
      DoubleVector v2 = DoubleVector.fromArray(SPECIES, x, ro + 2 * L).sub(m2);
      DoubleVector v3 = DoubleVector.fromArray(SPECIES, x, ro + 3 * L).sub(m3);
      v0.intoArray(diff, o);
      v1.intoArray(diff, o + L);
      v2.intoArray(diff, o + 2 * L);
      v3.intoArray(diff, o + 3 * L);
      DoubleVector w0 = v0.mul(r);
      DoubleVector w1 = v1.mul(r);
      DoubleVector w2 = v2.mul(r);
      DoubleVector w3 = v3.mul(r);
      w0.intoArray(w, o);
      w1.intoArray(w, o + L);
      w2.intoArray(w, o + 2 * L);
      w3.intoArray(w, o + 3 * L);
      s0 = s0.add(w0);
      s1 = s1.add(w1);
      s2 = s2.add(w2);
      s3 = s3.add(w3);
    }
    s0.intoArray(sums, j);
    s1.intoArray(sums, j + L);
    s2.intoArray(sums, j + 2 * L);
    s3.intoArray(sums, j + 3 * L);
  }

  /** Columns {@code [j, j + L)} of the gathered rows, which start at {@code gj} in diff and w. */
  private static void strip1(
      double[] x, int xo, int d, double[] mu, int mj, double[] resp, int[] picked, int n,
      double[] diff, double[] w, int gj, int dp, int j, double[] sums) {
    DoubleVector m0 = DoubleVector.fromArray(SPECIES, mu, mj);
    DoubleVector s0 = DoubleVector.zero(SPECIES);
    for (int g = 0; g < n; g++) {
      int i = picked[g];
      int o = gj + g * dp;
      DoubleVector v0 = DoubleVector.fromArray(SPECIES, x, xo + i * d + j).sub(m0);
      v0.intoArray(diff, o);
      DoubleVector w0 = v0.mul(resp[i]);
      w0.intoArray(w, o);
      s0 = s0.add(w0);
    }
    s0.intoArray(sums, j);
  }

  /**
   * Tiles of 8 rows of {@code Q} by 2 vectors of columns (then 1 for what is left), over the rows
   * {@code g} of {@code W} and {@code Diff}; column tiles start at the vector holding the diagonal.
   * (Measured against 4 rows by 4 vectors: 8 x 2 was 10-25 % faster at D = 16 to 128, as its column
   * range needs fewer short tails.)
   */
  @Override
  void syrk(double[] q, int qo, int d, int dp, double[] w, double[] diff, int go, int n) {
    for (int a0 = 0; a0 < d; a0 += 8) {
      int r0 = qo + (a0 + 0) * dp;
      int r1 = qo + (a0 + 1) * dp;
      int r2 = qo + (a0 + 2) * dp;
      int r3 = qo + (a0 + 3) * dp;
      int r4 = qo + (a0 + 4) * dp;
      int r5 = qo + (a0 + 5) * dp;
      int r6 = qo + (a0 + 6) * dp;
      int r7 = qo + (a0 + 7) * dp;
      int b0 = a0 / L * L;
      for (; b0 + 2 * L <= dp; b0 += 2 * L) {
        DoubleVector q00 = DoubleVector.fromArray(SPECIES, q, r0 + b0);
        DoubleVector q01 = DoubleVector.fromArray(SPECIES, q, r0 + b0 + L);
        DoubleVector q10 = DoubleVector.fromArray(SPECIES, q, r1 + b0);
        DoubleVector q11 = DoubleVector.fromArray(SPECIES, q, r1 + b0 + L);
        DoubleVector q20 = DoubleVector.fromArray(SPECIES, q, r2 + b0);
        DoubleVector q21 = DoubleVector.fromArray(SPECIES, q, r2 + b0 + L);
        DoubleVector q30 = DoubleVector.fromArray(SPECIES, q, r3 + b0);
        DoubleVector q31 = DoubleVector.fromArray(SPECIES, q, r3 + b0 + L);
        DoubleVector q40 = DoubleVector.fromArray(SPECIES, q, r4 + b0);
        DoubleVector q41 = DoubleVector.fromArray(SPECIES, q, r4 + b0 + L);
        DoubleVector q50 = DoubleVector.fromArray(SPECIES, q, r5 + b0);
        DoubleVector q51 = DoubleVector.fromArray(SPECIES, q, r5 + b0 + L);
        DoubleVector q60 = DoubleVector.fromArray(SPECIES, q, r6 + b0);
        DoubleVector q61 = DoubleVector.fromArray(SPECIES, q, r6 + b0 + L);
        DoubleVector q70 = DoubleVector.fromArray(SPECIES, q, r7 + b0);
        DoubleVector q71 = DoubleVector.fromArray(SPECIES, q, r7 + b0 + L);
        for (int g = 0; g < n; g++) {
          int o = go + g * dp;
          DoubleVector x0 = DoubleVector.fromArray(SPECIES, diff, o + b0);
          DoubleVector x1 = DoubleVector.fromArray(SPECIES, diff, o + b0 + L);
          DoubleVector w0 = DoubleVector.broadcast(SPECIES, w[o + a0]);
          q00 = x0.fma(w0, q00);
          q01 = x1.fma(w0, q01);
          DoubleVector w1 = DoubleVector.broadcast(SPECIES, w[o + a0 + 1]);
          q10 = x0.fma(w1, q10);
          q11 = x1.fma(w1, q11);
          DoubleVector w2 = DoubleVector.broadcast(SPECIES, w[o + a0 + 2]);
          q20 = x0.fma(w2, q20);
          q21 = x1.fma(w2, q21);
          DoubleVector w3 = DoubleVector.broadcast(SPECIES, w[o + a0 + 3]);
          q30 = x0.fma(w3, q30);
          q31 = x1.fma(w3, q31);
          DoubleVector w4 = DoubleVector.broadcast(SPECIES, w[o + a0 + 4]);
          q40 = x0.fma(w4, q40);
          q41 = x1.fma(w4, q41);
          DoubleVector w5 = DoubleVector.broadcast(SPECIES, w[o + a0 + 5]);
          q50 = x0.fma(w5, q50);
          q51 = x1.fma(w5, q51);
          DoubleVector w6 = DoubleVector.broadcast(SPECIES, w[o + a0 + 6]);
          q60 = x0.fma(w6, q60);
          q61 = x1.fma(w6, q61);
          DoubleVector w7 = DoubleVector.broadcast(SPECIES, w[o + a0 + 7]);
          q70 = x0.fma(w7, q70);
          q71 = x1.fma(w7, q71);
        }
        q00.intoArray(q, r0 + b0);
        q01.intoArray(q, r0 + b0 + L);
        q10.intoArray(q, r1 + b0);
        q11.intoArray(q, r1 + b0 + L);
        q20.intoArray(q, r2 + b0);
        q21.intoArray(q, r2 + b0 + L);
        q30.intoArray(q, r3 + b0);
        q31.intoArray(q, r3 + b0 + L);
        q40.intoArray(q, r4 + b0);
        q41.intoArray(q, r4 + b0 + L);
        q50.intoArray(q, r5 + b0);
        q51.intoArray(q, r5 + b0 + L);
        q60.intoArray(q, r6 + b0);
        q61.intoArray(q, r6 + b0 + L);
        q70.intoArray(q, r7 + b0);
        q71.intoArray(q, r7 + b0 + L);
      }
      if (b0 < dp) {
        DoubleVector q0 = DoubleVector.fromArray(SPECIES, q, r0 + b0);
        DoubleVector q1 = DoubleVector.fromArray(SPECIES, q, r1 + b0);
        DoubleVector q2 = DoubleVector.fromArray(SPECIES, q, r2 + b0);
        DoubleVector q3 = DoubleVector.fromArray(SPECIES, q, r3 + b0);
        DoubleVector q4 = DoubleVector.fromArray(SPECIES, q, r4 + b0);
        DoubleVector q5 = DoubleVector.fromArray(SPECIES, q, r5 + b0);
        DoubleVector q6 = DoubleVector.fromArray(SPECIES, q, r6 + b0);
        DoubleVector q7 = DoubleVector.fromArray(SPECIES, q, r7 + b0);
        for (int g = 0; g < n; g++) {
          int o = go + g * dp;
          DoubleVector x0 = DoubleVector.fromArray(SPECIES, diff, o + b0);
          q0 = x0.fma(DoubleVector.broadcast(SPECIES, w[o + a0]), q0);
          q1 = x0.fma(DoubleVector.broadcast(SPECIES, w[o + a0 + 1]), q1);
          q2 = x0.fma(DoubleVector.broadcast(SPECIES, w[o + a0 + 2]), q2);
          q3 = x0.fma(DoubleVector.broadcast(SPECIES, w[o + a0 + 3]), q3);
          q4 = x0.fma(DoubleVector.broadcast(SPECIES, w[o + a0 + 4]), q4);
          q5 = x0.fma(DoubleVector.broadcast(SPECIES, w[o + a0 + 5]), q5);
          q6 = x0.fma(DoubleVector.broadcast(SPECIES, w[o + a0 + 6]), q6);
          q7 = x0.fma(DoubleVector.broadcast(SPECIES, w[o + a0 + 7]), q7);
        }
        q0.intoArray(q, r0 + b0);
        q1.intoArray(q, r1 + b0);
        q2.intoArray(q, r2 + b0);
        q3.intoArray(q, r3 + b0);
        q4.intoArray(q, r4 + b0);
        q5.intoArray(q, r5 + b0);
        q6.intoArray(q, r6 + b0);
        q7.intoArray(q, r7 + b0);
      }
    }
  }
}
