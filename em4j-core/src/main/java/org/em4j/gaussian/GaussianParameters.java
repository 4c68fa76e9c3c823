package org.em4j.gaussian;

import java.util.Arrays;
import org.em4j.kernel.Cholesky;
import org.em4j.mixture.MixtureParameters;

/**
 * The values of one Gaussian mixture: weights, means and covariances in the compact form of its
 * covariance type, plus what the E-step needs derived from them once (Cholesky factors, their
 * inverses and the log normalising constants). Immutable; validated on construction.
 *
 * <p>Storage of the covariances: {@code FULL} {@code K x D x D}; {@code TIED} one {@code D x D};
 * {@code DIAG} {@code K x D} variances; {@code SPHERICAL} {@code K} variances. Getters return
 * copies.
 */
public final class GaussianParameters implements MixtureParameters {
  private static final long serialVersionUID = 1L;

  /** How far the weights may sum from 1 and still be accepted (rounding in files). */
  public static final double WEIGHT_SUM_TOLERANCE = 1e-6;

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final CovarianceType type;
  private final int k;
  private final int d;
  private final double[] weights;
  private final double[] means;
  private final double[] covariances;

  // Derived, for the E-step and sampling.
  final double[] logWeights;
  /** Per covariance block: log normalising constant, -D/2 log 2pi - 1/2 log det. */
  final double[] logNorm;
  /** FULL/TIED: Cholesky factor L per block (D x D); DIAG/SPHERICAL: standard deviations. */
  final double[] factor;
  /** FULL/TIED: L^-1 per block; DIAG/SPHERICAL: 1 / standard deviation. */
  final double[] inverseFactor;

  /**
   * @param type covariance structure
   * @param dimension D, at least 1
   * @param weights K mixing weights, non-negative, summing to 1 (within {@link
   *     #WEIGHT_SUM_TOLERANCE}; they are renormalised unless they sum to 1 up to rounding);
   *     copied
   * @param means {@code K x D} row-major; copied
   * @param covariances in the compact form of {@code type} (see the class comment); copied
   * @throws IllegalArgumentException naming the first invalid value
   * @throws NotPositiveDefiniteException when a covariance is not positive definite
   */
  public GaussianParameters(
      CovarianceType type, int dimension, double[] weights, double[] means, double[] covariances) {
    this.type = java.util.Objects.requireNonNull(type, "type");
    this.d = dimension;
    this.k = weights.length;
    if (d < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, got " + d);
    }
    if (k < 1) {
      throw new IllegalArgumentException("a mixture needs at least one component");
    }
    if (means.length != k * d) {
      throw new IllegalArgumentException(
          "found " + means.length + " mean values, expected " + k + " x " + d);
    }
    if (covariances.length != type.storedSize(k, d)) {
      throw new IllegalArgumentException(
          "found "
              + covariances.length
              + " covariance values, expected "
              + type.storedSize(k, d)
              + " for "
              + k
              + " "
              + type.label()
              + " components in dimension "
              + d);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      double w = weights[c];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "weight of component " + (c + 1) + " must be a finite number >= 0, got " + w);
      }
      sum += w;
    }
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      throw new IllegalArgumentException("the weights sum to " + sum + ", not 1");
    }
    // Weights that already sum to 1 up to the rounding of the sum are kept as they are, so that
    // building parameters from another's weights (a model file read back) changes no bit:
    // dividing by such a sum again would move about one weight vector in eight by an ulp.
    double scale = Math.abs(sum - 1) <= k * Math.ulp(1.0) ? 1 : sum;
    this.weights = new double[k];
    this.logWeights = new double[k];
    for (int c = 0; c < k; c++) {
      this.weights[c] = weights[c] / scale;
      this.logWeights[c] = Math.log(this.weights[c]);
    }
    for (int i = 0; i < means.length; i++) {
      if (!Double.isFinite(means[i])) {
        throw new IllegalArgumentException(
            "mean " + (i % d + 1) + " of component " + (i / d + 1) + " is " + means[i]);
      }
    }
    this.means = means.clone();
    this.covariances = covariances.clone();
    for (int i = 0; i < covariances.length; i++) {
      if (!Double.isFinite(covariances[i])) {
        throw new IllegalArgumentException("a covariance value is " + covariances[i]);
      }
    }
    int blocks = type == CovarianceType.TIED ? 1 : k;
    this.logNorm = new double[blocks];
    switch (type) {
      case FULL, TIED -> {
        factor = new double[blocks * d * d];
        inverseFactor = new double[blocks * d * d];
        for (int b = 0; b < blocks; b++) {
          checkSymmetric(covariances, b * d * d, b);
          if (!Cholesky.factor(covariances, b * d * d, d, factor, b * d * d)) {
            throw new NotPositiveDefiniteException(b);
          }
          Cholesky.invertLower(factor, b * d * d, d, inverseFactor, b * d * d);
          logNorm[b] = -0.5 * d * LOG_2PI - Cholesky.logDiagonalSum(factor, b * d * d, d);
        }
      }
      case DIAG, SPHERICAL -> {
        factor = new double[covariances.length];
        inverseFactor = new double[covariances.length];
        int per = type == CovarianceType.DIAG ? d : 1;
        for (int b = 0; b < blocks; b++) {
          double logDet = 0;
          for (int j = 0; j < per; j++) {
            double v = covariances[b * per + j];
            if (!(v > 0)) {
              throw new NotPositiveDefiniteException(b);
            }
            factor[b * per + j] = Math.sqrt(v);
            inverseFactor[b * per + j] = 1 / factor[b * per + j];
            logDet += Math.log(v);
          }
          if (per == 1) {
            logDet *= d;
          }
          logNorm[b] = -0.5 * d * LOG_2PI - 0.5 * logDet;
        }
      }
      default -> throw new AssertionError(type);
    }
  }

  /**
   * Parameters from full matrices, whatever the type (as in the model file): the covariances
   * must have the type's structure (diagonal for {@code DIAG}, a multiple of the identity for
   * {@code SPHERICAL}, all equal for {@code TIED}).
   *
   * @param means {@code K} rows of {@code D}
   * @param covariances {@code K} matrices {@code D x D}
   */
  public static GaussianParameters fromFull(
      CovarianceType type, double[] weights, double[][] means, double[][][] covariances) {
    int k = weights.length;
    if (means.length != k || covariances.length != k) {
      throw new IllegalArgumentException(
          "found "
              + k
              + " weights, "
              + means.length
              + " means and "
              + covariances.length
              + " covariances");
    }
    int d = means[0].length;
    double[] m = new double[k * d];
    for (int c = 0; c < k; c++) {
      if (means[c].length != d) {
        throw new IllegalArgumentException(
            "mean of component " + (c + 1) + " has " + means[c].length + " values, expected " + d);
      }
      System.arraycopy(means[c], 0, m, c * d, d);
      if (covariances[c].length != d) {
        throw new IllegalArgumentException(
            "covariance of component " + (c + 1) + " has " + covariances[c].length + " rows, expected " + d);
      }
      for (int i = 0; i < d; i++) {
        if (covariances[c][i].length != d) {
          throw new IllegalArgumentException(
              "covariance of component " + (c + 1) + ", row " + (i + 1) + " has "
                  + covariances[c][i].length + " values, expected " + d);
        }
      }
    }
    double[] cov = new double[type.storedSize(k, d)];
    for (int c = 0; c < k; c++) {
      double[][] s = covariances[c];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          double v = s[i][j];
          switch (type) {
            case FULL -> cov[c * d * d + i * d + j] = v;
            case TIED -> {
              if (c == 0) {
                cov[i * d + j] = v;
              } else if (v != covariances[0][i][j]) {
                throw new IllegalArgumentException(
                    "a tied model needs equal covariances, but component " + (c + 1)
                        + " differs from component 1 at (" + (i + 1) + ", " + (j + 1) + ")");
              }
            }
            case DIAG -> {
              if (i == j) {
                cov[c * d + i] = v;
              } else if (v != 0) {
                throw new IllegalArgumentException(
                    "a diag model needs diagonal covariances, but component " + (c + 1)
                        + " has " + v + " at (" + (i + 1) + ", " + (j + 1) + ")");
              }
            }
            case SPHERICAL -> {
              if (i == j && v != s[0][0] || i != j && v != 0) {
                throw new IllegalArgumentException(
                    "a spherical model needs covariances that are a multiple of the identity,"
                        + " but component " + (c + 1) + " has " + v + " at (" + (i + 1) + ", "
                        + (j + 1) + ")");
              }
              cov[c] = s[0][0];
            }
            default -> throw new AssertionError(type);
          }
        }
      }
    }
    return new GaussianParameters(type, d, weights, m, cov);
  }

  private void checkSymmetric(double[] a, int off, int block) {
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        double x = a[off + i * d + j];
        double y = a[off + j * d + i];
        if (Math.abs(x - y) > 1e-9 * Math.max(1e-300, Math.max(Math.abs(x), Math.abs(y)))) {
          throw new IllegalArgumentException(
              "covariance of component "
                  + (block + 1)
                  + " is not symmetric: "
                  + x
                  + " at ("
                  + (i + 1)
                  + ", "
                  + (j + 1)
                  + ") but "
                  + y
                  + " at ("
                  + (j + 1)
                  + ", "
                  + (i + 1)
                  + ")");
        }
      }
    }
  }

  /** The covariance structure. */
  public CovarianceType covarianceType() {
    return type;
  }

  @Override
  public int components() {
    return k;
  }

  @Override
  public int dimension() {
    return d;
  }

  @Override
  public double weight(int c) {
    return weights[c];
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** Mean of component {@code c} (a copy). */
  public double[] mean(int c) {
    return Arrays.copyOfRange(means, c * d, (c + 1) * d);
  }

  /** All means, {@code K x D} row-major (a copy). */
  public double[] means() {
    return means.clone();
  }

  /** The covariances in the compact form of the type (a copy). */
  public double[] compactCovariances() {
    return covariances.clone();
  }

  /** The full {@code D x D} covariance matrix of component {@code c}, row-major (a copy). */
  public double[] covariance(int c) {
    double[] out = new double[d * d];
    switch (type) {
      case FULL -> System.arraycopy(covariances, c * d * d, out, 0, d * d);
      case TIED -> System.arraycopy(covariances, 0, out, 0, d * d);
      case DIAG -> {
        for (int j = 0; j < d; j++) {
          out[j * d + j] = covariances[c * d + j];
        }
      }
      case SPHERICAL -> {
        for (int j = 0; j < d; j++) {
          out[j * d + j] = covariances[c];
        }
      }
      default -> throw new AssertionError(type);
    }
    return out;
  }

  /** Factors per missingness pattern, made on first use: see {@link MissingPatterns}. */
  private transient volatile MissingPatterns.Cache missingCache;

  /**
   * The factorisations of these parameters per missingness pattern, shared by every thread that
   * runs an E-step under them (a racy first use may make two caches; both give the same values).
   */
  MissingPatterns.Cache missingCache() {
    MissingPatterns.Cache c = missingCache;
    if (c == null) {
      c = new MissingPatterns.Cache(this);
      missingCache = c;
    }
    return c;
  }

  /** Read-only access for the family: the backing means array. */
  double[] meansArray() {
    return means;
  }

  /** Read-only access for the family: the backing compact covariances. */
  double[] covariancesArray() {
    return covariances;
  }

  /** Index of component {@code c}'s covariance block (0 for every component when tied). */
  int block(int c) {
    return type == CovarianceType.TIED ? 0 : c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GaussianParameters g
        && g.type == type
        && g.d == d
        && Arrays.equals(g.weights, weights)
        && Arrays.equals(g.means, means)
        && Arrays.equals(g.covariances, covariances);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(means) * 31 + Arrays.hashCode(covariances);
  }

  @Override
  public String toString() {
    return "GaussianParameters[" + type.label() + ", K=" + k + ", D=" + d + ", weights="
        + Arrays.toString(weights) + ", means=" + Arrays.toString(means) + "]";
  }

  /** A covariance that is not (numerically) positive definite. */
  public static final class NotPositiveDefiniteException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int component;

    NotPositiveDefiniteException(int component) {
      super("covariance of component " + (component + 1) + " is not positive definite");
      this.component = component;
    }

    /** The 0-based component (block for tied models). */
    public int component() {
      return component;
    }
  }
}
