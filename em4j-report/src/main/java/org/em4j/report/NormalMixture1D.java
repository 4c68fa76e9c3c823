package org.em4j.report;

import org.em4j.gaussian.GaussianParameters;

/**
 * A univariate normal mixture given by plain arrays: what the density chart draws for a fitted
 * model and for a known true distribution (as in a simulation). Densities are computed in log
 * space and exponentiated only at the end.
 *
 * @param weights mixing weights, non-negative, summing to 1
 * @param means component means
 * @param sds component standard deviations, positive
 */
public record NormalMixture1D(double[] weights, double[] means, double[] sds) {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  /** Checks the shapes and values; copies the arrays. */
  public NormalMixture1D {
    if (weights.length == 0 || means.length != weights.length || sds.length != weights.length) {
      throw new IllegalArgumentException(
          "found " + weights.length + " weights, " + means.length + " means and " + sds.length
              + " standard deviations");
    }
    double sum = 0;
    for (int k = 0; k < weights.length; k++) {
      if (!(weights[k] >= 0) || !(sds[k] > 0) || !Double.isFinite(means[k])
          || !Double.isFinite(sds[k])) {
        throw new IllegalArgumentException(
            "component " + (k + 1) + " needs a weight >= 0, a finite mean and a positive sd, got "
                + weights[k] + ", " + means[k] + ", " + sds[k]);
      }
      sum += weights[k];
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new IllegalArgumentException("the weights sum to " + sum + ", not 1");
    }
    weights = weights.clone();
    means = means.clone();
    sds = sds.clone();
  }

  /** The mixture of a univariate Gaussian model (dimension 1). */
  public static NormalMixture1D of(GaussianParameters p) {
    return of(p, 0);
  }

  /** The marginal mixture of column {@code j} of a Gaussian model. */
  public static NormalMixture1D of(GaussianParameters p, int j) {
    int k = p.components();
    int d = p.dimension();
    double[] m = new double[k];
    double[] s = new double[k];
    for (int c = 0; c < k; c++) {
      m[c] = p.mean(c)[j];
      s[c] = Math.sqrt(p.covariance(c)[j * d + j]);
    }
    return new NormalMixture1D(p.weights(), m, s);
  }

  /** Number of components. */
  public int components() {
    return weights.length;
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public double[] means() {
    return means.clone();
  }

  @Override
  public double[] sds() {
    return sds.clone();
  }

  /** {@code log(w_k) + log N(x; mu_k, sd_k)}. */
  public double logWeightedComponentDensity(int k, double x) {
    double z = (x - means[k]) / sds[k];
    return Math.log(weights[k]) - LOG_SQRT_2PI - Math.log(sds[k]) - 0.5 * z * z;
  }

  /** The weighted density of component {@code k} at {@code x}: {@code w_k N(x; mu_k, sd_k)}. */
  public double weightedComponentDensity(int k, double x) {
    return Math.exp(logWeightedComponentDensity(k, x));
  }

  /** The mixture density at {@code x}. */
  public double density(double x) {
    double max = Double.NEGATIVE_INFINITY;
    double[] l = new double[weights.length];
    for (int k = 0; k < l.length; k++) {
      l[k] = logWeightedComponentDensity(k, x);
      max = Math.max(max, l[k]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double s = 0;
    for (double v : l) {
      s += Math.exp(v - max);
    }
    return Math.exp(max + Math.log(s));
  }
}
