package org.em4j.gaussian;

import java.util.Arrays;
import org.em4j.data.Dataset;
import org.em4j.kernel.Alignment;
import org.em4j.kernel.Packed;

/**
 * The fused E-step for full and tied covariances in three or more dimensions, written as small
 * matrix products so that the work runs in register-blocked micro-kernels (the approach of Goto
 * and van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008; the
 * E-step and statistics are those of Dempster, Laird and Rubin, JRSS B 39, 1977).
 *
 * <p>Rows are taken in blocks of {@link #BLOCK} rows, or {@link #SMALL_D_BLOCK} when D &le; 16
 * (both chosen by measurement; see {@link #forDimension}). For each component
 * {@code c} of a block:
 *
 * <ol>
 *   <li>the block is transposed once for all components, shifted by the mixture's mean {@code
 *       m}: {@code X'^T = (X - 1 m^T)^T} (D x B, one row per coordinate, so a vector holds the same
 *       coordinate of consecutive rows);
 *   <li>{@link #quadratic} computes {@code Z^T = U^T X'^T - b_c 1^T} with {@code U = L_c^-T}
 *       upper triangular (only its non-zero part) and {@code b_c = U^T (mu_c - m)}, which is
 *       {@code U^T (x - mu_c)} for every row, and, without storing {@code Z}, every row's squared
 *       norm {@code |z_i|^2}, the Mahalanobis distance. Centring on the mixture's mean rather
 *       than on each component's saves a pass over the block per component. The rounding error
 *       this adds to {@code z} is about {@code 1e-16} times the row's distance from {@code m} in
 *       the component's standard deviations: with two clusters a million standard deviations
 *       apart the log-likelihood moved by 3e-12 relative (tested; scikit-learn does not centre
 *       at all, it computes {@code X U - mu U}). The statistics are unaffected: step 3 centres
 *       on each component's mean;
 *   <li>after the responsibilities (across the block's rows, with the row-block kernels' {@link
 *       RowBlock#responsibilities} and its vectorised {@code exp}), the rows with a non-zero
 *       responsibility are centred
 *       again row by row ({@code Diff}, B' x D, B' the number of such rows) with {@code W = R o
 *       Diff}, and {@link #syrk} adds {@code W^T Diff} to the upper triangle of a square D x D
 *       accumulator of the second moments; the first moments and {@code n_c} are sums over
 *       {@code W}'s rows.
 * </ol>
 *
 * <p>The square accumulators live in the per-thread scratch for one call (one chunk) and are
 * folded into the packed statistics at its end. The block grid starts at the call's first row, so
 * a chunk's statistics do not depend on the thread that computes it.
 *
 * <p>Two implementations of the two micro-kernels exist: {@link FullKernelsVector}, with the JDK
 * Vector API ({@code jdk.incubator.vector}), used when that module is in the boot layer (the JVM
 * was started with {@code --add-modules jdk.incubator.vector}) unless the system property {@code
 * em4j.vector} is {@code false}; and {@link Plain}, plain Java in the same loop order, which C2
 * vectorises along the rows. The class is chosen once, at class initialisation; the vector class
 * is loaded reflectively, so without the module it is never touched (the pattern of Lucene's
 * {@code VectorizationProvider}).
 *
 * @implNote Results differ from the row-at-a-time definition only by rounding (fused multiply-adds
 *     in another order); both implementations are held to 1e-12 relative by the tests, and each
 *     gives the same bits for any number of threads. Rows whose responsibility is zero (below
 *     {@link GaussianKernels#FLUSH}) are left out of the second moments, which for separated
 *     components saves most of that work.
 */
abstract class FullKernels {
  /** Rows per block from D = 17 on, unless a benchmark asks for another size. */
  static final int BLOCK = 32;

  /**
   * Rows per block for D &le; 16: the per-block costs (a tile's accumulators loaded and stored,
   * the responsibilities' loops) are shared by more rows, and the transposed block still takes
   * only 16 KiB. Measured at (200000, 16, 8): 6 % less time per iteration than 32 rows (64 rows:
   * 4 %); at D = 64, 32 rows were the fastest (the evening's block-size table).
   */
  static final int SMALL_D_BLOCK = 128;

  /** Rows per block of this instance. */
  final int block;

  /**
   * Doubles left unused at the start of the scratch arrays that vectors are read from, so that
   * those reads start on cache lines: {@link Alignment#DOUBLE_PAD} for the instances the fits use;
   * tests pass others to show that the pad changes no result.
   */
  final int pad;

  FullKernels(int block, int pad) {
    if (block < 1) {
      throw new IllegalArgumentException("block must be positive, got " + block);
    }
    if (pad < 0) {
      throw new IllegalArgumentException("pad must not be negative, got " + pad);
    }
    this.block = block;
    this.pad = pad;
  }

  /** The implementation chosen for this JVM, with {@link #BLOCK} rows per block. */
  static final FullKernels INSTANCE = select(System.getProperty("em4j.vector", "true"));

  /** The same implementation with {@link #SMALL_D_BLOCK} rows per block. */
  private static final FullKernels SMALL_D =
      select(System.getProperty("em4j.vector", "true"), SMALL_D_BLOCK);

  /** The kernels for D dimensions: {@link #SMALL_D_BLOCK} rows per block up to D = 16. */
  static FullKernels forDimension(int d) {
    return d <= 16 ? SMALL_D : INSTANCE;
  }

  /** Whether these kernels handle the parameters (full or tied, three or more dimensions). */
  static boolean handles(GaussianParameters p) {
    CovarianceType t = p.covarianceType();
    return (t == CovarianceType.FULL || t == CovarianceType.TIED) && p.dimension() >= 3;
  }

  /** The Vector API kernels when available, unless {@code property} is {@code "false"}. */
  static FullKernels select(String property) {
    return select(property, BLOCK);
  }

  /** As {@link #select(String)}, with {@code block} rows per block. */
  static FullKernels select(String property, int block) {
    int pad = Alignment.DOUBLE_PAD;
    if ("false".equalsIgnoreCase(property)) {
      return new Plain(block, pad);
    }
    FullKernels v = vector(block, pad);
    return v != null ? v : new Plain(block, pad);
  }

  /**
   * The Vector API implementation, or {@code null} when the module {@code jdk.incubator.vector}
   * is not in the boot layer or offers fewer than two lanes of doubles.
   *
   * @param block rows per block
   * @param pad see {@link #pad}
   */
  static FullKernels vector(int block, int pad) {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      FullKernels k =
          (FullKernels)
              Class.forName("org.em4j.gaussian.FullKernelsVector")
                  .getDeclaredConstructor(int.class, int.class)
                  .newInstance(block, pad);
      return k.lanes() >= 2 ? k : null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** A short name for logs and benchmarks: {@code "vector(8 lanes)"} or {@code "plain"}. */
  abstract String name();

  /** Doubles per vector (the padding unit of the column dimension). */
  abstract int lanes();

  /** Rows per micro-tile of {@link #quadratic}; divides {@link Scratch#rowsPadded}. */
  abstract int rowTile();

  /**
   * Squared norms of {@code Z^T = U^T X'^T - b 1^T}: {@code m[i] = sum_a (sum_{b <= a} U[b][a]
   * xT[b][i] - bias[a])^2} for {@code i < rows}.
   *
   * @param u upper triangular {@code U} from {@code uo}, packed by tiles of four columns (see
   *     {@link #packedTile}): tile {@code t}, columns {@code a0 = 4t} to {@code a0 + 3}, holds
   *     for each {@code b <= a0 + 3} (and {@code b < d}) the four values {@code U[b][a0..a0+3]}
   *     (zero below the diagonal and beyond D); not modified
   * @param xT shifted rows transposed, D rows of {@code stride} doubles from {@code xo}; not
   *     modified
   * @param bias {@code da} values from {@code bo} (zero beyond D); not modified
   * @param rows a multiple of {@link #rowTile()}, at most {@code stride}
   * @param m gets the norms, from {@code mo}; modified
   * @param work at least {@code 4 * stride} doubles of scratch; modified
   */
  abstract void quadratic(
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
      double[] work);

  /**
   * {@code Q[a][b] += sum_{g < n} w[g][a] diff[g][b]} for every {@code a < d} and at least every
   * {@code b >= a} (other entries may change too and are ignored).
   *
   * @param q square accumulator from {@code qo}, rows of {@code dp} doubles; modified
   * @param w weighted centred rows, {@code n} rows of {@code dp} doubles from {@code go} (zero
   *     beyond {@code d}); not modified
   * @param diff centred rows, same layout; not modified
   * @param dp a multiple of {@link #lanes()} and of 8, at least {@code d}; {@code q} has rows up
   *     to {@code d} rounded up to 8
   */
  abstract void syrk(
      double[] q, int qo, int d, int dp, double[] w, double[] diff, int go, int n);

  /**
   * Gathers the block's rows with a non-zero responsibility, centred and weighted: for the g-th
   * such row i, {@code diff[go + g dp + j] = x[xo + i d + j] - mu[mo + j]} and {@code w[go + g dp
   * + j] = resp[i] diff[go + g dp + j]} for {@code j < d}; and {@code sums[j] = sum_g w[go + g dp +
   * j]} for {@code j < dp}, added in the order of g from zero (so every implementation gives the
   * same bits).
   *
   * @param picked at least {@code rows} values of scratch; modified
   * @param diff modified
   * @param w modified
   * @param sums modified
   * @return the number of rows gathered
   */
  abstract int gather(
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
      double[] sums);

  /** Per-thread scratch space, sized for one parameter shape and one implementation. */
  static final class Scratch {
    final int k;
    final int d;
    /** Columns of the square accumulators and row buffers: D rounded up to lanes and to 8. */
    final int dp;
    /** Rows of {@link #q} and values per component of {@link #bias}: D rounded up to 8. */
    final int da;
    /** Rows of the transposed buffers: the block rounded up to the row tile. */
    final int rowsPadded;
    /**
     * Where {@link #xT}, {@link #m}, {@link #diff}, {@link #wd} and {@link #q} start: the
     * implementation's {@link FullKernels#pad} (their rows are multiples of 8 doubles long, so
     * every row starts on a cache line when the first does).
     */
    final int pad;
    /**
     * U = L^-T per covariance block, {@link #packedSize} doubles each, packed by tiles of four
     * columns as {@link FullKernels#quadratic} reads it: a tile's values are contiguous, so the
     * factor takes about half the room of a square (17 against 32 KiB at D = 64) and stays in
     * L1 next to the block.
     */
    final double[] upper;
    /** Doubles per covariance block in {@link #upper}. */
    final int packedSize;
    /** Parameters {@link #upper} was computed from. */
    GaussianParameters cachedFor;
    /** The block shifted by {@link #centre}, transposed, D x rowsPadded (zero past its end). */
    final double[] xT;
    /** {@code b_c = U_c^T (mu_c - m)} per component, da values each (zero beyond D). */
    final double[] bias;
    /** The mixture's mean {@code m}, by which {@link #xT} is shifted. */
    final double[] centre;
    /** Squared norms, rowsPadded. */
    final double[] m;
    /** Work space of the plain {@link FullKernels#quadratic}, 4 x rowsPadded. */
    final double[] work;
    /**
     * Weights, log joints and responsibilities of the block, one array per component, turned
     * into responsibilities across rows ({@link RowBlock#responsibilities}); it holds no values.
     */
    final RowBlock rows;
    /** Centred rows with a non-zero responsibility, block x dp. */
    final double[] diff;
    /** Those rows times their responsibility, block x dp. */
    final double[] wd;
    /**
     * Square second-moment accumulators, one da x dp block per covariance block. The upper
     * triangle is zero between calls; the entries {@link FullKernels#syrk} also writes below the
     * diagonal and beyond D are never read.
     */
    final double[] q;
    /** Covariance blocks whose accumulator got rows in this call. */
    final boolean[] touched;
    /** First moments of one component and block. */
    final double[] sums;
    /** Rows of the block with a non-zero responsibility for one component. */
    final int[] picked;
    /** Rows per block. */
    final int block;

    /** The implementation this scratch is laid out for. */
    final FullKernels impl;

    Scratch(FullKernels impl, int k, int d, int blocks) {
      this.impl = impl;
      this.block = impl.block;
      this.k = k;
      this.d = d;
      int lanes = Math.max(8, impl.lanes());
      this.dp = (d + lanes - 1) / lanes * lanes;
      this.da = (d + 7) / 8 * 8;
      int tile = impl.rowTile();
      this.rowsPadded = (block + tile - 1) / tile * tile;
      this.pad = impl.pad;
      this.packedSize = packedTile((d + 3) / 4);
      this.upper = new double[blocks * packedSize];
      this.xT = new double[pad + d * rowsPadded];
      this.bias = new double[k * da];
      this.centre = new double[d];
      this.m = new double[pad + rowsPadded];
      this.work = new double[4 * rowsPadded];
      this.rows = new RowBlock(k, 0, block, 0);
      this.diff = new double[pad + block * dp];
      this.wd = new double[pad + block * dp];
      this.q = new double[pad + blocks * da * dp];
      this.touched = new boolean[blocks];
      this.sums = new double[dp];
      this.picked = new int[block];
    }

    /** Refreshes {@link #upper}, {@link #centre} and {@link #bias} when the parameters change. */
    void prepare(GaussianParameters p) {
      if (cachedFor == p) {
        return;
      }
      int blocks = p.covarianceType() == CovarianceType.TIED ? 1 : p.components();
      double[] inv = p.inverseFactor;
      for (int b = 0; b < blocks; b++) {
        int o = b * d * d;
        int uo = b * packedSize;
        for (int i = 0; i < d; i++) {
          // U[j][i] = (L^-1)[i][j]: column i of U is in tile i / 4, at place i % 4 of each row j.
          int to = uo + packedTile(i / 4) + i % 4;
          for (int j = 0; j <= i; j++) {
            upper[to + 4 * j] = inv[o + i * d + j];
          }
        }
      }
      double[] mu = p.meansArray();
      Arrays.fill(centre, 0.0);
      for (int c = 0; c < k; c++) {
        double wc = p.weight(c);
        for (int j = 0; j < d; j++) {
          centre[j] += wc * mu[c * d + j];
        }
      }
      for (int c = 0; c < k; c++) {
        int o = p.block(c) * d * d;
        for (int a = 0; a < d; a++) {
          double t = 0;
          for (int b = 0; b <= a; b++) {
            t = Math.fma(inv[o + a * d + b], mu[c * d + b] - centre[b], t);
          }
          bias[c * da + a] = t;
        }
      }
      cachedFor = p;
    }
  }

  /**
   * Where tile {@code t} (columns {@code 4t} to {@code 4t + 3}) of a packed factor starts: the
   * tiles before it hold {@code 4t' + 4} rows of four values each, {@code 8 t (t + 1)} in all.
   */
  static int packedTile(int t) {
    return 8 * t * (t + 1);
  }

  /** Scratch for this implementation. */
  Scratch newScratch(GaussianParameters p) {
    int blocks = p.covarianceType() == CovarianceType.TIED ? 1 : p.components();
    return new Scratch(this, p.components(), p.dimension(), blocks);
  }

  /**
   * The fused E-step over rows {@code [from, to)}.
   *
   * @param stats gets the rows' statistics; modified (its scratch too)
   * @return the weighted log-likelihood of the rows
   */
  final double accumulate(
      GaussianParameters p, Dataset data, int from, int to, GaussianStatistics stats) {
    Scratch s = stats.fullScratch(p, this);
    s.prepare(p);
    s.rows.clearLanes();
    s.rows.useVectorExp(GaussianKernels.vectorExp(data, s.k));
    double ll = 0;
    for (int i0 = from; i0 < to; i0 += block) {
      ll += block(p, data, i0, Math.min(block, to - i0), stats, s);
    }
    fold(s, stats.q);
    return ll + s.rows.takeLogLikelihood();
  }

  private double block(
      GaussianParameters p, Dataset data, int i0, int rows, GaussianStatistics st, Scratch s) {
    int d = s.d;
    int k = s.k;
    RowBlock r = s.rows;
    if (!r.loadWeights(data, i0, rows)) {
      return 0;
    }
    double[] x = data.values();
    int stride = s.rowsPadded;
    int tile = rowTile();
    int padded = (rows + tile - 1) / tile * tile;
    double[] xT = s.xT;
    int pad = s.pad;
    double[] centre = s.centre;
    for (int i = 0; i < rows; i++) {
      int xo = (i0 + i) * d;
      for (int j = 0; j < d; j++) {
        xT[pad + j * stride + i] = x[xo + j] - centre[j];
      }
    }
    for (int j = 0; j < d; j++) {
      Arrays.fill(xT, pad + j * stride + rows, pad + j * stride + padded, 0.0);
    }
    double[] m = s.m;
    for (int c = 0; c < k; c++) {
      quadratic(s.upper, p.block(c) * s.packedSize, d, xT, pad, stride, padded, s.bias, c * s.da,
          m, pad, s.work);
      double base = p.logWeights[c] + p.logNorm[p.block(c)];
      double[] lj = r.lj[c];
      for (int i = 0; i < rows; i++) {
        lj[i] = base - 0.5 * m[pad + i];
      }
    }
    double ll = r.responsibilities(rows);
    for (int c = 0; c < k; c++) {
      moments(p, x, i0, rows, c, st, s);
    }
    return ll;
  }

  /** Adds the block's rows with a non-zero responsibility to component c's statistics. */
  private void moments(
      GaussianParameters p, double[] x, int i0, int rows, int c, GaussianStatistics st, Scratch s) {
    int d = s.d;
    int dp = s.dp;
    double[] resp = s.rows.lj[c];
    double[] wd = s.wd;
    int mo = c * d;
    double[] sums = s.sums;
    int n =
        gather(x, i0 * d, rows, d, p.meansArray(), mo, resp, s.picked, s.diff, wd, s.pad, dp, sums);
    if (n == 0) {
      return;
    }
    double nc = 0;
    for (int i = 0; i < rows; i++) {
      nc += resp[i];
    }
    double[] stS = st.s;
    for (int j = 0; j < d; j++) {
      stS[mo + j] += sums[j];
    }
    st.n[c] += nc;
    syrk(s.q, s.pad + p.block(c) * s.da * dp, d, dp, wd, s.diff, s.pad, n);
    s.touched[p.block(c)] = true;
  }

  /**
   * Adds the upper triangles of the square accumulators that rows were added to into the packed
   * second moments, and zeroes them for the next call (so a call costs no O(K D^2) clearing when
   * it touches few components, as for the short runs of complete rows between rows with missing
   * values).
   */
  private static void fold(Scratch s, double[] q) {
    int d = s.d;
    int size = Packed.size(d);
    double[] sq = s.q;
    for (int b = 0; b < s.touched.length; b++) {
      if (!s.touched[b]) {
        continue;
      }
      s.touched[b] = false;
      int so = s.pad + b * s.da * s.dp;
      int idx = b * size;
      for (int a = 0; a < d; a++) {
        int ro = so + a * s.dp;
        for (int j = a; j < d; j++) {
          q[idx++] += sq[ro + j];
          sq[ro + j] = 0;
        }
      }
    }
  }

  /**
   * The micro-kernels in plain Java, in the same loop order as the vector ones: the inner loops
   * run along the block's rows (or a row of the accumulator), contiguous and of fixed length, so
   * C2 vectorises them; four columns of {@code Z} (or four rows of {@code W}) share each pass.
   */
  static final class Plain extends FullKernels {
    Plain(int block, int pad) {
      super(block, pad);
    }

    @Override
    String name() {
      return "plain";
    }

    @Override
    int lanes() {
      return 8;
    }

    @Override
    int rowTile() {
      return 8;
    }

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
      Arrays.fill(m, mo, mo + rows, 0.0);
      double[] z = work;
      for (int a0 = 0; a0 < d; a0 += 4) {
        for (int t = 0; t < 4; t++) {
          Arrays.fill(z, t * stride, t * stride + rows, -bias[bo + a0 + t]);
        }
        int bEnd = Math.min(a0 + 4, d);
        int tile = uo + packedTile(a0 / 4);
        for (int b = 0; b < bEnd; b++) {
          int ub = tile + 4 * b;
          double u0 = u[ub];
          double u1 = u[ub + 1];
          double u2 = u[ub + 2];
          double u3 = u[ub + 3];
          int xb = xo + b * stride;
          for (int i = 0; i < rows; i++) {
            double v = xT[xb + i];
            z[i] = Math.fma(v, u0, z[i]);
            z[stride + i] = Math.fma(v, u1, z[stride + i]);
            z[2 * stride + i] = Math.fma(v, u2, z[2 * stride + i]);
            z[3 * stride + i] = Math.fma(v, u3, z[3 * stride + i]);
          }
        }
        for (int i = 0; i < rows; i++) {
          double z0 = z[i];
          double z1 = z[stride + i];
          double z2 = z[2 * stride + i];
          double z3 = z[3 * stride + i];
          m[mo + i] =
              Math.fma(z3, z3, Math.fma(z2, z2, Math.fma(z1, z1, Math.fma(z0, z0, m[mo + i]))));
        }
      }
    }

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
        double r = resp[i];
        if (r != 0) {
          int ro = xo + i * d;
          int o = go + n * dp;
          for (int j = 0; j < d; j++) {
            double v = x[ro + j] - mu[mo + j];
            diff[o + j] = v;
            w[o + j] = r * v;
          }
          n++;
        }
      }
      Arrays.fill(sums, 0, dp, 0.0);
      for (int g = 0; g < n; g++) {
        int o = go + g * dp;
        for (int j = 0; j < dp; j++) {
          sums[j] += w[o + j];
        }
      }
      return n;
    }

    @Override
    void syrk(double[] q, int qo, int d, int dp, double[] w, double[] diff, int go, int n) {
      int g = 0;
      for (; g + 3 < n; g += 4) {
        int o0 = go + g * dp;
        int o1 = o0 + dp;
        int o2 = o1 + dp;
        int o3 = o2 + dp;
        for (int a = 0; a < d; a++) {
          double w0 = w[o0 + a];
          double w1 = w[o1 + a];
          double w2 = w[o2 + a];
          double w3 = w[o3 + a];
          int ro = qo + a * dp;
          for (int b = a; b < d; b++) {
            q[ro + b] =
                Math.fma(
                    w3,
                    diff[o3 + b],
                    Math.fma(
                        w2,
                        diff[o2 + b],
                        Math.fma(w1, diff[o1 + b], Math.fma(w0, diff[o0 + b], q[ro + b]))));
          }
        }
      }
      for (; g < n; g++) {
        int o0 = go + g * dp;
        for (int a = 0; a < d; a++) {
          double w0 = w[o0 + a];
          int ro = qo + a * dp;
          for (int b = a; b < d; b++) {
            q[ro + b] = Math.fma(w0, diff[o0 + b], q[ro + b]);
          }
        }
      }
    }
  }
}
