package org.em4j.discrete;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.DegenerateFitException;
import org.em4j.engine.InitMethod;
import org.em4j.kernel.LogSumExp;
import org.em4j.mixture.KMeans;
import org.em4j.mixture.MixtureFamily;

/**
 * What every discrete mixture family shares: the fused E-step loop (each component's log density
 * of a row, responsibilities by log-sum-exp, the row's weighted contribution to the sums), the
 * mixing-weight half of the M-step, fixed groups, starts, the trace and the unconstrained view.
 * A subclass gives the component densities, the sums they need and the M-step of its component
 * values (Dempster, Laird and Rubin 1977; for mixtures of independent discrete variables, Everitt
 * and Hand, "Finite Mixture Distributions", 1981, ch. 4, and McLachlan and Peel, "Finite Mixture
 * Models", 2000, ch. 1-2).
 *
 * <p>Missing values: in the families whose columns are independent within a component
 * (bernoulli, categorical, poisson), a {@code NaN} cell is left out of its row's likelihood and of
 * the sums of its column, which is exact under that independence. A row with nothing observed
 * tells nothing; fitting rejects it (the command line removes it with a report), scoring gives it
 * log density 0 and its posterior is the mixing weights.
 *
 * <p>Starts: {@code random} draws every row's responsibilities uniformly and normalises them;
 * {@code kmeans++} runs k-means++ and Lloyd's iterations on an embedding of the rows (proportions
 * for binomial rows, the 0/1 values, {@code log(1 + x)} of counts, one-hot levels; a missing cell
 * takes its column's mean) and softens the labels (see {@link #KMEANS_SOFTENING}); both are
 * followed by one M-step. {@code random-points} is rejected: the components are not points.
 *
 * @implNote The E-step multiplies counts by log probabilities only when the count is non-zero, so a
 *     probability or rate of exactly 0 gives {@code 0 * log 0 = 0} rather than {@code NaN}. In the
 *     unconstrained view, logarithms are floored at {@value #LOG_FLOOR} so the vector stays finite.
 * @param <P> the family's parameters
 */
public abstract class DiscreteFamily<P extends DiscreteParameters>
    implements MixtureFamily<P, DiscreteStatistics> {
  private static final long serialVersionUID = 1L;

  /**
   * The share of each row's responsibility that a k-means++ start spreads over the other
   * components: hard labels would give probabilities of exactly 0 or 1, which EM can never leave.
   */
  public static final double KMEANS_SOFTENING = 0.1;

  /** The floor of logarithms in the unconstrained view (a zero maps here, not to minus infinity). */
  public static final double LOG_FLOOR = -700;

  DiscreteFamily() {}

  /** The name of the group of component values, e.g. {@code p}; with {@code weights}, the groups. */
  public abstract String componentGroup();

  /** Number of statistics sums per component for data of {@code d} columns. */
  abstract int sums(int d);

  /**
   * Checks the domain of every value of the data (and its number of columns); {@code NaN} passes.
   *
   * @throws InputException naming the row and column of the first bad value
   */
  public abstract void checkValues(Dataset data);

  /** Whether a row has enough observed values to be fitted (default: at least one). */
  boolean usable(double[] x, int off, int d) {
    for (int j = 0; j < d; j++) {
      if (!Double.isNaN(x[off + j])) {
        return true;
      }
    }
    return false;
  }

  /** The message for a row that {@link #usable} rejects. */
  String unusableRow(Dataset data, int i) {
    return data.describeRow(i)
        + " has every value missing, so it tells nothing about the components; remove it (the"
        + " command line skips such rows and reports them)";
  }

  /** The part of a row's log density that is the same in every component (0 when none). */
  double rowConstant(double[] x, int off, int d) {
    return 0;
  }

  /**
   * For every component c: {@code out[c] = log w_c + log f_c(x) - rowConstant(x)}.
   *
   * @param out at least K long; overwritten
   */
  abstract void componentLogDensities(P p, double[] x, int off, int d, double[] out);

  /** Adds {@code r} times the row's contribution to the sums of one component at {@code s[so..]}. */
  abstract void addRow(double[] x, int off, int d, double r, double[] s, int so);

  /**
   * The M-step of the component values from the statistics; a component (or column) without
   * responsibility keeps its previous values, or takes the values pooled over all components when
   * there are none.
   */
  abstract double[] componentValues(DiscreteStatistics st, P previous);

  /** Parameters from weights and {@code K x q} values, for data of {@code d} columns. */
  abstract P create(double[] weights, double[] values, int d);

  /** Checks that parameters suit this family's settings (e.g. the categorical levels). */
  void checkShape(P p) {}

  /** Number of free component values of one model (every component). */
  abstract int freeComponentValues(P p);

  /** Names of the component values in the order of {@link DiscreteParameters#componentValues}. */
  abstract List<String> valueNames(P p);

  /** Names {@code prefix[c][j]} of a K x D grid of per-column values, components first. */
  static List<String> gridNames(String prefix, int components, int columns) {
    List<String> names = new java.util.ArrayList<>();
    for (int c = 1; c <= components; c++) {
      for (int j = 1; j <= columns; j++) {
        names.add(prefix + "[" + c + "][" + j + "]");
      }
    }
    return names;
  }

  /** Size of the unconstrained view of the component values. */
  abstract int unconstrainedValues(P p);

  /** Writes the unconstrained view of the component values into {@code theta} from {@code off}. */
  abstract void valuesToUnconstrained(P p, double[] theta, int off);

  /** The component values at a point of the unconstrained view, read from {@code off}. */
  abstract double[] valuesFromUnconstrained(double[] theta, int off, P template);

  /** The data as points for k-means++ starts (no {@code NaN}; same rows and weights). */
  abstract Dataset embedding(Dataset data);

  /**
   * A data value as it is written out (e.g. by sampling): a whole number without a decimal point,
   * or for categorical columns the level's name.
   */
  public String formatValue(int column, double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  @Override
  public Set<String> parameterGroups() {
    return Set.of("weights", componentGroup());
  }

  @Override
  public void validate(Dataset data) {
    checkValues(data);
    int d = data.columns();
    double[] x = data.values();
    for (int i = 0; i < data.rows(); i++) {
      if (!usable(x, i * d, d)) {
        throw new InputException(unusableRow(data, i));
      }
    }
  }

  @Override
  public void validateFor(P params, Dataset data) {
    checkShape(params);
    if (data.columns() != params.dimension()) {
      throw new InputException(
          data.source()
              + " has "
              + data.columns()
              + " columns but the model has dimension "
              + params.dimension());
    }
    checkValues(data);
  }

  @Override
  public DiscreteStatistics newStatistics(P params) {
    checkShape(params);
    int d = params.dimension();
    return new DiscreteStatistics(params.components(), sums(d), d);
  }

  @Override
  public double accumulate(P p, Dataset data, int from, int to, DiscreteStatistics st) {
    int k = p.components();
    int d = data.columns();
    int m = st.m;
    double[] x = data.values();
    double[] lj = st.logJoint;
    double ll = 0;
    for (int i = from; i < to; i++) {
      double w = data.weight(i);
      if (w == 0) {
        continue;
      }
      int off = i * d;
      componentLogDensities(p, x, off, d, lj);
      double lse = LogSumExp.of(lj, 0, k);
      ll += w * (lse + rowConstant(x, off, d));
      for (int c = 0; c < k; c++) {
        double r = w * Math.exp(lj[c] - lse);
        if (r > 0) {
          st.n[c] += r;
          addRow(x, off, d, r, st.s, c * m);
        }
      }
    }
    return ll;
  }

  @Override
  public void logJoint(P p, Dataset data, int from, int to, double[] out) {
    int k = p.components();
    int d = data.columns();
    double[] x = data.values();
    double[] lj = new double[k];
    for (int i = from; i < to; i++) {
      int off = i * d;
      componentLogDensities(p, x, off, d, lj);
      double cst = rowConstant(x, off, d);
      for (int c = 0; c < k; c++) {
        out[(i - from) * k + c] = lj[c] + cst;
      }
    }
  }

  @Override
  public P maximize(DiscreteStatistics st, P previous, Set<String> fixed) {
    int k = st.k;
    double total = 0;
    for (int c = 0; c < k; c++) {
      total += st.n[c];
    }
    if (!(total > 0)) {
      throw new DegenerateFitException("no row has any weight left in any component");
    }
    double[] weights = new double[k];
    boolean fixWeights = fixed.contains("weights") && previous != null;
    for (int c = 0; c < k; c++) {
      weights[c] = fixWeights ? previous.weight(c) : st.n[c] / total;
    }
    double[] values =
        fixed.contains(componentGroup()) && previous != null
            ? previous.valuesArray().clone()
            : componentValues(st, previous);
    try {
      return create(weights, values, st.d);
    } catch (IllegalArgumentException e) {
      throw new DegenerateFitException("the M-step gave invalid parameters: " + e.getMessage());
    }
  }

  /**
   * Values {@code num / den} per component and position from statistics laid out as {@code [num_1
   * .. num_q, den_1 .. den_q]} per component; where {@code den} is 0, the previous value or the
   * pooled ratio over all components.
   *
   * @param max the largest valid value (1 for probabilities, infinity for rates)
   */
  static double[] ratios(DiscreteStatistics st, DiscreteParameters previous, int q, double max) {
    int k = st.k;
    int m = st.m;
    double[] values = new double[k * q];
    for (int j = 0; j < q; j++) {
      double num = 0;
      double den = 0;
      for (int c = 0; c < k; c++) {
        num += st.s[c * m + j];
        den += st.s[c * m + q + j];
      }
      double pooled = den > 0 ? Math.min(max, num / den) : (max == 1 ? 0.5 : 1);
      for (int c = 0; c < k; c++) {
        double dc = st.s[c * m + q + j];
        double v;
        if (dc > 0) {
          v = Math.min(max, st.s[c * m + j] / dc);
        } else {
          v = previous != null ? previous.valuesArray()[c * q + j] : pooled;
        }
        values[c * q + j] = v;
      }
    }
    return values;
  }

  @Override
  public P initialize(
      Dataset data, int components, InitMethod method, RandomGenerator random, ChunkExecutor exec) {
    validate(data);
    if (components > data.rows()) {
      throw new InputException(
          data.source()
              + " has "
              + data.rows()
              + " rows, fewer than the "
              + components
              + " components asked for");
    }
    int d = data.columns();
    int n = data.rows();
    double[] x = data.values();
    DiscreteStatistics st = new DiscreteStatistics(components, sums(d), d);
    switch (method) {
      case RANDOM -> {
        double[] r = new double[components];
        for (int i = 0; i < n; i++) {
          double sum = 0;
          for (int c = 0; c < components; c++) {
            r[c] = random.nextDouble();
            sum += r[c];
          }
          for (int c = 0; c < components; c++) {
            double rc = data.weight(i) * r[c] / sum;
            st.n[c] += rc;
            addRow(x, i * d, d, rc, st.s, c * st.m);
          }
        }
      }
      case KMEANS_PLUSPLUS -> {
        int[] labels = KMeans.labels(embedding(data), components, random, exec);
        double other = components == 1 ? 0 : KMEANS_SOFTENING / (components - 1);
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < components; c++) {
            double rc = data.weight(i) * (c == labels[i] ? 1 - (components == 1 ? 0 : KMEANS_SOFTENING) : other);
            st.n[c] += rc;
            addRow(x, i * d, d, rc, st.s, c * st.m);
          }
        }
      }
      case RANDOM_POINTS -> throw new IllegalArgumentException(
          "the "
              + name()
              + " family has no random-points start (its components are not points in space);"
              + " use random, kmeans++ or a model file");
      default -> throw new AssertionError(method);
    }
    return maximize(st, null, Set.of());
  }

  @Override
  public List<String> parameterNames(P p) {
    List<String> names = new ArrayList<>();
    for (int c = 1; c <= p.components(); c++) {
      names.add("weight[" + c + "]");
    }
    names.addAll(valueNames(p));
    return names;
  }

  @Override
  public double[] flatten(P p) {
    int k = p.components();
    double[] v = p.valuesArray();
    double[] out = new double[k + v.length];
    System.arraycopy(p.weights, 0, out, 0, k);
    System.arraycopy(v, 0, out, k, v.length);
    return out;
  }

  @Override
  public int freeParameters(P p, Set<String> fixed) {
    int count = 0;
    if (!fixed.contains("weights")) {
      count += p.components() - 1;
    }
    if (!fixed.contains(componentGroup())) {
      count += freeComponentValues(p);
    }
    return count;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Layout: {@code K - 1} log-ratio weights {@code log w_k - log w_K}, then the family's
   * component values: logits of probabilities (binomial, bernoulli), log-ratios of each column's
   * level probabilities to its last level (categorical), or log-rates (poisson).
   */
  @Override
  public double[] toUnconstrained(P p) {
    int k = p.components();
    double[] theta = new double[k - 1 + unconstrainedValues(p)];
    double last = floorLog(p.weight(k - 1));
    for (int c = 0; c < k - 1; c++) {
      theta[c] = floorLog(p.weight(c)) - last;
    }
    valuesToUnconstrained(p, theta, k - 1);
    return theta;
  }

  @Override
  public P withFixedGroups(P params, P source, Set<String> fixed) {
    if (fixed.isEmpty()) {
      return params;
    }
    double[] weights =
        fixed.contains("weights") ? source.weights() : params.weights();
    double[] values =
        fixed.contains(componentGroup())
            ? source.valuesArray().clone()
            : params.valuesArray().clone();
    return create(weights, values, params.dimension());
  }

  @Override
  public P fromUnconstrained(double[] theta, P template) {
    int k = template.components();
    int size = k - 1 + unconstrainedValues(template);
    if (theta.length != size) {
      throw new IllegalArgumentException("expected " + size + " values, got " + theta.length);
    }
    for (double t : theta) {
      if (Double.isNaN(t)) {
        throw new DegenerateFitException("the unconstrained parameters hold NaN");
      }
    }
    double[] logits = new double[k];
    System.arraycopy(theta, 0, logits, 0, k - 1);
    double lse = LogSumExp.of(logits, 0, k);
    double[] weights = new double[k];
    for (int c = 0; c < k; c++) {
      weights[c] = Math.exp(logits[c] - lse);
    }
    double[] values = valuesFromUnconstrained(theta, k - 1, template);
    try {
      return create(weights, values, template.dimension());
    } catch (IllegalArgumentException e) {
      throw new DegenerateFitException("no valid parameters at this point: " + e.getMessage());
    }
  }

  /** {@code max(log v, LOG_FLOOR)}. */
  static double floorLog(double v) {
    return Math.max(Math.log(v), LOG_FLOOR);
  }

  /** {@code logit p = log p - log(1 - p)}, floored at +-{@code -LOG_FLOOR}. */
  static double logit(double p) {
    double l = floorLog(p) - floorLog(1 - p);
    return Math.max(LOG_FLOOR, Math.min(-LOG_FLOOR, l));
  }

  /** The logistic function, the inverse of {@link #logit}. */
  static double logistic(double t) {
    return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
  }

  /** {@code count * logP}, with {@code 0 * log 0 = 0}. */
  static double times(double count, double logP) {
    return count == 0 ? 0 : count * logP;
  }

  /** Replaces {@code NaN} cells with their column's weighted mean (for k-means starts). */
  static double[] meanFilled(Dataset data, double[] values, int q) {
    int n = data.rows();
    double[] sum = new double[q];
    double[] w = new double[q];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < q; j++) {
        double v = values[i * q + j];
        if (!Double.isNaN(v)) {
          sum[j] += data.weight(i) * v;
          w[j] += data.weight(i);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < q; j++) {
        if (Double.isNaN(values[i * q + j])) {
          values[i * q + j] = w[j] > 0 ? sum[j] / w[j] : 0;
        }
      }
    }
    return values;
  }

  /** A data set of the same rows and weights with other values. */
  static Dataset sameRows(Dataset data, double[] values, int q) {
    double[] weights = null;
    if (data.hasWeights()) {
      weights = new double[data.rows()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = data.weight(i);
      }
    }
    return new Dataset(values, data.rows(), q, Dataset.defaultNames(q), weights, data.source());
  }

  /** The parameters without component {@code component}, the other weights renormalised. */
  @Override
  public P dropComponent(P params, int component) {
    int k = params.components();
    if (k == 1) {
      throw new DegenerateFitException("the only component degenerated; nothing is left to drop");
    }
    int q = params.valuesPerComponent();
    double[] values = params.componentValues();
    double[] w = new double[k - 1];
    double[] v = new double[(k - 1) * q];
    double sum = 0;
    for (int a = 0, b = 0; a < k; a++) {
      if (a != component) {
        w[b] = params.weight(a);
        sum += w[b];
        System.arraycopy(values, a * q, v, b * q, q);
        b++;
      }
    }
    for (int b = 0; b < k - 1; b++) {
      w[b] /= sum;
    }
    return create(w, v, params.dimension());
  }

  /**
   * The parameters with component {@code component} set between the weighted average of the
   * others' values and one of them drawn at random (probabilities and rates stay valid: convex
   * combinations), with weight {@code 1 / K}.
   */
  @Override
  public P reinitializeComponent(P params, int component, Dataset data, RandomGenerator random) {
    int k = params.components();
    int q = params.valuesPerComponent();
    double[] values = params.componentValues();
    double[] w = params.weights();
    double rest = 0;
    double[] pooled = new double[q];
    for (int a = 0; a < k; a++) {
      if (a != component) {
        rest += w[a];
        for (int j = 0; j < q; j++) {
          pooled[j] += w[a] * values[a * q + j];
        }
      }
    }
    int other = k == 1 ? component : random.nextInt(k - 1);
    if (other >= component && k > 1) {
      other++;
    }
    double u = random.nextDouble();
    for (int j = 0; j < q; j++) {
      double avg = rest > 0 ? pooled[j] / rest : values[component * q + j];
      values[component * q + j] = 0.5 * avg + 0.5 * (u * values[other * q + j] + (1 - u) * avg);
    }
    for (int a = 0; a < k; a++) {
      w[a] = a == component ? 1.0 / k : (rest > 0 ? w[a] / rest * (1 - 1.0 / k) : 1.0 / k);
    }
    return create(w, values, params.dimension());
  }
}
