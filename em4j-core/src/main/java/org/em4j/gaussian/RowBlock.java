package org.em4j.gaussian;

import java.util.Arrays;
import org.em4j.data.Dataset;
import org.em4j.kernel.VectorExp;

/**
 * A block of rows laid out transposed (one array per column, one per component) for the E-step
 * kernels that vectorise across rows ({@link DiagonalKernels}, {@link SmallDimensionKernels}),
 * their shared responsibilities step, and the per-row-lane accumulators of the statistics.
 *
 * <p>Every hot loop here and in those kernels runs {@code for (int i = 0; i < rows; i++)} over
 * arrays indexed by {@code i} alone: HotSpot C2 (JDK 17) vectorises such loops, but gives up on
 * any loop that reads or writes two arrays of the same type at different offsets
 * ({@code a[o1 + i]}, {@code b[o2 + i]}), because it cannot rule out that they overlap. Hence
 * arrays of arrays rather than one flat array with offsets.
 *
 * <p>Statistics are sums over rows, and C2 does not vectorise floating-point reductions; so each
 * statistic has one accumulator per row position of the block ({@link #lanesN}, {@link #lanesS},
 * {@link #lanesQ}), updated element-wise, and the lanes are added up, in a fixed order, once per
 * call of the kernel (once per chunk). The order of additions depends only on the rows given, so
 * a chunk's statistics do not depend on the thread that computes it.
 *
 * <p>Not thread-safe: one per thread, kept in the per-thread {@link GaussianKernels.Scratch}.
 */
final class RowBlock {
  /** Unit-weight rows whose sums are multiplied before one {@code log} (each sum is in [1, K]). */
  private static final int LOG_GROUP = 16;

  final int k;
  final int d;
  /** Rows per block. */
  final int rows;
  /** The block's columns: {@code x[j][i]} is column j of the block's row i. */
  final double[][] x;
  /** Log joints per component, then responsibilities times row weights. */
  final double[][] lj;
  /** Row weights. */
  final double[] w;
  /** Per row: maximum log joint, sum of exponentials, weight over that sum. */
  final double[] max;
  final double[] sum;
  final double[] scale;
  /** Work space of one row block (squared distances). */
  final double[] m;
  /** Lane accumulators: {@code n} per component, {@code s} per component and column, {@code q}. */
  final double[][] lanesN;
  final double[][] lanesS;
  final double[][] lanesQ;

  /**
   * @param qSize number of second-moment statistics ({@code q} of {@link GaussianStatistics})
   */
  RowBlock(int k, int d, int rows, int qSize) {
    this.k = k;
    this.d = d;
    this.rows = rows;
    this.x = new double[d][rows];
    this.lj = new double[k][rows];
    this.w = new double[rows];
    this.max = new double[rows];
    this.sum = new double[rows];
    this.scale = new double[rows];
    this.m = new double[rows];
    this.lanesN = new double[k][rows];
    this.lanesS = new double[k * d][rows];
    this.lanesQ = new double[qSize][rows];
  }

  /**
   * Rows per block for {@code k * d} column-component pairs: 64 while the lanes of {@code s} and
   * {@code q} stay within 128 KiB (well inside the 1.25 MiB L2 of the machine measured), fewer
   * for more pairs, never below 16.
   */
  static int rowsFor(int k, int d) {
    int pairs = Math.max(1, k * Math.max(d, 1));
    int rows = 64;
    while (rows > 16 && (long) pairs * rows * 2 * Double.BYTES > 128 * 1024) {
      rows /= 2;
    }
    return rows;
  }

  /** Zeroes the lanes (at the start of a kernel call). */
  void clearLanes() {
    clear(lanesN);
    clear(lanesS);
    clear(lanesQ);
  }

  private static void clear(double[][] a) {
    for (double[] row : a) {
      Arrays.fill(row, 0.0);
    }
  }

  /**
   * Adds the lanes into the statistics (at the end of a kernel call), each lane array summed
   * from row position 0 up.
   */
  void addLanesTo(GaussianStatistics st) {
    addLanes(lanesN, st.n);
    addLanes(lanesS, st.s);
    addLanes(lanesQ, st.q);
  }

  private static void addLanes(double[][] lanes, double[] out) {
    for (int e = 0; e < lanes.length; e++) {
      double[] lane = lanes[e];
      double t = 0;
      for (double v : lane) {
        t += v;
      }
      out[e] += t;
    }
  }

  /**
   * Loads rows {@code [i0, i0 + n)}: weights and the transposed columns.
   *
   * @return whether any row has a non-zero weight (a block of zero weights adds nothing)
   */
  boolean load(Dataset data, int i0, int n) {
    boolean any = false;
    for (int i = 0; i < n; i++) {
      w[i] = data.weight(i0 + i);
      any |= w[i] != 0;
    }
    if (!any) {
      return false;
    }
    double[] values = data.values();
    for (int j = 0; j < d; j++) {
      double[] col = x[j];
      int o = i0 * d + j;
      for (int i = 0; i < n; i++) {
        col[i] = values[o + i * d];
      }
    }
    return true;
  }

  /**
   * Turns the log joints of the first {@code n} rows into responsibilities times row weights;
   * returns the rows' weighted log-likelihood.
   *
   * <p>{@code e_c = exp(l_c - max)} for all components and rows by {@link VectorExp}, {@code r_c
   * = e_c * (w / sum e)}, and responsibilities below {@link GaussianKernels#FLUSH} are set to 0
   * (without a branch: C2 does not vectorise conditional moves). For unit-weight rows the logs
   * of the sums are taken one per {@value #LOG_GROUP} rows, as the log of their product.
   */
  double responsibilities(int n) {
    for (int i = 0; i < n; i++) {
      if (w[i] == 0) {
        // Whatever its values, a row of weight 0 must add nothing (not even a NaN).
        for (int c = 0; c < k; c++) {
          lj[c][i] = 0;
        }
      }
    }
    double[] mx = max;
    double[] first = lj[0];
    for (int i = 0; i < n; i++) {
      mx[i] = first[i];
    }
    for (int c = 1; c < k; c++) {
      double[] l = lj[c];
      for (int i = 0; i < n; i++) {
        mx[i] = Math.max(mx[i], l[i]);
      }
    }
    for (int c = 0; c < k; c++) {
      VectorExp.expDifference(lj[c], mx, lj[c], n, sum, scale);
    }
    double[] sm = sum;
    for (int i = 0; i < n; i++) {
      sm[i] = first[i];
    }
    for (int c = 1; c < k; c++) {
      double[] l = lj[c];
      for (int i = 0; i < n; i++) {
        sm[i] += l[i];
      }
    }
    double ll = logLikelihood(n);
    double[] sc = scale;
    for (int c = 0; c < k; c++) {
      double[] l = lj[c];
      for (int i = 0; i < n; i++) {
        double r = l[i] * sc[i];
        // 1 when r >= FLUSH, 0 below: a negative r - FLUSH is at least 1e-296 in size.
        double keep =
            Math.min(1.0, Math.max(0.0, Math.fma(r - GaussianKernels.FLUSH, 0x1p1000, 1.0)));
        l[i] = r * keep;
      }
    }
    return ll;
  }

  /** The rows' log-likelihood; fills {@link #scale} (0 for rows of weight 0). */
  private double logLikelihood(int n) {
    boolean unit = true;
    for (int i = 0; i < n; i++) {
      unit &= w[i] == 1;
    }
    double ll = 0;
    if (unit) {
      for (int g = 0; g < n; g += LOG_GROUP) {
        int end = Math.min(n, g + LOG_GROUP);
        double product = 1;
        for (int i = g; i < end; i++) {
          ll += max[i];
          product *= sum[i];
          scale[i] = 1 / sum[i];
        }
        ll += Math.log(product);
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (w[i] == 0) {
          scale[i] = 0;
        } else {
          ll += w[i] * (max[i] + Math.log(sum[i]));
          scale[i] = w[i] / sum[i];
        }
      }
    }
    return ll;
  }

  /** Whether any of the first {@code n} responsibilities of component c is non-zero. */
  boolean anyResponsibility(int c, int n) {
    double[] r = lj[c];
    for (int i = 0; i < n; i++) {
      if (r[i] != 0) {
        return true;
      }
    }
    return false;
  }
}
