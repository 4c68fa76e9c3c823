package org.em4j.gaussian;

import java.util.Arrays;
import org.em4j.data.Dataset;
import org.em4j.kernel.VectorExp;

/**
 * A block of rows laid out transposed (one array per column, one per component) for the E-step
 * kernels that vectorise across rows ({@link DiagonalKernels}, {@link SmallDimensionKernels}),
 * their shared responsibilities step, and the per-row-lane accumulators of the statistics.
 * {@link FullKernels} uses a block without columns ({@code d = 0}) for its responsibilities
 * alone ({@link #loadWeights}, {@link #responsibilities}, {@link #takeLogLikelihood}).
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
  /** A second block sharing this one's lanes, or null. */
  RowBlock second;
  /** Work space of one row block (squared distances; the smaller exponential at K = 2). */
  final double[] m;
  /** Work space of {@link VectorExp}. */
  final double[] work1;
  final double[] work2;
  /** Whether every row of the loaded block has weight 1. */
  boolean unit;
  /**
   * Whether {@link #responsibilities} may use the Vector API's {@code exp} (same bits, faster
   * once compiled, slow to warm up: see {@link VectorExp}); set by the kernel for large jobs.
   */
  boolean vectorExp;
  /** Log-likelihood lanes of unit-weight blocks: sums of row maxima, products of row sums. */
  final double[] llMax;
  final double[] llProduct;
  /** Blocks multiplied into {@link #llProduct} since its logs were last taken, and their limit. */
  private int productBlocks;
  private final int maxProductBlocks;
  /** Logs of products already taken. */
  private double llLogs;
  /** Cut-off of the exponentials in unit-weight blocks: {@code log(FLUSH K)}. */
  private final double unitCutOff;
  /** Lane accumulators: {@code n} per component, {@code s} per component and column, {@code q}. */
  final double[][] lanesN;
  final double[][] lanesS;
  final double[][] lanesQ;

  /**
   * @param qSize number of second-moment statistics ({@code q} of {@link GaussianStatistics})
   */
  RowBlock(int k, int d, int rows, int qSize) {
    this(k, d, rows, new double[k][rows], new double[k * d][rows], new double[qSize][rows]);
  }

  /** A block with its own columns and responsibilities, adding to the given statistic lanes. */
  private RowBlock(
      int k, int d, int rows, double[][] lanesN, double[][] lanesS, double[][] lanesQ) {
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
    this.work1 = new double[rows];
    this.work2 = new double[rows];
    this.llMax = new double[rows];
    this.llProduct = new double[rows];
    // Each row's sum is in [1, K]: K^blocks may not exceed 2^1000.
    this.maxProductBlocks =
        k == 1 ? Integer.MAX_VALUE : (int) Math.max(1, Math.floor(1000 / (Math.log(k) / Math.log(2))));
    this.unitCutOff = Math.min(0, Math.max(VectorExp.LOW, Math.log(GaussianKernels.FLUSH * k)));
    Arrays.fill(llProduct, 1.0);
    this.lanesN = lanesN;
    this.lanesS = lanesS;
    this.lanesQ = lanesQ;
  }

  /** Sets {@link #vectorExp} of this block and of its {@link #second}. */
  void useVectorExp(boolean use) {
    vectorExp = use;
    if (second != null) {
      second.vectorExp = use;
    }
  }

  /** Gives this block a {@link #second} block sharing its lanes; returns this block. */
  RowBlock withSecond() {
    // Same shape, own columns and responsibilities, this block's lanes: two blocks are added to
    // the lanes in one pass.
    second = new RowBlock(k, d, rows, lanesN, lanesS, lanesQ);
    return this;
  }

  /**
   * Rows per block for {@code k * d} column-component pairs: 128 while the lanes of {@code s} and
   * {@code q} stay within 512 KiB (inside the 1.25 MiB L2 of the machine measured), fewer for
   * more pairs, never below 16. C2 sizes its vectors by the loops' profiled trip counts: at 64
   * rows it uses 256-bit vectors, from 128 rows on 512-bit ones (measured: 128 rows were 10-25 %
   * faster than 64 on every shape of docs/performance.md).
   */
  static int rowsFor(int k, int d) {
    int pairs = Math.max(1, k * Math.max(d, 1));
    int rows = 128;
    while (rows > 16 && (long) pairs * rows * 2 * Double.BYTES > 512 * 1024) {
      rows /= 2;
    }
    return rows;
  }

  /** Zeroes the lanes (at the start of a kernel call). */
  void clearLanes() {
    clear(lanesN);
    clear(lanesS);
    clear(lanesQ);
    Arrays.fill(llMax, 0.0);
    Arrays.fill(llProduct, 1.0);
    productBlocks = 0;
    llLogs = 0;
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
    if (!loadWeights(data, i0, n)) {
      return false;
    }
    double[] values = data.values();
    if (d == 1) {
      System.arraycopy(values, i0, x[0], 0, n);
      return true;
    }
    // Four columns per pass: four loads from one row's cache line per step.
    int j = 0;
    for (; j + 3 < d; j += 4) {
      double[] c0 = x[j];
      double[] c1 = x[j + 1];
      double[] c2 = x[j + 2];
      double[] c3 = x[j + 3];
      int o = i0 * d + j;
      for (int i = 0; i < n; i++) {
        int r = o + i * d;
        c0[i] = values[r];
        c1[i] = values[r + 1];
        c2[i] = values[r + 2];
        c3[i] = values[r + 3];
      }
    }
    for (; j < d; j++) {
      double[] col = x[j];
      int o = i0 * d + j;
      for (int i = 0; i < n; i++) {
        col[i] = values[o + i * d];
      }
    }
    return true;
  }

  /**
   * Loads the weights of rows {@code [i0, i0 + n)} only (for kernels that keep the rows' values
   * in their own layout and use this block for its {@link #responsibilities}).
   *
   * @return whether any row has a non-zero weight
   */
  boolean loadWeights(Dataset data, int i0, int n) {
    boolean any = false;
    boolean ones = true;
    for (int i = 0; i < n; i++) {
      w[i] = data.weight(i0 + i);
      any |= w[i] != 0;
      ones &= w[i] == 1;
    }
    unit = ones;
    return any;
  }

  /**
   * Turns the log joints of the first {@code n} rows into responsibilities times row weights.
   *
   * <p>{@code e_c = exp(l_c - max)} for all components and rows by {@link VectorExp} (for K = 2
   * one {@code exp} per row: the larger log joint's {@code e} is exactly 1), {@code r_c = e_c (w /
   * sum e)}. Responsibilities below {@link GaussianKernels#FLUSH} are zero: in a block of unit
   * weights, through the exponential's cut-off at {@code FLUSH K} (so {@code r >= e / K} stays
   * above FLUSH); otherwise by a branch-free step (C2 does not vectorise conditional moves).
   *
   * <p>The log-likelihood of a unit-weight block goes to lanes (the sum of the rows' maxima and
   * the product of their sums, each sum in [1, K]), taken by {@link #takeLogLikelihood}; that of
   * other blocks is returned.
   *
   * @return the weighted log-likelihood of the rows of a block with weights other than 1, else 0
   */
  double responsibilities(int n) {
    if (!unit) {
      for (int i = 0; i < n; i++) {
        if (w[i] == 0) {
          // Whatever its values, a row of weight 0 must add nothing (not even a NaN).
          for (int c = 0; c < k; c++) {
            lj[c][i] = 0;
          }
        }
      }
    }
    double low = unit ? unitCutOff : VectorExp.LOW;
    exponentials(n, low);
    double[] sm = sum;
    double[] first = lj[0];
    for (int i = 0; i < n; i++) {
      sm[i] = first[i];
    }
    for (int c = 1; c < k; c++) {
      double[] l = lj[c];
      for (int i = 0; i < n; i++) {
        sm[i] += l[i];
      }
    }
    double ll = 0;
    double[] sc = scale;
    if (unit) {
      unitLogLikelihood(n);
      for (int c = 0; c < k; c++) {
        double[] l = lj[c];
        for (int i = 0; i < n; i++) {
          l[i] *= sc[i];
        }
      }
    } else {
      ll = weightedLogLikelihood(n);
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
    }
    return ll;
  }

  /** {@code max} per row, and {@code lj[c] = exp(lj[c] - max)} with the given cut-off. */
  private void exponentials(int n, double low) {
    double[] mx = max;
    double[] first = lj[0];
    if (k == 2) {
      // One exp per row: e = exp(min - max); the larger log joint gets 1, the other e.
      double[] second = lj[1];
      double[] mn = m;
      for (int i = 0; i < n; i++) {
        mx[i] = Math.max(first[i], second[i]);
        mn[i] = Math.min(first[i], second[i]);
      }
      VectorExp.expDifference(mn, mx, mn, n, low, work1, work2, vectorExp);
      for (int i = 0; i < n; i++) {
        // s = 1 when the first is the larger (ties give e = 1, so either choice is exact).
        double s = Math.min(1.0, Math.max(0.0, Math.fma(first[i] - second[i], 0x1p1000, 1.0)));
        first[i] = Math.fma(1.0 - s, mn[i], s);
        second[i] = Math.fma(s, mn[i], 1.0 - s);
      }
      return;
    }
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
      VectorExp.expDifference(lj[c], mx, lj[c], n, low, work1, work2, vectorExp);
    }
  }

  /**
   * Unit weights: adds the maxima and multiplies the sums into the log-likelihood lanes (taking
   * the logs of the products before they could overflow) and sets {@code scale = 1 / sum}.
   */
  private void unitLogLikelihood(int n) {
    double[] sm = sum;
    double[] sc = scale;
    double[] mx = max;
    double[] lm = llMax;
    double[] lp = llProduct;
    for (int i = 0; i < n; i++) {
      lm[i] += mx[i];
      lp[i] *= sm[i];
      sc[i] = 1 / sm[i];
    }
    if (++productBlocks == maxProductBlocks) {
      llLogs += logsOfProducts();
    }
  }

  private double logsOfProducts() {
    double t = 0;
    for (int i = 0; i < rows; i++) {
      t += Math.log(llProduct[i]);
      llProduct[i] = 1;
    }
    productBlocks = 0;
    return t;
  }

  /** Rows with weights: the weighted log-likelihood; {@code scale = w / sum} (0 for w = 0). */
  private double weightedLogLikelihood(int n) {
    double ll = 0;
    for (int i = 0; i < n; i++) {
      if (w[i] == 0) {
        scale[i] = 0;
      } else {
        ll += w[i] * (max[i] + Math.log(sum[i]));
        scale[i] = w[i] / sum[i];
      }
    }
    return ll;
  }

  /**
   * The log-likelihood gathered in the lanes since {@link #clearLanes} (unit-weight blocks), in a
   * fixed order: the lanes of maxima, then the logs of the products.
   */
  double takeLogLikelihood() {
    double t = 0;
    for (int i = 0; i < rows; i++) {
      t += llMax[i];
    }
    return t + (llLogs + logsOfProducts());
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
