package org.em4j.gaussian;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;
import org.em4j.engine.Degeneracy;
import org.em4j.engine.DegenerateFitException;

/**
 * The Gaussian family's degeneracy hooks: a covariance that collapsed (its smallest conditional
 * variance, the square of a Cholesky diagonal entry, is no more than the regularisation: the
 * component sits on a point or a lower-dimensional set of points, the classic unbounded
 * likelihood of Gaussian mixtures, see McLachlan and Peel, "Finite Mixture Models", 2000,
 * section 3.10), dropping a component, and drawing one again.
 *
 * @implNote A direction in which every component is at the regularisation is the data's own (a
 *     constant column, warned about when the data is read), not a collapse, and is not reported.
 */
final class GaussianDegeneracy {
  /** Relative slack above the regularisation within which a variance counts as collapsed. */
  static final double SLACK = 1e-3;

  private GaussianDegeneracy() {}

  static List<Degeneracy> collapsed(GaussianParameters p, double reg) {
    int k = p.components();
    int d = p.dimension();
    if (p.covarianceType() == CovarianceType.TIED) {
      return List.of(); // one shared covariance: a collapse is the data's, not a component's
    }
    double[] minCond = new double[k];
    double[] maxVar = new double[k];
    for (int c = 0; c < k; c++) {
      double[] cov = p.covariance(c);
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      switch (p.covarianceType()) {
        case FULL -> {
          for (int j = 0; j < d; j++) {
            double l = p.factor[c * d * d + j * d + j];
            min = Math.min(min, l * l);
          }
        }
        default -> {
          for (int j = 0; j < d; j++) {
            min = Math.min(min, cov[j * d + j]);
          }
        }
      }
      for (int j = 0; j < d; j++) {
        max = Math.max(max, cov[j * d + j]);
      }
      minCond[c] = min;
      maxVar[c] = max;
    }
    List<Degeneracy> out = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (minCond[c] <= reg * (1 + SLACK) + 1e-12 * maxVar[c]) {
        out.add(new Degeneracy(c, String.format(Locale.ROOT,
            "collapsed: its covariance is singular but for the regularisation (smallest"
                + " conditional variance %.3g, regularisation %.3g)", minCond[c], reg)));
      }
    }
    return out.size() == k && k > 1 ? List.of() : out;
  }

  static GaussianParameters drop(GaussianParameters p, int c) {
    int k = p.components();
    int d = p.dimension();
    if (k == 1) {
      throw new DegenerateFitException("the only component degenerated; nothing is left to drop");
    }
    double[] w = new double[k - 1];
    double[] m = new double[(k - 1) * d];
    CovarianceType t = p.covarianceType();
    double[] cov = p.compactCovariances();
    int per = switch (t) {
      case FULL -> d * d;
      case DIAG -> d;
      case SPHERICAL -> 1;
      case TIED -> 0;
    };
    double[] nc = t == CovarianceType.TIED ? cov : new double[(k - 1) * per];
    double sum = 0;
    for (int a = 0, b = 0; a < k; a++) {
      if (a == c) {
        continue;
      }
      w[b] = p.weight(a);
      sum += w[b];
      System.arraycopy(p.mean(a), 0, m, b * d, d);
      if (per > 0) {
        System.arraycopy(cov, a * per, nc, b * per, per);
      }
      b++;
    }
    for (int b = 0; b < k - 1; b++) {
      w[b] /= sum;
    }
    return new GaussianParameters(t, d, w, m, nc);
  }

  static GaussianParameters reinitialize(
      GaussianParameters p, int c, Dataset data, RandomGenerator random, double reg) {
    int k = p.components();
    int d = p.dimension();
    // the mean: a random row with every value observed
    double[] row = null;
    for (int attempt = 0; attempt < 100 && row == null; attempt++) {
      int i = random.nextInt(data.rows());
      double[] r = data.row(i);
      boolean complete = data.weight(i) > 0;
      for (double v : r) {
        complete &= !Double.isNaN(v);
      }
      if (complete) {
        row = r;
      }
    }
    if (row == null) {
      row = p.mean(c);
    }
    // the spread: the data's variance of every column (observed values), plus the regularisation
    double[] var = new double[d];
    for (int j = 0; j < d; j++) {
      double s = 0;
      double s2 = 0;
      int n = 0;
      for (int i = 0; i < data.rows(); i++) {
        double v = data.get(i, j);
        if (!Double.isNaN(v)) {
          s += v;
          s2 += v * v;
          n++;
        }
      }
      double mean = n == 0 ? 0 : s / n;
      var[j] = Math.max(0, n == 0 ? 0 : s2 / n - mean * mean) + Math.max(reg, 1e-12);
    }
    double[] w = p.weights();
    double[] m = p.means();
    double[] cov = p.compactCovariances();
    double rest = 0;
    for (int a = 0; a < k; a++) {
      if (a != c) {
        rest += w[a];
      }
    }
    for (int a = 0; a < k; a++) {
      w[a] = a == c ? 1.0 / k : (rest > 0 ? w[a] / rest * (1 - 1.0 / k) : 1.0 / k);
    }
    System.arraycopy(row, 0, m, c * d, d);
    switch (p.covarianceType()) {
      case FULL -> {
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            cov[c * d * d + i * d + j] = i == j ? var[i] : 0;
          }
        }
      }
      case DIAG -> System.arraycopy(var, 0, cov, c * d, d);
      case SPHERICAL -> {
        double s = 0;
        for (double v : var) {
          s += v;
        }
        cov[c] = s / d;
      }
      case TIED -> { } // the shared covariance stays
    }
    return new GaussianParameters(p.covarianceType(), d, w, m, cov);
  }
}
