package org.em4j.discrete;

import java.util.List;
import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;

/**
 * Mixtures of multivariate Bernoulli distributions: each row is D binary values (0/1),
 * independent within a component, so component c has a probability {@code p_cj} per column
 * (latent class models for binary items; clustering of binary images or yes/no questionnaires).
 * The M-step is {@code p_cj = sum_i r_ic x_ij / sum_i r_ic [x_ij observed]}. Reference: Everitt
 * and Hand, "Finite Mixture Distributions" (1981), section 4.3; McLachlan and Peel, "Finite
 * Mixture Models" (2000), section 1.2.
 *
 * <p>Parameter groups: {@code weights} and {@code p}. A missing cell ({@code NaN}) is skipped in
 * its row's likelihood and in its column's sums (exact under within-component independence).
 */
public final class BernoulliFamily extends DiscreteFamily<BernoulliParameters> {
  private static final long serialVersionUID = 1L;

  /** A Bernoulli family (it has no settings). */
  public BernoulliFamily() {}

  @Override
  public String name() {
    return "bernoulli";
  }

  @Override
  public String componentGroup() {
    return "p";
  }

  @Override
  int sums(int d) {
    return 2 * d;
  }

  @Override
  public void checkValues(Dataset data) {
    int d = data.columns();
    double[] x = data.values();
    for (int i = 0; i < data.rows(); i++) {
      for (int j = 0; j < d; j++) {
        double v = x[i * d + j];
        if (v != 0 && v != 1 && !Double.isNaN(v)) {
          throw new InputException(
              data.describeCell(i, j)
                  + ": "
                  + v
                  + " is not binary (a bernoulli column holds 0 or 1, or an empty / NA cell for"
                  + " a missing value)");
        }
      }
    }
  }

  @Override
  void componentLogDensities(BernoulliParameters p, double[] x, int off, int d, double[] out) {
    int k = p.components();
    if (p.interior) {
      // log f_c(x) = sum_j log(1 - p_cj) + sum_j x_j logit(p_cj), less log(1 - p_cj) where x_j is
      // missing: one multiply-add per cell and a branch that is only taken for missing cells.
      for (int c = 0; c < k; c++) {
        double s = p.logWeights[c] + p.logAllZero[c];
        int po = c * d;
        for (int j = 0; j < d; j++) {
          double v = x[off + j];
          if (v == v) {
            s += v * p.logRatio[po + j];
          } else {
            s -= p.log1mP[po + j];
          }
        }
        out[c] = s;
      }
      return;
    }
    for (int c = 0; c < k; c++) {
      double s = p.logWeights[c];
      int po = c * d;
      for (int j = 0; j < d; j++) {
        double v = x[off + j];
        if (v == 1) {
          s += p.logP[po + j];
        } else if (v == 0) {
          s += p.log1mP[po + j];
        }
      }
      out[c] = s;
    }
  }

  @Override
  void addRow(double[] x, int off, int d, double r, double[] s, int so) {
    for (int j = 0; j < d; j++) {
      double v = x[off + j];
      if (!Double.isNaN(v)) {
        s[so + j] += r * v;
        s[so + d + j] += r;
      }
    }
  }

  @Override
  double[] componentValues(DiscreteStatistics st, BernoulliParameters previous) {
    return ratios(st, previous, st.d, 1);
  }

  @Override
  BernoulliParameters create(double[] weights, double[] values, int d) {
    return new BernoulliParameters(weights, d, values);
  }

  @Override
  int freeComponentValues(BernoulliParameters p) {
    return p.components() * p.dimension();
  }

  @Override
  List<String> valueNames(BernoulliParameters p) {
    return gridNames("p", p.components(), p.dimension());
  }

  @Override
  int unconstrainedValues(BernoulliParameters p) {
    return p.valuesArray().length;
  }

  @Override
  void valuesToUnconstrained(BernoulliParameters p, double[] theta, int off) {
    double[] v = p.valuesArray();
    for (int i = 0; i < v.length; i++) {
      theta[off + i] = logit(v[i]);
    }
  }

  @Override
  double[] valuesFromUnconstrained(double[] theta, int off, BernoulliParameters template) {
    double[] v = new double[template.valuesArray().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = logistic(theta[off + i]);
    }
    return v;
  }

  @Override
  Dataset embedding(Dataset data) {
    return sameRows(data, meanFilled(data, data.values().clone(), data.columns()), data.columns());
  }

  @Override
  public void sampleComponent(
      BernoulliParameters p, int c, RandomGenerator random, double[] out) {
    for (int j = 0; j < p.dimension(); j++) {
      out[j] = random.nextDouble() < p.p(c, j) ? 1 : 0;
    }
  }
}
