package org.em4j.gaussian;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.DegenerateFitException;
import org.em4j.kernel.Cholesky;

/**
 * Missingness patterns of rows and, per pattern, the factorisations that exact observed-data EM
 * for Gaussian mixtures needs (Ghahramani and Jordan, "Supervised learning from incomplete data
 * via an EM approach", NIPS 6, 1994; Little and Rubin, "Statistical Analysis with Missing Data",
 * 2nd ed., 2002, section 11.2).
 *
 * <p>For a row with observed coordinates {@code o} and missing coordinates {@code m}, and a
 * component with mean {@code mu} and covariance {@code S}: the row's density is the marginal
 * {@code N(x_o; mu_o, S_oo)}; given {@code x_o} the missing coordinates are normal with mean
 * {@code mu_m + S_mo S_oo^-1 (x_o - mu_o)} and covariance {@code S_mm - S_mo S_oo^-1 S_om}. With
 * {@code L} the Cholesky factor of {@code S_oo} and {@code z = L^-1 (x_o - mu_o)}, these are
 * {@code |z|^2} for the Mahalanobis distance, {@code mu_m + A z} with {@code A = S_mo L^-T}, and
 * {@code S_mm - A A'}: {@link Factors} holds {@code L^-1}, the log normalising constant, {@code
 * A} and the conditional covariance for every covariance block, computed once per pattern and
 * per parameters.
 *
 * <p>Diagonal and spherical covariances need no factorisation: the coordinates are independent
 * within a component, so the conditional mean of a missing coordinate is its component mean and
 * its conditional variance the component variance.
 *
 * @implNote The cache lives with the (immutable) parameters, so it lasts exactly one EM
 *     iteration, is shared by every thread of the E-step ({@link ConcurrentHashMap}), and a
 *     pattern is factorised once per iteration, not once per chunk. Factors are a pure function of
 *     the parameters and the pattern, so which thread computes them does not change any bit of
 *     the result. The cache holds at most {@value #CACHE_DOUBLES} numbers per parameters; rows of
 *     further patterns (only when nearly every row has its own pattern) are factorised on the
 *     fly.
 */
final class MissingPatterns {
  /** Most numbers the factors cached for one set of parameters may hold (32 MB). */
  static final long CACHE_DOUBLES = 1L << 22;

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private MissingPatterns() {}

  /** Whether row {@code i} has a missing value. */
  static boolean rowHasMissing(double[] x, int off, int d) {
    for (int j = off, end = off + d; j < end; j++) {
      if (Double.isNaN(x[j])) {
        return true;
      }
    }
    return false;
  }

  /** The missing coordinates of the row at {@code off}, in increasing order. */
  static int[] missingOf(double[] x, int off, int d) {
    int m = 0;
    for (int j = 0; j < d; j++) {
      if (Double.isNaN(x[off + j])) {
        m++;
      }
    }
    int[] mis = new int[m];
    int t = 0;
    for (int j = 0; j < d; j++) {
      if (Double.isNaN(x[off + j])) {
        mis[t++] = j;
      }
    }
    return mis;
  }

  /**
   * Checks data for a Gaussian mixture: missing values (NaN) are allowed, infinities are not, and
   * neither is a row or a column with no observed value.
   *
   * @throws InputException naming the first offending row, column or cell
   */
  static void validate(Dataset data) {
    int n = data.rows();
    int d = data.columns();
    double[] x = data.values();
    boolean[] seen = new boolean[d];
    int seenCount = 0;
    for (int i = 0; i < n; i++) {
      int observed = 0;
      for (int j = 0; j < d; j++) {
        double v = x[i * d + j];
        if (Double.isNaN(v)) {
          continue;
        }
        if (Double.isInfinite(v)) {
          throw new InputException(
              data.describeCell(i, j) + " holds an infinite value (" + v
                  + "), which a Gaussian mixture cannot use");
        }
        observed++;
        if (!seen[j]) {
          seen[j] = true;
          seenCount++;
        }
      }
      if (observed == 0) {
        throw new InputException(
            data.describeRow(i) + " has no observed value (every value is missing); drop the row"
                + " (the CSV reader skips such rows)");
      }
    }
    if (seenCount < d && n > 0) {
      for (int j = 0; j < d; j++) {
        if (!seen[j]) {
          throw new InputException(
              data.source() + ": column '" + data.columnNames().get(j)
                  + "' has no observed value (every value is missing); leave it out");
        }
      }
    }
  }

  /**
   * The data with every missing value replaced by the (row-weighted) mean of the observed values
   * of its column: used only to draw starting values, never for the fit itself.
   */
  static Dataset meanFilled(Dataset data) {
    int n = data.rows();
    int d = data.columns();
    double[] x = data.values();
    double[] sum = new double[d];
    double[] weight = new double[d];
    for (int i = 0; i < n; i++) {
      double w = data.weight(i);
      for (int j = 0; j < d; j++) {
        double v = x[i * d + j];
        if (!Double.isNaN(v)) {
          sum[j] += w * v;
          weight[j] += w;
        }
      }
    }
    double[] filled = x.clone();
    for (int i = 0; i < filled.length; i++) {
      if (Double.isNaN(filled[i])) {
        int j = i % d;
        filled[i] = sum[j] / weight[j];
      }
    }
    double[] weights = null;
    if (data.hasWeights()) {
      weights = new double[n];
      for (int i = 0; i < n; i++) {
        weights[i] = data.weight(i);
      }
    }
    Dataset out = new Dataset(filled, n, d, data.columnNames(), weights, data.source());
    int[] skipped = data.skippedRows();
    return skipped.length == 0 ? out : out.withSkippedRows(skipped);
  }

  /**
   * Finds the factors of rows for one pass over some rows: a front for {@link Cache} that, in low
   * dimension, looks patterns up by their bit mask without allocating. Not thread-safe: one per
   * thread and call.
   */
  static final class Lookup {
    /** Dimensions up to this get the allocation-free table of {@code 2^D} entries. */
    static final int TABLE_DIMENSION = 12;

    private final Cache cache;
    private final int d;
    private final Factors[] byMask;

    Lookup(GaussianParameters p) {
      this.cache = p.missingCache();
      this.d = p.dimension();
      this.byMask = d <= TABLE_DIMENSION ? new Factors[1 << d] : null;
    }

    /** The factors of the row at {@code off}, or {@code null} when nothing in it is missing. */
    Factors of(double[] x, int off) {
      if (byMask == null) {
        return rowHasMissing(x, off, d) ? cache.get(missingOf(x, off, d)) : null;
      }
      int mask = 0;
      for (int j = 0; j < d; j++) {
        if (Double.isNaN(x[off + j])) {
          mask |= 1 << j;
        }
      }
      if (mask == 0) {
        return null;
      }
      Factors f = byMask[mask];
      if (f == null) {
        f = cache.get(missingOf(x, off, d));
        byMask[mask] = f;
      }
      return f;
    }
  }

  /** A pattern: its missing coordinates (increasing), the key of the cache. */
  private record Key(int[] missing) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(k.missing, missing);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(missing);
    }

    @Override
    public String toString() {
      return Arrays.toString(missing);
    }
  }

  /** The factors of one set of parameters, by pattern; thread-safe. */
  static final class Cache {
    private final GaussianParameters params;
    private final ConcurrentHashMap<Key, Factors> map = new ConcurrentHashMap<>();
    private final AtomicLong size = new AtomicLong();

    Cache(GaussianParameters params) {
      this.params = params;
    }

    /**
     * The factors of the pattern with these missing coordinates.
     *
     * @param missing increasing; not modified, and kept: the caller must not modify it later
     */
    Factors get(int[] missing) {
      Key key = new Key(missing);
      Factors f = map.get(key);
      if (f != null) {
        return f;
      }
      f = new Factors(params, missing);
      if (size.get() + f.size() <= CACHE_DOUBLES) {
        Factors previous = map.putIfAbsent(key, f);
        if (previous != null) {
          return previous;
        }
        size.addAndGet(f.size());
      }
      return f;
    }

    /** Number of patterns held (for tests). */
    int patterns() {
      return map.size();
    }
  }

  /**
   * What one pattern needs under one set of parameters, for every covariance block (one per
   * component; one in all for {@code TIED}). Immutable apart from the lazily made factors of the
   * conditional covariances, which only drawing imputations needs.
   */
  static final class Factors {
    final CovarianceType type;
    final int d;
    /** Observed coordinates, increasing. */
    final int[] obs;
    /** Missing coordinates, increasing. */
    final int[] mis;
    /** Per block: log normalising constant of the marginal on the observed coordinates. */
    final double[] logNorm;
    /** FULL/TIED, per block: inverse Cholesky factor of {@code S_oo}, {@code o x o}. */
    final double[] linv;
    /** FULL/TIED, per block: {@code A = S_mo L^-T}, {@code m x o}. */
    final double[] a;
    /**
     * Per block: FULL/TIED the conditional covariance {@code S_mm - A A'}, {@code m x m};
     * DIAG/SPHERICAL the {@code m} variances of the missing coordinates.
     */
    final double[] cond;

    private volatile double[] condFactor;

    Factors(GaussianParameters p, int[] missing) {
      this.type = p.covarianceType();
      this.d = p.dimension();
      this.mis = missing;
      int m = missing.length;
      int o = d - m;
      this.obs = new int[o];
      for (int j = 0, t = 0, s = 0; j < d; j++) {
        if (s < m && missing[s] == j) {
          s++;
        } else {
          obs[t++] = j;
        }
      }
      int k = p.components();
      int blocks = type == CovarianceType.TIED ? 1 : k;
      this.logNorm = new double[blocks];
      double[] cov = p.covariancesArray();
      switch (type) {
        case FULL, TIED -> {
          linv = new double[blocks * o * o];
          a = new double[blocks * m * o];
          cond = new double[blocks * m * m];
          double[] soo = new double[o * o];
          double[] l = new double[o * o];
          for (int b = 0; b < blocks; b++) {
            int so = b * d * d;
            for (int s = 0; s < o; s++) {
              for (int t = 0; t < o; t++) {
                soo[s * o + t] = cov[so + obs[s] * d + obs[t]];
              }
            }
            if (!Cholesky.factor(soo, 0, o, l, 0)) {
              throw new DegenerateFitException(
                  "the covariance of component " + (b + 1) + " restricted to the observed"
                      + " coordinates " + Arrays.toString(plusOne(obs))
                      + " is not numerically positive definite");
            }
            Cholesky.invertLower(l, 0, o, linv, b * o * o);
            logNorm[b] = -0.5 * o * LOG_2PI - Cholesky.logDiagonalSum(l, 0, o);
            // A = S_mo L^-T: A[i][t] = sum_s S[mis_i][obs_s] Linv[t][s], s <= t.
            int ao = b * m * o;
            int lo = b * o * o;
            for (int i = 0; i < m; i++) {
              int row = so + mis[i] * d;
              for (int t = 0; t < o; t++) {
                double v = 0;
                for (int s = 0; s <= t; s++) {
                  v += cov[row + obs[s]] * linv[lo + t * o + s];
                }
                a[ao + i * o + t] = v;
              }
            }
            int co = b * m * m;
            for (int i = 0; i < m; i++) {
              for (int j = 0; j <= i; j++) {
                double v = cov[so + mis[i] * d + mis[j]];
                for (int t = 0; t < o; t++) {
                  v -= a[ao + i * o + t] * a[ao + j * o + t];
                }
                cond[co + i * m + j] = v;
                cond[co + j * m + i] = v;
              }
            }
          }
        }
        case DIAG, SPHERICAL -> {
          linv = new double[0];
          a = new double[0];
          cond = new double[blocks * m];
          for (int c = 0; c < k; c++) {
            double sumLog = 0;
            for (int s = 0; s < o; s++) {
              double v = type == CovarianceType.DIAG ? cov[c * d + obs[s]] : cov[c];
              sumLog += Math.log(v);
            }
            logNorm[c] = -0.5 * o * LOG_2PI - 0.5 * sumLog;
            for (int i = 0; i < m; i++) {
              cond[c * m + i] = type == CovarianceType.DIAG ? cov[c * d + mis[i]] : cov[c];
            }
          }
        }
        default -> throw new AssertionError(type);
      }
    }

    /** Numbers held, for the cache's budget. */
    long size() {
      return (long) linv.length + a.length + cond.length + logNorm.length + d;
    }

    /** Number of observed coordinates. */
    int observed() {
      return obs.length;
    }

    /**
     * Log joint of the row and component {@code c}: {@code log w_c + log N(x_o; mu_o, S_oo)}.
     *
     * @param x the data; the row starts at {@code xo}; not modified
     * @param z receives, from {@code zo}, the {@code o} whitened residuals {@code L^-1 (x_o -
     *     mu_o)} (FULL/TIED) or the residuals {@code x_o - mu_o} (DIAG/SPHERICAL)
     */
    double logJoint(GaussianParameters p, int c, double[] x, int xo, double[] z, int zo) {
      int o = obs.length;
      double[] mu = p.meansArray();
      int mo = c * d;
      for (int s = 0; s < o; s++) {
        z[zo + s] = x[xo + obs[s]] - mu[mo + obs[s]];
      }
      double maha = 0;
      switch (type) {
        case FULL, TIED -> {
          int lo = p.block(c) * o * o;
          // In place from the last coordinate down: z_t depends on residuals s <= t only.
          for (int t = o - 1; t >= 0; t--) {
            double v = 0;
            int row = lo + t * o;
            for (int s = 0; s <= t; s++) {
              v += linv[row + s] * z[zo + s];
            }
            z[zo + t] = v;
            maha += v * v;
          }
        }
        case DIAG -> {
          double[] inv = p.inverseFactor;
          for (int s = 0; s < o; s++) {
            double v = z[zo + s] * inv[mo + obs[s]];
            maha += v * v;
          }
        }
        case SPHERICAL -> {
          double m = 0;
          for (int s = 0; s < o; s++) {
            m += z[zo + s] * z[zo + s];
          }
          maha = m * p.inverseFactor[c] * p.inverseFactor[c];
        }
        default -> throw new AssertionError(type);
      }
      return p.logWeights[c] + logNorm[p.block(c)] - 0.5 * maha;
    }

    /**
     * The conditional mean of the missing coordinates given the observed ones, minus the
     * component mean: {@code A z} (FULL/TIED) or zero (DIAG/SPHERICAL).
     *
     * @param z as left by {@link #logJoint} for component {@code c}; not modified
     * @param out receives {@code m} values from {@code outOff}
     */
    void conditionalOffset(GaussianParameters p, int c, double[] z, int zo, double[] out,
        int outOff) {
      int m = mis.length;
      int o = obs.length;
      if (type == CovarianceType.DIAG || type == CovarianceType.SPHERICAL) {
        Arrays.fill(out, outOff, outOff + m, 0.0);
        return;
      }
      int ao = p.block(c) * m * o;
      for (int i = 0; i < m; i++) {
        double v = 0;
        int row = ao + i * o;
        for (int t = 0; t < o; t++) {
          v += a[row + t] * z[zo + t];
        }
        out[outOff + i] = v;
      }
    }

    /** Offset in {@link #cond} of block {@code b}. */
    int condOffset(int b) {
      int m = mis.length;
      return type == CovarianceType.FULL || type == CovarianceType.TIED ? b * m * m : b * m;
    }

    /**
     * Per block, a lower-triangular {@code L} with {@code L L'} the conditional covariance
     * ({@code m x m}, FULL/TIED) or the conditional standard deviations ({@code m},
     * DIAG/SPHERICAL): what drawing the missing coordinates needs.
     */
    double[] conditionalFactor() {
      double[] f = condFactor;
      if (f == null) {
        int m = mis.length;
        f = new double[cond.length];
        if (type == CovarianceType.FULL || type == CovarianceType.TIED) {
          for (int b = 0; b < logNorm.length; b++) {
            if (!Cholesky.factor(cond, b * m * m, m, f, b * m * m)) {
              throw new DegenerateFitException(
                  "the conditional covariance of the missing coordinates "
                      + Arrays.toString(plusOne(mis)) + " in component " + (b + 1)
                      + " is not numerically positive definite");
            }
          }
        } else {
          for (int i = 0; i < f.length; i++) {
            f[i] = Math.sqrt(cond[i]);
          }
        }
        condFactor = f;
      }
      return f;
    }

    private static int[] plusOne(int[] a) {
      int[] out = new int[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i] + 1;
      }
      return out;
    }
  }
}
