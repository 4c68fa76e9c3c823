package org.em4j.mixture;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.kernel.LogSumExp;

/**
 * A fitted (or loaded) mixture: immutable, answers the questions users ask of a model. Every
 * method reads data in chunks; none keeps state between calls.
 *
 * @param <P> the family's parameters
 */
public final class MixtureModel<P extends MixtureParameters> {
  private static final int CHUNK = 1024;

  private final MixtureFamily<P, ?> family;
  private final P parameters;
  private final FitSummary fit;
  private final List<P> parameterTrace;
  private final List<String> columnNames;

  /**
   * @param family the family that describes the components
   * @param parameters the model's values
   * @param fit how it was fitted, or {@code null} for a model that was given, not fitted
   * @param parameterTrace parameters at every iteration of the chosen run (may be empty)
   * @param columnNames names of the data columns the model was fitted on, or {@code null}
   */
  public MixtureModel(
      MixtureFamily<P, ?> family,
      P parameters,
      FitSummary fit,
      List<P> parameterTrace,
      List<String> columnNames) {
    this.family = Objects.requireNonNull(family, "family");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.fit = fit;
    this.parameterTrace = parameterTrace == null ? List.of() : List.copyOf(parameterTrace);
    this.columnNames = columnNames == null ? null : List.copyOf(columnNames);
  }

  /** The family. */
  public MixtureFamily<P, ?> family() {
    return family;
  }

  /** The parameters. */
  public P parameters() {
    return parameters;
  }

  /** How it was fitted; {@code null} for a given model. */
  public FitSummary fit() {
    return fit;
  }

  /** Parameters at every iteration of the chosen run, when the fit kept them. */
  public List<P> parameterTrace() {
    return parameterTrace;
  }

  /** Column names of the training data, or {@code null} when unknown. */
  public List<String> columnNames() {
    return columnNames;
  }

  /** Number of components. */
  public int components() {
    return parameters.components();
  }

  /** Number of free parameters of the model (every group counted). */
  public int freeParameters() {
    return family.freeParameters(parameters, java.util.Set.of());
  }

  /**
   * The most probable component of every row.
   *
   * @throws InputException for a row that has probability zero under every component
   */
  public int[] predict(Dataset data) {
    int k = components();
    int[] labels = new int[data.rows()];
    forChunks(
        data,
        (buf, from, to) -> {
          for (int i = from; i < to; i++) {
            int off = (i - from) * k;
            requirePossible(data, i, buf, off, k);
            int best = 0;
            for (int c = 1; c < k; c++) {
              if (buf[off + c] > buf[off + best]) {
                best = c;
              }
            }
            labels[i] = best;
          }
        });
    return labels;
  }

  /**
   * The row's log density, checked to be finite: a row with probability zero under every
   * component (say a 0 where every fitted p is 1) has no posterior, and answering NaN would be a
   * silent wrong answer.
   *
   * @throws InputException naming the row
   */
  private static double requirePossible(Dataset data, int i, double[] buf, int off, int k) {
    double lse = LogSumExp.of(buf, off, k);
    if (lse == Double.NEGATIVE_INFINITY) {
      throw new InputException(
          data.describeRow(i)
              + " has probability zero under every component of the model, so it has no most"
              + " probable component");
    }
    return lse;
  }

  /**
   * Responsibilities: the posterior probability of every component for every row.
   *
   * @throws InputException for a row that has probability zero under every component
   */
  public double[][] predictProba(Dataset data) {
    int k = components();
    double[][] out = new double[data.rows()][k];
    forChunks(
        data,
        (buf, from, to) -> {
          for (int i = from; i < to; i++) {
            int off = (i - from) * k;
            double lse = requirePossible(data, i, buf, off, k);
            for (int c = 0; c < k; c++) {
              out[i][c] = Math.exp(buf[off + c] - lse);
            }
          }
        });
    return out;
  }

  /** Log density of the mixture at every row. */
  public double[] scoreSamples(Dataset data) {
    int k = components();
    double[] out = new double[data.rows()];
    forChunks(
        data,
        (buf, from, to) -> {
          for (int i = from; i < to; i++) {
            out[i] = LogSumExp.of(buf, (i - from) * k, k);
          }
        });
    return out;
  }

  /** Total weighted log-likelihood of the rows. */
  public double logLikelihood(Dataset data) {
    double[] s = scoreSamples(data);
    double total = 0;
    for (int i = 0; i < s.length; i++) {
      total += data.weight(i) * s[i];
    }
    return total;
  }

  /** Mean log-likelihood per row (weighted mean with row weights), as scikit-learn's score. */
  public double score(Dataset data) {
    return logLikelihood(data) / data.totalWeight();
  }

  /** BIC of the model on these rows: {@code -2 logL + p log n} (lower is better). */
  public double bic(Dataset data) {
    return FitSummary.bic(logLikelihood(data), freeParameters(), data.totalWeight());
  }

  /** AIC of the model on these rows: {@code -2 logL + 2 p} (lower is better). */
  public double aic(Dataset data) {
    return FitSummary.aic(logLikelihood(data), freeParameters());
  }

  /** Draws from the model: the rows and the component each came from. */
  public Sample sample(int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("sample size must be >= 0, got " + n);
    }
    SplittableRandom random = new SplittableRandom(seed);
    int d = parameters.dimension();
    int k = components();
    double[] values = new double[n * d];
    int[] labels = new int[n];
    double[] row = new double[d];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int c = 0;
      double cumulative = parameters.weight(0);
      while (u >= cumulative && c < k - 1) {
        c++;
        cumulative += parameters.weight(c);
      }
      labels[i] = c;
      family.sampleComponent(parameters, c, random, row);
      System.arraycopy(row, 0, values, i * d, d);
    }
    List<String> names = columnNames != null ? columnNames : Dataset.defaultNames(d);
    return new Sample(new Dataset(values, n, d, names, null, "sample"), labels);
  }

  /**
   * Rows drawn from a model.
   *
   * @param data the rows
   * @param labels the component each row was drawn from
   */
  public record Sample(Dataset data, int[] labels) {}

  private interface ChunkVisitor {
    void visit(double[] logJoint, int from, int to);
  }

  private void forChunks(Dataset data, ChunkVisitor visitor) {
    family.validateFor(parameters, data);
    int k = components();
    double[] buf = new double[CHUNK * k];
    for (int from = 0; from < data.rows(); from += CHUNK) {
      int to = Math.min(data.rows(), from + CHUNK);
      family.logJoint(parameters, data, from, to, buf);
      visitor.visit(buf, from, to);
    }
  }

}
