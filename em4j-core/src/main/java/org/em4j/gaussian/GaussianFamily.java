package org.em4j.gaussian;

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
import org.em4j.kernel.Packed;
import org.em4j.mixture.KMeans;
import org.em4j.mixture.MixtureFamily;

/**
 * Mixtures of multivariate normal distributions in any dimension D (univariate is D = 1, not a
 * separate code path), with {@link CovarianceType full, diag, spherical or tied} covariances.
 *
 * <p>Missing values (NaN) are handled exactly, by observed-data EM (Ghahramani and Jordan 1994):
 * see {@link GaussianMissingKernel}. Starting values for data with missing values are drawn from
 * the data with each missing value replaced by its column mean (for the start only).
 *
 * <p>The E-step is fused: one pass per row computes every component's log density from the
 * inverse Cholesky factor ({@code |L^-1 (x - mu)|^2}), the responsibilities by log-sum-exp, and
 * adds the row to the statistics, reusing the centred row {@code x - mu_c} for both.
 *
 * @implNote {@code regularization} is added to the diagonal of every covariance the M-step
 *     produces (default 1e-6, scikit-learn's {@code reg_covar}, so log-likelihoods are
 *     comparable). A component whose responsibilities add up to zero keeps its mean and
 *     covariance and gets weight 0.
 */
public final class GaussianFamily implements MixtureFamily<GaussianParameters, GaussianStatistics> {
  private static final long serialVersionUID = 1L;

  /** The default covariance regularisation (scikit-learn's {@code reg_covar}). */
  public static final double DEFAULT_REGULARIZATION = 1e-6;

  /** The parameter groups that can be held fixed. */
  public static final Set<String> GROUPS = Set.of("weights", "means", "covariances");

  private final CovarianceType type;
  private final double regularization;

  /** A family with the default regularisation. */
  public GaussianFamily(CovarianceType type) {
    this(type, DEFAULT_REGULARIZATION);
  }

  /**
   * @param type covariance structure
   * @param regularization added to every covariance diagonal by the M-step; finite, >= 0
   */
  public GaussianFamily(CovarianceType type, double regularization) {
    this.type = java.util.Objects.requireNonNull(type, "type");
    if (!(regularization >= 0) || Double.isInfinite(regularization)) {
      throw new IllegalArgumentException(
          "regularization must be a finite number >= 0, got " + regularization);
    }
    this.regularization = regularization;
  }

  /** The covariance structure. */
  public CovarianceType covarianceType() {
    return type;
  }

  /** The term added to covariance diagonals. */
  public double regularization() {
    return regularization;
  }

  @Override
  public String name() {
    return "gaussian";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Missing values (NaN) are allowed (see {@link GaussianMissingKernel}); infinities, rows
   * with every value missing and columns with no observed value are not.
   */
  @Override
  public void validate(Dataset data) {
    MissingPatterns.validate(data);
    ScaleCheck.require(data);
  }

  @Override
  public GaussianStatistics newStatistics(GaussianParameters params) {
    checkType(params);
    return new GaussianStatistics(type, params.components(), params.dimension(), params.meansArray());
  }

  private void checkType(GaussianParameters params) {
    if (params.covarianceType() != type) {
      throw new IllegalArgumentException(
          "parameters of covariance type "
              + params.covarianceType().label()
              + " given to a "
              + type.label()
              + " family");
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Rows with missing values take the exact observed-data path of {@link
   * GaussianMissingKernel}; complete rows take the blocked kernels of {@link GaussianKernels}.
   */
  @Override
  public double accumulate(
      GaussianParameters p, Dataset data, int from, int to, GaussianStatistics stats) {
    if (data.hasMissing()) {
      return GaussianMissingKernel.accumulate(this, p, data, from, to, stats);
    }
    return accumulateComplete(p, data, from, to, stats);
  }

  /** The fused E-step over rows {@code [from, to)}, none of which has a missing value. */
  double accumulateComplete(
      GaussianParameters p, Dataset data, int from, int to, GaussianStatistics stats) {
    return GaussianKernels.accumulate(p, data, from, to, stats);
  }

  @Override
  public void logJoint(GaussianParameters p, Dataset data, int from, int to, double[] out) {
    logJointComplete(p, data, from, to, out);
    if (data.hasMissing()) {
      GaussianMissingKernel.logJointMissingRows(p, data, from, to, out);
    }
  }

  /** Log joint densities of rows {@code [from, to)}, as if none had a missing value. */
  void logJointComplete(GaussianParameters p, Dataset data, int from, int to, double[] out) {
    int k = p.components();
    int d = p.dimension();
    double[] x = data.values();
    double[] mu = p.meansArray();
    double[] diff = new double[d];
    for (int i = from; i < to; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          diff[j] = x[i * d + j] - mu[c * d + j];
        }
        out[(i - from) * k + c] =
            p.logWeights[c] + p.logNorm[p.block(c)] - 0.5 * mahalanobis(p, c, diff, 0);
      }
    }
  }

  /** Squared Mahalanobis distance of {@code diff} (centred at component c's mean). */
  private static double mahalanobis(GaussianParameters p, int c, double[] diff, int off) {
    int d = p.dimension();
    double[] inv = p.inverseFactor;
    switch (p.covarianceType()) {
      case FULL, TIED -> {
        int lo = p.block(c) * d * d;
        double m = 0;
        for (int i = 0; i < d; i++) {
          double z = 0;
          int row = lo + i * d;
          for (int j = 0; j <= i; j++) {
            z += inv[row + j] * diff[off + j];
          }
          m += z * z;
        }
        return m;
      }
      case DIAG -> {
        double m = 0;
        for (int j = 0; j < d; j++) {
          double z = diff[off + j] * inv[c * d + j];
          m += z * z;
        }
        return m;
      }
      case SPHERICAL -> {
        double m = 0;
        for (int j = 0; j < d; j++) {
          m += diff[off + j] * diff[off + j];
        }
        return m * inv[c] * inv[c];
      }
      default -> throw new AssertionError();
    }
  }

  @Override
  public GaussianParameters maximize(
      GaussianStatistics st, GaussianParameters previous, Set<String> fixed) {
    int k = st.k;
    int d = st.d;
    boolean fixWeights = fixed.contains("weights");
    boolean fixMeans = fixed.contains("means");
    boolean fixCov = fixed.contains("covariances");
    double total = 0;
    for (int c = 0; c < k; c++) {
      total += st.n[c];
    }
    if (!(total > 0)) {
      throw new DegenerateFitException("no row has any weight left in any component");
    }
    double[] weights = new double[k];
    double[] means = new double[k * d];
    // u_c: the new centre minus the shift; m_c: the responsibility-weighted mean minus the shift.
    double[] u = new double[k * d];
    double[] m = new double[k * d];
    boolean[] empty = new boolean[k];
    for (int c = 0; c < k; c++) {
      double nc = st.n[c];
      weights[c] = fixWeights ? previous.weight(c) : nc / total;
      empty[c] = !(nc > 0);
      for (int j = 0; j < d; j++) {
        int o = c * d + j;
        m[o] = empty[c] ? 0 : st.s[o] / nc;
        boolean keep = fixMeans || empty[c];
        u[o] = keep ? 0 : m[o];
        means[o] = keep && previous != null ? previous.meansArray()[o] : st.shift[o] + u[o];
      }
    }
    double[] cov;
    if (fixCov) {
      cov = previous.covariancesArray().clone();
    } else {
      cov = covariances(st, m, u, empty, previous, total);
    }
    try {
      return new GaussianParameters(type, d, weights, means, cov);
    } catch (GaussianParameters.NotPositiveDefiniteException e) {
      throw new DegenerateFitException(
          "the covariance of component "
              + (e.component() + 1)
              + " is no longer positive definite (the component collapsed onto too few points);"
              + " try other starts or a larger regularisation");
    }
  }

  /**
   * Covariances around the new centres: for component c, {@code q_c / n_c - (m u' + u m' - u
   * u')}, plus the regularisation on the diagonal.
   */
  private double[] covariances(
      GaussianStatistics st,
      double[] m,
      double[] u,
      boolean[] empty,
      GaussianParameters previous,
      double total) {
    int k = st.k;
    int d = st.d;
    double[] cov = new double[type.storedSize(k, d)];
    int packed = Packed.size(d);
    switch (type) {
      case FULL -> {
        for (int c = 0; c < k; c++) {
          if (empty[c]) {
            keepPrevious(previous, c, cov, c * d * d, d * d);
            continue;
          }
          double nc = st.n[c];
          int idx = c * packed;
          for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
              double v = st.q[idx++] / nc - cross(m, u, c * d, i, j);
              if (i == j) {
                v += regularization;
              }
              cov[c * d * d + i * d + j] = v;
              cov[c * d * d + j * d + i] = v;
            }
          }
        }
      }
      case TIED -> {
        int idx = 0;
        for (int i = 0; i < d; i++) {
          for (int j = i; j < d; j++) {
            double v = st.q[idx++];
            for (int c = 0; c < k; c++) {
              if (!empty[c]) {
                v -= st.n[c] * cross(m, u, c * d, i, j);
              }
            }
            v = v / total + (i == j ? regularization : 0);
            cov[i * d + j] = v;
            cov[j * d + i] = v;
          }
        }
      }
      case DIAG, SPHERICAL -> {
        for (int c = 0; c < k; c++) {
          if (empty[c]) {
            int size = type == CovarianceType.DIAG ? d : 1;
            keepPrevious(previous, c, cov, c * size, size);
            continue;
          }
          double nc = st.n[c];
          double sum = 0;
          for (int j = 0; j < d; j++) {
            double v = st.q[c * d + j] / nc - cross(m, u, c * d, j, j) + regularization;
            if (type == CovarianceType.DIAG) {
              cov[c * d + j] = v;
            }
            sum += v;
          }
          if (type == CovarianceType.SPHERICAL) {
            cov[c] = sum / d;
          }
        }
      }
      default -> throw new AssertionError(type);
    }
    return cov;
  }

  private static double cross(double[] m, double[] u, int off, int i, int j) {
    return m[off + i] * u[off + j] + u[off + i] * m[off + j] - u[off + i] * u[off + j];
  }

  private static void keepPrevious(
      GaussianParameters previous, int c, double[] cov, int off, int size) {
    if (previous == null) {
      throw new DegenerateFitException(
          "component " + (c + 1) + " has no rows to estimate it from");
    }
    System.arraycopy(previous.covariancesArray(), off, cov, off, size);
  }

  @Override
  public Set<String> parameterGroups() {
    return GROUPS;
  }

  @Override
  public GaussianParameters initialize(
      Dataset data, int components, InitMethod method, RandomGenerator random, ChunkExecutor exec) {
    validate(data);
    // Starts are drawn from the data with each missing value replaced by its column's mean.
    data = data.hasMissing() ? MissingPatterns.meanFilled(data) : data;
    if (components > data.rows()) {
      throw new InputException(
          data.source() + " has " + data.rows() + " rows, fewer than the " + components
              + " components asked for");
    }
    return switch (method) {
      case KMEANS_PLUSPLUS -> fromLabels(data, components, KMeans.labels(data, components, random, exec));
      case RANDOM -> fromRandomResponsibilities(data, components, random);
      case RANDOM_POINTS -> fromRandomPoints(data, components, random);
    };
  }

  /** One M-step from a hard assignment. */
  GaussianParameters fromLabels(Dataset data, int k, int[] labels) {
    GaussianStatistics st = centredStatistics(data, k);
    double[] diff = new double[data.columns()];
    for (int i = 0; i < data.rows(); i++) {
      int c = labels[i];
      centre(data, i, st.shift, c, diff);
      st.add(c, data.weight(i), diff, 0);
    }
    return maximize(st, null, Set.of());
  }

  /** One M-step from responsibilities drawn uniformly and normalised per row. */
  GaussianParameters fromRandomResponsibilities(Dataset data, int k, RandomGenerator random) {
    GaussianStatistics st = centredStatistics(data, k);
    double[] r = new double[k];
    double[] diff = new double[data.columns()];
    for (int i = 0; i < data.rows(); i++) {
      double sum = 0;
      for (int c = 0; c < k; c++) {
        r[c] = random.nextDouble();
        sum += r[c];
      }
      for (int c = 0; c < k; c++) {
        centre(data, i, st.shift, c, diff);
        st.add(c, data.weight(i) * r[c] / sum, diff, 0);
      }
    }
    return maximize(st, null, Set.of());
  }

  /** Means at distinct random rows; every component gets the covariance of the whole data. */
  GaussianParameters fromRandomPoints(Dataset data, int k, RandomGenerator random) {
    int d = data.columns();
    int n = data.rows();
    // The whole data as one component gives the shared spread.
    GaussianStatistics one = centredStatistics(data, 1);
    double[] diff = new double[d];
    for (int i = 0; i < n; i++) {
      centre(data, i, one.shift, 0, diff);
      one.add(0, data.weight(i), diff, 0);
    }
    GaussianParameters whole = maximize(one, null, Set.of());
    int[] rows = random.ints(0, n).distinct().limit(k).toArray();
    double[] means = new double[k * d];
    for (int c = 0; c < k; c++) {
      System.arraycopy(data.values(), rows[c] * d, means, c * d, d);
    }
    double[] weights = new double[k];
    java.util.Arrays.fill(weights, 1.0 / k);
    double[] oneCov = whole.covariancesArray();
    double[] cov = new double[type.storedSize(k, d)];
    for (int c = 0; c < (type == CovarianceType.TIED ? 1 : k); c++) {
      System.arraycopy(oneCov, 0, cov, c * oneCov.length, oneCov.length);
    }
    return new GaussianParameters(type, d, weights, means, cov);
  }

  private GaussianStatistics centredStatistics(Dataset data, int k) {
    int d = data.columns();
    double[] mean = new double[d];
    double total = data.totalWeight();
    for (int i = 0; i < data.rows(); i++) {
      double w = data.weight(i);
      for (int j = 0; j < d; j++) {
        mean[j] += w * data.get(i, j) / total;
      }
    }
    double[] shift = new double[k * d];
    for (int c = 0; c < k; c++) {
      System.arraycopy(mean, 0, shift, c * d, d);
    }
    return new GaussianStatistics(type, k, d, shift);
  }

  private static void centre(Dataset data, int i, double[] shift, int c, double[] out) {
    int d = data.columns();
    for (int j = 0; j < d; j++) {
      out[j] = data.get(i, j) - shift[c * d + j];
    }
  }

  @Override
  public void sampleComponent(
      GaussianParameters p, int c, RandomGenerator random, double[] out) {
    int d = p.dimension();
    double[] mu = p.meansArray();
    double[] z = new double[d];
    for (int j = 0; j < d; j++) {
      z[j] = random.nextGaussian();
    }
    switch (p.covarianceType()) {
      case FULL, TIED -> {
        int lo = p.block(c) * d * d;
        for (int i = 0; i < d; i++) {
          double v = mu[c * d + i];
          for (int j = 0; j <= i; j++) {
            v += p.factor[lo + i * d + j] * z[j];
          }
          out[i] = v;
        }
      }
      case DIAG -> {
        for (int j = 0; j < d; j++) {
          out[j] = mu[c * d + j] + p.factor[c * d + j] * z[j];
        }
      }
      case SPHERICAL -> {
        for (int j = 0; j < d; j++) {
          out[j] = mu[c * d + j] + p.factor[c] * z[j];
        }
      }
      default -> throw new AssertionError();
    }
  }

  @Override
  public List<String> parameterNames(GaussianParameters p) {
    int k = p.components();
    int d = p.dimension();
    List<String> names = new ArrayList<>();
    for (int c = 1; c <= k; c++) {
      names.add("weight[" + c + "]");
    }
    for (int c = 1; c <= k; c++) {
      for (int j = 1; j <= d; j++) {
        names.add("mean[" + c + "][" + j + "]");
      }
    }
    switch (type) {
      case FULL, TIED -> {
        int blocks = type == CovarianceType.TIED ? 1 : k;
        for (int b = 1; b <= blocks; b++) {
          for (int i = 1; i <= d; i++) {
            for (int j = i; j <= d; j++) {
              names.add(
                  (type == CovarianceType.TIED ? "cov" : "cov[" + b + "]")
                      + "[" + i + "][" + j + "]");
            }
          }
        }
      }
      case DIAG -> {
        for (int c = 1; c <= k; c++) {
          for (int j = 1; j <= d; j++) {
            names.add("var[" + c + "][" + j + "]");
          }
        }
      }
      case SPHERICAL -> {
        for (int c = 1; c <= k; c++) {
          names.add("var[" + c + "]");
        }
      }
      default -> throw new AssertionError();
    }
    return names;
  }

  @Override
  public double[] flatten(GaussianParameters p) {
    int k = p.components();
    int d = p.dimension();
    double[] cov = p.covariancesArray();
    List<Double> out = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      out.add(p.weight(c));
    }
    for (double v : p.meansArray()) {
      out.add(v);
    }
    if (type == CovarianceType.FULL || type == CovarianceType.TIED) {
      int blocks = type == CovarianceType.TIED ? 1 : k;
      for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < d; i++) {
          for (int j = i; j < d; j++) {
            out.add(cov[b * d * d + i * d + j]);
          }
        }
      }
    } else {
      for (double v : cov) {
        out.add(v);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Override
  public int freeParameters(GaussianParameters p, Set<String> fixed) {
    int k = p.components();
    int d = p.dimension();
    int count = 0;
    if (!fixed.contains("weights")) {
      count += k - 1;
    }
    if (!fixed.contains("means")) {
      count += k * d;
    }
    if (!fixed.contains("covariances")) {
      count += type.freeParameters(k, d);
    }
    return count;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Layout: {@code K - 1} log-ratio weights {@code log w_k - log w_K}; the {@code K x D}
   * means; then per covariance block the packed lower triangle of its Cholesky factor with the
   * diagonal as logs ({@code FULL}, {@code TIED}), or log-variances ({@code DIAG}, {@code
   * SPHERICAL}).
   *
   * @implNote A zero weight is mapped to {@value #LOG_WEIGHT_FLOOR} rather than minus infinity so
   *     that the vector stays finite.
   */
  @Override
  public double[] toUnconstrained(GaussianParameters p) {
    int k = p.components();
    int d = p.dimension();
    double[] cov = p.covariancesArray();
    double[] theta = new double[unconstrainedSize(k, d)];
    int t = 0;
    double last = safeLog(p.weight(k - 1));
    for (int c = 0; c < k - 1; c++) {
      theta[t++] = safeLog(p.weight(c)) - last;
    }
    for (double v : p.meansArray()) {
      theta[t++] = v;
    }
    switch (type) {
      case FULL, TIED -> {
        int blocks = type == CovarianceType.TIED ? 1 : k;
        for (int b = 0; b < blocks; b++) {
          int o = b * d * d;
          for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
              double l = p.factor[o + i * d + j];
              theta[t++] = i == j ? Math.log(l) : l;
            }
          }
        }
      }
      case DIAG, SPHERICAL -> {
        for (double v : cov) {
          theta[t++] = Math.log(v);
        }
      }
      default -> throw new AssertionError(type);
    }
    return theta;
  }

  @Override
  public GaussianParameters withFixedGroups(
      GaussianParameters params, GaussianParameters source, Set<String> fixed) {
    if (fixed.isEmpty()) {
      return params;
    }
    return new GaussianParameters(
        type,
        params.dimension(),
        fixed.contains("weights") ? source.weights() : params.weights(),
        fixed.contains("means") ? source.meansArray().clone() : params.meansArray().clone(),
        fixed.contains("covariances")
            ? source.covariancesArray().clone()
            : params.covariancesArray().clone());
  }

  @Override
  public GaussianParameters fromUnconstrained(double[] theta, GaussianParameters template) {
    int k = template.components();
    int d = template.dimension();
    if (theta.length != unconstrainedSize(k, d)) {
      throw new IllegalArgumentException(
          "expected " + unconstrainedSize(k, d) + " values, got " + theta.length);
    }
    int t = 0;
    double[] logits = new double[k];
    for (int c = 0; c < k - 1; c++) {
      logits[c] = theta[t++];
    }
    double lse = LogSumExp.of(logits, 0, k);
    double[] weights = new double[k];
    for (int c = 0; c < k; c++) {
      weights[c] = Math.exp(logits[c] - lse);
    }
    double[] means = new double[k * d];
    for (int i = 0; i < k * d; i++) {
      means[i] = theta[t++];
    }
    double[] cov = new double[type.storedSize(k, d)];
    switch (type) {
      case FULL, TIED -> {
        int blocks = type == CovarianceType.TIED ? 1 : k;
        double[] l = new double[d * d];
        for (int b = 0; b < blocks; b++) {
          java.util.Arrays.fill(l, 0);
          for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
              double v = theta[t++];
              l[i * d + j] = i == j ? Math.exp(v) : v;
            }
          }
          int o = b * d * d;
          for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
              double s = 0;
              for (int m = 0; m <= j; m++) {
                s += l[i * d + m] * l[j * d + m];
              }
              cov[o + i * d + j] = s;
              cov[o + j * d + i] = s;
            }
          }
        }
      }
      case DIAG, SPHERICAL -> {
        for (int i = 0; i < cov.length; i++) {
          cov[i] = Math.exp(theta[t++]);
        }
      }
      default -> throw new AssertionError(type);
    }
    try {
      return new GaussianParameters(type, d, weights, means, cov);
    } catch (IllegalArgumentException e) {
      throw new DegenerateFitException(
          "an extrapolated point gives no valid model: " + e.getMessage());
    }
  }

  /** Log of a weight, floored so that a zero weight stays finite. */
  private static double safeLog(double w) {
    return Math.max(Math.log(w), LOG_WEIGHT_FLOOR);
  }

  /** The log-weight a zero weight is mapped to. */
  static final double LOG_WEIGHT_FLOOR = -700;

  private int unconstrainedSize(int k, int d) {
    int cov =
        switch (type) {
          case FULL -> k * d * (d + 1) / 2;
          case TIED -> d * (d + 1) / 2;
          case DIAG -> k * d;
          case SPHERICAL -> k;
        };
    return k - 1 + k * d + cov;
  }

  /** Low weight (as every mixture) or a collapsed covariance ({@link GaussianDegeneracy}). */
  @Override
  public List<org.em4j.engine.Degeneracy> degenerateComponents(
      GaussianParameters params, double totalWeight, double minWeight) {
    List<org.em4j.engine.Degeneracy> out =
        new ArrayList<>(MixtureFamily.super.degenerateComponents(params, totalWeight, minWeight));
    for (org.em4j.engine.Degeneracy d : GaussianDegeneracy.collapsed(params, regularization)) {
      int same = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).component() == d.component()) {
          same = i;
        }
      }
      if (same < 0) {
        out.add(d);
      } else {
        out.set(same, new org.em4j.engine.Degeneracy(
            d.component(), out.get(same).reason() + ", and " + d.reason()));
      }
    }
    out.sort(java.util.Comparator.comparingInt(org.em4j.engine.Degeneracy::component));
    return out;
  }

  @Override
  public GaussianParameters dropComponent(GaussianParameters params, int component) {
    return GaussianDegeneracy.drop(params, component);
  }

  @Override
  public GaussianParameters reinitializeComponent(
      GaussianParameters params, int component, Dataset data, RandomGenerator random) {
    return GaussianDegeneracy.reinitialize(params, component, data, random, regularization);
  }
}
