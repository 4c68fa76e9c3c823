package org.em4j.discrete;

import java.util.List;
import java.util.random.RandomGenerator;
import org.em4j.data.BinomialInput;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;

/**
 * Mixtures of binomial distributions: each row is one experiment, {@code x} successes out of
 * {@code n} trials ({@code n} may differ from row to row), and the hidden component c says which
 * success probability {@code p_c} produced it. The M-step is {@code p_c = sum_i r_ic x_i / sum_i
 * r_ic n_i}.
 *
 * <p>This is the classic coin problem of Do and Batzoglou, "What is the expectation maximization
 * algorithm?", Nature Biotechnology 26 (2008): sets of flips, each made with one of several coins
 * that is not recorded. With one trial per row it is the "three-coin model" (coin A chooses coin
 * B or C; only their flip is seen), which is not identifiable from the flips alone.
 *
 * <p>Parameter groups: {@code weights} and {@code p}. The data has two columns, successes then
 * trials ({@link BinomialInput} turns flip strings and 0/1 columns into them). The log-likelihood
 * includes the binomial coefficient, so it is the true log probability of the counts. Fitting
 * rejects a row with a missing count (the command line removes such rows with a report); when
 * scoring, such a row has log density 0 and its posterior is the mixing weights.
 */
public final class BinomialFamily extends DiscreteFamily<BinomialParameters> {
  private static final long serialVersionUID = 1L;

  private final int sampleTrials;

  /** A family whose samples are single trials. */
  public BinomialFamily() {
    this(1);
  }

  /**
   * @param sampleTrials the number of trials of each row drawn by {@code sample} (the data's
   *     usual number of trials per row); at least 1
   */
  public BinomialFamily(int sampleTrials) {
    if (sampleTrials < 1) {
      throw new IllegalArgumentException(
          "trials per sampled row must be at least 1, got " + sampleTrials);
    }
    this.sampleTrials = sampleTrials;
  }

  /** The number of trials of each sampled row. */
  public int sampleTrials() {
    return sampleTrials;
  }

  @Override
  public String name() {
    return "binomial";
  }

  @Override
  public String componentGroup() {
    return "p";
  }

  @Override
  int sums(int d) {
    return 2;
  }

  @Override
  public void checkValues(Dataset data) {
    BinomialInput.checkCounts(data);
  }

  @Override
  boolean usable(double[] x, int off, int d) {
    return !Double.isNaN(x[off]) && !Double.isNaN(x[off + 1]);
  }

  @Override
  String unusableRow(Dataset data, int i) {
    return data.describeRow(i)
        + " has a missing count; remove the row (the command line skips such rows and reports"
        + " them)";
  }

  @Override
  double rowConstant(double[] x, int off, int d) {
    double s = x[off];
    double n = x[off + 1];
    if (!(n > 1) || s == 0 || s == n || Double.isNaN(s)) {
      return 0;
    }
    return LogFactorial.of(n) - LogFactorial.of(s) - LogFactorial.of(n - s);
  }

  @Override
  void componentLogDensities(BinomialParameters p, double[] x, int off, int d, double[] out) {
    int k = p.components();
    double s = x[off];
    double f = x[off + 1] - s;
    boolean missing = Double.isNaN(s) || Double.isNaN(f);
    for (int c = 0; c < k; c++) {
      out[c] =
          missing
              ? p.logWeights[c]
              : p.logWeights[c] + times(s, p.logP[c]) + times(f, p.log1mP[c]);
    }
  }

  @Override
  void addRow(double[] x, int off, int d, double r, double[] s, int so) {
    s[so] += r * x[off];
    s[so + 1] += r * x[off + 1];
  }

  @Override
  double[] componentValues(DiscreteStatistics st, BinomialParameters previous) {
    return ratios(st, previous, 1, 1);
  }

  @Override
  BinomialParameters create(double[] weights, double[] values, int d) {
    return new BinomialParameters(weights, values);
  }

  @Override
  int freeComponentValues(BinomialParameters p) {
    return p.components();
  }

  @Override
  List<String> valueNames(BinomialParameters p) {
    List<String> names = new java.util.ArrayList<>();
    for (int c = 1; c <= p.components(); c++) {
      names.add("p[" + c + "]");
    }
    return names;
  }

  @Override
  int unconstrainedValues(BinomialParameters p) {
    return p.components();
  }

  @Override
  void valuesToUnconstrained(BinomialParameters p, double[] theta, int off) {
    for (int c = 0; c < p.components(); c++) {
      theta[off + c] = logit(p.p(c));
    }
  }

  @Override
  double[] valuesFromUnconstrained(double[] theta, int off, BinomialParameters template) {
    double[] v = new double[template.components()];
    for (int c = 0; c < v.length; c++) {
      v[c] = logistic(theta[off + c]);
    }
    return v;
  }

  @Override
  Dataset embedding(Dataset data) {
    int n = data.rows();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double trials = data.get(i, 1);
      v[i] = trials > 0 ? data.get(i, 0) / trials : Double.NaN;
    }
    return sameRows(data, meanFilled(data, v, 1), 1);
  }

  @Override
  public void sampleComponent(
      BinomialParameters p, int c, RandomGenerator random, double[] out) {
    double pc = p.p(c);
    int s = 0;
    for (int t = 0; t < sampleTrials; t++) {
      if (random.nextDouble() < pc) {
        s++;
      }
    }
    out[0] = s;
    out[1] = sampleTrials;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinomialFamily b && b.sampleTrials == sampleTrials;
  }

  @Override
  public int hashCode() {
    return sampleTrials;
  }
}
