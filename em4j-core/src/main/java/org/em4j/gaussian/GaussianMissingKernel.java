package org.em4j.gaussian;

import org.em4j.data.Dataset;
import org.em4j.kernel.LogSumExp;

/**
 * The E-step of a Gaussian mixture over rows with missing values: exact observed-data EM
 * (Ghahramani and Jordan, "Supervised learning from incomplete data via an EM approach", NIPS 6,
 * 1994), not imputation followed by a fit.
 *
 * <p>For a row with observed coordinates {@code o} and missing {@code m}, component {@code c}'s
 * responsibility and the row's log-likelihood come from the marginal {@code N(x_o; mu_o, S_oo)}
 * only. The row then adds to the statistics of each component its expected complete row (the
 * observed values, and for the missing ones their conditional mean given the observed ones) and,
 * to the second moments, the conditional covariance of the missing coordinates: exactly the
 * expected complete-data sufficient statistics, so the ordinary M-step gives the observed-data
 * EM update. See {@link MissingPatterns} for the formulas and the per-pattern factors.
 *
 * <p>Maximal runs of complete rows inside a chunk go through the family's ordinary kernel, so
 * complete rows cost what they cost without missing data.
 */
final class GaussianMissingKernel {
  private GaussianMissingKernel() {}

  /**
   * The fused E-step over rows {@code [from, to)} of data that has missing values.
   *
   * @param stats modified: the rows' statistics are added to it
   * @return the weighted observed-data log-likelihood of these rows
   */
  static double accumulate(
      GaussianFamily family,
      GaussianParameters p,
      Dataset data,
      int from,
      int to,
      GaussianStatistics stats) {
    int k = p.components();
    int d = p.dimension();
    double[] x = data.values();
    MissingPatterns.Lookup lookup = new MissingPatterns.Lookup(p);
    double[] lj = new double[k];
    double[] z = new double[k * d];
    double[] centred = new double[d];
    double[] offset = new double[d];
    double[] shift = stats.shift;
    double[] mu = p.meansArray();
    double ll = 0;
    int run = from;
    for (int i = from; i < to; i++) {
      int xo = i * d;
      MissingPatterns.Factors f = lookup.of(x, xo);
      if (f == null) {
        continue;
      }
      if (run < i) {
        ll += family.accumulateComplete(p, data, run, i, stats);
      }
      run = i + 1;
      double w = data.weight(i);
      if (w == 0) {
        continue;
      }
      for (int c = 0; c < k; c++) {
        lj[c] = f.logJoint(p, c, x, xo, z, c * d);
      }
      double lse = LogSumExp.of(lj, 0, k);
      ll += w * lse;
      int[] obs = f.obs;
      int[] mis = f.mis;
      for (int c = 0; c < k; c++) {
        double r = w * Math.exp(lj[c] - lse);
        if (!(r > 0)) {
          continue;
        }
        int so = c * d;
        for (int j : obs) {
          centred[j] = x[xo + j] - shift[so + j];
        }
        f.conditionalOffset(p, c, z, c * d, offset, 0);
        for (int t = 0; t < mis.length; t++) {
          int j = mis[t];
          centred[j] = (mu[so + j] - shift[so + j]) + offset[t];
        }
        stats.add(c, r, centred, 0);
        stats.addConditional(c, r, mis, f.cond, f.condOffset(p.block(c)));
      }
    }
    if (run < to) {
      ll += family.accumulateComplete(p, data, run, to, stats);
    }
    return ll;
  }

  /**
   * Overwrites the log joint densities of the rows of {@code [from, to)} that have missing values
   * with those of their observed coordinates; other rows are left as they are.
   *
   * @param out as in {@link GaussianFamily#logJoint}; the entries of rows with missing values are
   *     overwritten
   */
  static void logJointMissingRows(
      GaussianParameters p, Dataset data, int from, int to, double[] out) {
    int k = p.components();
    int d = p.dimension();
    double[] x = data.values();
    double[] z = new double[d];
    MissingPatterns.Lookup lookup = new MissingPatterns.Lookup(p);
    for (int i = from; i < to; i++) {
      int xo = i * d;
      MissingPatterns.Factors f = lookup.of(x, xo);
      if (f == null) {
        continue;
      }
      for (int c = 0; c < k; c++) {
        out[(i - from) * k + c] = f.logJoint(p, c, x, xo, z, 0);
      }
    }
  }
}
