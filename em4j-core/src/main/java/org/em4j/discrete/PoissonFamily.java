package org.em4j.discrete;

import java.util.List;
import java.util.random.RandomGenerator;
import org.em4j.data.BinomialInput;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;

/**
 * Mixtures of independent Poisson distributions: each row is D counts, independent Poisson within
 * a component, so component c has a rate {@code lambda_cj} per column. The M-step is {@code
 * lambda_cj = sum_i r_ic x_ij / sum_i r_ic [x_ij observed]}. Reference: Hasselblad, "Estimation of
 * finite mixtures of distributions from the exponential family", JASA 64 (1969); McLachlan and
 * Peel, "Finite Mixture Models" (2000), section 1.2.
 *
 * <p>Parameter groups: {@code weights} and {@code rate}. A missing cell ({@code NaN}) is skipped in
 * its row's likelihood and in its column's sums. The log-likelihood includes {@code -log x!}, so
 * it is the true log probability of the counts.
 */
public final class PoissonFamily extends DiscreteFamily<PoissonParameters> {
  private static final long serialVersionUID = 1L;

  /** Rates above this are drawn as sums of Poisson draws of at most this rate. */
  private static final double SAMPLE_STEP = 30;

  /** A Poisson family (it has no settings). */
  public PoissonFamily() {}

  @Override
  public String name() {
    return "poisson";
  }

  @Override
  public String componentGroup() {
    return "rate";
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
        if (!Double.isNaN(v) && !BinomialInput.isCount(v)) {
          throw new InputException(
              data.describeCell(i, j)
                  + ": "
                  + v
                  + " is not a count (a poisson column holds whole numbers >= 0, or an empty /"
                  + " NA cell for a missing value)");
        }
      }
    }
  }

  @Override
  double rowConstant(double[] x, int off, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      double v = x[off + j];
      if (v > 1) {
        s -= LogFactorial.of(v);
      }
    }
    return s;
  }

  @Override
  void componentLogDensities(PoissonParameters p, double[] x, int off, int d, double[] out) {
    int k = p.components();
    double[] rate = p.valuesArray();
    for (int c = 0; c < k; c++) {
      double s = p.logWeights[c];
      int po = c * d;
      for (int j = 0; j < d; j++) {
        double v = x[off + j];
        if (!Double.isNaN(v)) {
          s += times(v, p.logRate[po + j]) - rate[po + j];
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
  double[] componentValues(DiscreteStatistics st, PoissonParameters previous) {
    return ratios(st, previous, st.d, Double.MAX_VALUE);
  }

  @Override
  PoissonParameters create(double[] weights, double[] values, int d) {
    return new PoissonParameters(weights, d, values);
  }

  @Override
  int freeComponentValues(PoissonParameters p) {
    return p.components() * p.dimension();
  }

  @Override
  List<String> valueNames(PoissonParameters p) {
    return gridNames("rate", p.components(), p.dimension());
  }

  @Override
  int unconstrainedValues(PoissonParameters p) {
    return p.valuesArray().length;
  }

  @Override
  void valuesToUnconstrained(PoissonParameters p, double[] theta, int off) {
    double[] v = p.valuesArray();
    for (int i = 0; i < v.length; i++) {
      theta[off + i] = floorLog(v[i]);
    }
  }

  @Override
  double[] valuesFromUnconstrained(double[] theta, int off, PoissonParameters template) {
    double[] v = new double[template.valuesArray().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.exp(Math.min(theta[off + i], -LOG_FLOOR));
    }
    return v;
  }

  @Override
  Dataset embedding(Dataset data) {
    double[] v = data.values().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.log1p(v[i]);
    }
    return sameRows(data, meanFilled(data, v, data.columns()), data.columns());
  }

  @Override
  public void sampleComponent(PoissonParameters p, int c, RandomGenerator random, double[] out) {
    for (int j = 0; j < p.dimension(); j++) {
      out[j] = draw(p.rate(c, j), random);
    }
  }

  /**
   * A Poisson draw: Knuth's product of uniforms for rates up to {@value #SAMPLE_STEP}, and
   * Hörmann's transformed rejection with squeeze (PTRS: W. Hörmann, "The transformed rejection
   * method for generating Poisson random variables", Insurance: Mathematics and Economics 12,
   * 1993) above it, which is exact and takes a bounded expected number of uniforms whatever the
   * rate (a sum of small draws took time proportional to the rate: a model file with a rate of
   * 1e308, found by fuzzing the model loader, made {@code sample} run for ever).
   */
  static double draw(double rate, RandomGenerator random) {
    if (rate <= SAMPLE_STEP) {
      long total = 0;
      double limit = Math.exp(-rate);
      double prod = random.nextDouble();
      while (prod > limit) {
        total++;
        prod *= random.nextDouble();
      }
      return total;
    }
    double slam = Math.sqrt(rate);
    double loglam = Math.log(rate);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = random.nextDouble() - 0.5;
      double v = random.nextDouble();
      double us = 0.5 - Math.abs(u);
      double k = Math.floor((2 * a / us + b) * u + rate + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
          <= -rate + k * loglam - LogFactorial.of(k)) {
        return k;
      }
    }
  }
}
