package org.em4j.gaussian;

import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.kernel.LogSumExp;

/**
 * Fills the missing values of data under a Gaussian mixture: with their conditional expectation
 * given the row's observed values, or with draws from their conditional distribution (multiple
 * imputation, Rubin, "Multiple Imputation for Nonresponse in Surveys", 1987). Under a mixture the
 * conditional distribution of the missing coordinates {@code m} given the observed ones {@code o}
 * is itself a mixture: component {@code c} has the posterior probability {@code r_c} computed
 * from the marginal density of {@code x_o} alone, and within it the missing coordinates are
 * normal with mean {@code mu_m + S_mo S_oo^-1 (x_o - mu_o)} and covariance {@code S_mm - S_mo
 * S_oo^-1 S_om} (see {@link MissingPatterns}).
 *
 * <p>Observed values are copied unchanged. A row with every value missing gets the mixture mean
 * (or a draw from the mixture).
 */
public final class GaussianImputer {
  private GaussianImputer() {}

  /**
   * The data with each missing value replaced by its conditional expectation {@code sum_c r_c
   * E[x_m | x_o, c]}.
   *
   * @return a new row-major array shaped like {@code data.values()}
   * @throws InputException when the data does not fit the model (dimension, infinite values)
   */
  public static double[] conditionalMeans(GaussianParameters p, Dataset data) {
    return fill(p, data, null);
  }

  /**
   * The data with each missing value replaced by a draw from its conditional distribution: per
   * row, a component from the posterior {@code r}, then the missing coordinates from that
   * component's conditional normal.
   *
   * @param random consumed row by row in order; one {@code nextDouble} and then {@code m} {@code
   *     nextGaussian} per row with {@code m} missing values
   * @return a new row-major array shaped like {@code data.values()}
   * @throws InputException when the data does not fit the model (dimension, infinite values)
   */
  public static double[] draw(GaussianParameters p, Dataset data, RandomGenerator random) {
    java.util.Objects.requireNonNull(random, "random");
    return fill(p, data, random);
  }

  private static double[] fill(GaussianParameters p, Dataset data, RandomGenerator random) {
    int k = p.components();
    int d = p.dimension();
    if (data.columns() != d) {
      throw new InputException(
          data.source() + " has " + data.columns() + " columns but the model has dimension " + d);
    }
    double[] x = data.values();
    for (int i = 0; i < data.rows(); i++) {
      for (int j = 0; j < d; j++) {
        if (Double.isInfinite(x[i * d + j])) {
          throw new InputException(
              data.describeCell(i, j) + " holds an infinite value (" + x[i * d + j] + ")");
        }
      }
    }
    double[] out = x.clone();
    MissingPatterns.Lookup lookup = new MissingPatterns.Lookup(p);
    double[] mu = p.meansArray();
    double[] lj = new double[k];
    double[] z = new double[k * d];
    double[] offset = new double[d];
    double[] noise = new double[d];
    for (int i = 0; i < data.rows(); i++) {
      int xo = i * d;
      MissingPatterns.Factors f = lookup.of(x, xo);
      if (f == null) {
        continue;
      }
      int[] mis = f.mis;
      int m = mis.length;
      for (int c = 0; c < k; c++) {
        lj[c] = f.logJoint(p, c, x, xo, z, c * d);
      }
      double lse = LogSumExp.of(lj, 0, k);
      if (random == null) {
        for (int t = 0; t < m; t++) {
          out[xo + mis[t]] = 0;
        }
        for (int c = 0; c < k; c++) {
          double r = Math.exp(lj[c] - lse);
          if (!(r > 0)) {
            continue;
          }
          f.conditionalOffset(p, c, z, c * d, offset, 0);
          for (int t = 0; t < m; t++) {
            int j = mis[t];
            out[xo + j] += r * (mu[c * d + j] + offset[t]);
          }
        }
      } else {
        int c = drawComponent(lj, lse, random.nextDouble());
        f.conditionalOffset(p, c, z, c * d, offset, 0);
        for (int t = 0; t < m; t++) {
          noise[t] = random.nextGaussian();
        }
        double[] l = f.conditionalFactor();
        int lo = f.condOffset(p.block(c));
        boolean full = f.type == CovarianceType.FULL || f.type == CovarianceType.TIED;
        for (int t = 0; t < m; t++) {
          double v = mu[c * d + mis[t]] + offset[t];
          if (full) {
            for (int s = 0; s <= t; s++) {
              v += l[lo + t * m + s] * noise[s];
            }
          } else {
            v += l[lo + t] * noise[t];
          }
          out[xo + mis[t]] = v;
        }
      }
    }
    return out;
  }

  /** The component whose cumulative posterior first exceeds {@code u}. */
  private static int drawComponent(double[] lj, double lse, double u) {
    int k = lj.length;
    double acc = 0;
    int last = 0;
    for (int c = 0; c < k; c++) {
      double r = Math.exp(lj[c] - lse);
      if (r > 0) {
        last = c;
      }
      acc += r;
      if (u < acc) {
        return c;
      }
    }
    return last;
  }
}
