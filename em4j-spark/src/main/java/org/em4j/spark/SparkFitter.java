package org.em4j.spark;

import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.FitResult;
import org.em4j.engine.IterationListener;
import org.em4j.engine.StartSupplier;
import org.em4j.engine.Statistics;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;

/**
 * Fits a mixture on Apache Spark: the library call behind the Spark ML estimator and the {@code
 * em4j-spark} command. It is {@link MixtureFitter} with the E-step moved to the cluster: the same
 * family code, and the same engine ({@link EmEngine}: loop, convergence test, trace, restarts,
 * fixed groups), driving a {@link SparkEStep} instead of local chunks (Dempster, Laird and Rubin
 * 1977; the distributed pattern of Spark MLlib's {@code GaussianMixture}).
 *
 * <p>Random starts ({@code kmeans++}, {@code random}, {@code random-points}) are drawn by the
 * family's own initialisation on a sample of at most {@link #initSampleRows(int) initSampleRows}
 * rows collected to the driver; when the data has no more rows than that, the sample is all of
 * it in partition order, so a data set read in file order gets the very start the local fitter
 * draws with the same seed. Each run then iterates over all rows.
 *
 * @param <P> the family's parameters
 * @param <S> the family's statistics
 */
public final class SparkFitter<P extends MixtureParameters, S extends Statistics<S>> {
  /** Rows collected to the driver for drawing starts, unless set otherwise. */
  public static final int DEFAULT_INIT_SAMPLE_ROWS = 100_000;

  /** Depth of the aggregation tree unless set otherwise (Spark's default). */
  public static final int DEFAULT_DEPTH = 2;

  private final MixtureFamily<P, S> family;
  private final EmOptions options;
  private final IterationListener<P> listener;
  private int initSampleRows = DEFAULT_INIT_SAMPLE_ROWS;
  private int depth = DEFAULT_DEPTH;

  /** A fitter that reports nothing while it runs. */
  public SparkFitter(MixtureFamily<P, S> family, EmOptions options) {
    this(family, options, IterationListener.none());
  }

  /**
   * @param family the model family
   * @param options the fit's settings ({@code threads} applies to drawing starts on the driver;
   *     {@code chunkRows} to the E-step within a partition)
   * @param listener told about every E-step, on the driver
   */
  public SparkFitter(
      MixtureFamily<P, S> family, EmOptions options, IterationListener<P> listener) {
    this.family = java.util.Objects.requireNonNull(family, "family");
    this.options = java.util.Objects.requireNonNull(options, "options");
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Largest number of rows collected to the driver to draw starts from; at least 1. */
  public SparkFitter<P, S> initSampleRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("the start sample size must be at least 1, got " + rows);
    }
    this.initSampleRows = rows;
    return this;
  }

  /** Depth of the tree that combines the partitions' statistics; at least 1. */
  public SparkFitter<P, S> depth(int treeDepth) {
    if (treeDepth < 1) {
      throw new IllegalArgumentException(
          "the aggregation depth must be at least 1, got " + treeDepth);
    }
    this.depth = treeDepth;
    return this;
  }

  /** Fits from starts drawn with the options' initialisation method, keeping the best run. */
  public MixtureModel<P> fit(SparkData data) {
    return fit(data, null);
  }

  /**
   * Fits from a given start (or, when {@code start} is {@code null}, from drawn starts).
   *
   * @throws InputException when the data does not suit the family or the start
   * @throws org.em4j.engine.DegenerateFitException when every run degenerates
   */
  public MixtureModel<P> fit(SparkData data, P start) {
    validate(data);
    FitResult<P> result = run(data, start);
    return MixtureFitter.toModel(
        family, options, result, data.columnNames(), start == null ? options.init().label() : "given");
  }

  /**
   * The engine's result on the Spark data, for callers that want every run; the data must have
   * been checked with {@link #validate}.
   */
  public FitResult<P> run(SparkData data, P start) {
    if (start != null) {
      if (start.dimension() != data.columns()) {
        throw new InputException(
            data.source()
                + " has "
                + data.columns()
                + " columns but the start has dimension "
                + start.dimension());
      }
      if (start.components() != options.components()) {
        throw new IllegalArgumentException(
            "the start has "
                + start.components()
                + " components but the options ask for "
                + options.components());
      }
      if (options.restarts() > 1) {
        throw new IllegalArgumentException(
            "restarts need random starts; a given start is fitted once (got restarts = "
                + options.restarts()
                + ")");
      }
    }
    SparkEStep<P, S> eStep = new SparkEStep<>(family, data, options.chunkRows(), depth);
    try (ChunkExecutor exec = ChunkExecutor.create(options.threads())) {
      StartSupplier<P> starts;
      Dataset sample = null;
      if (start != null) {
        starts = (r, random) -> start;
      } else {
        Dataset drawn = data.sample(initSampleRows, options.seed());
        sample = drawn;
        if (sample.rows() < options.components()) {
          throw new InputException(
              data.source()
                  + ": the sample for the start has "
                  + sample.rows()
                  + " rows, fewer than the "
                  + options.components()
                  + " components; raise the sample size");
        }
        starts =
            (r, random) ->
                family.initialize(drawn, options.components(), options.init(), random, exec);
      }
      return EmEngine.fit(
          family,
          eStep,
          data.totalWeight(),
          (int) data.rows(),
          sample,
          options,
          starts,
          listener);
    }
  }

  /**
   * Runs the family's check of the data (domain of every value) on every partition.
   *
   * @throws InputException naming the partition, row and column of the first bad value found
   */
  public void validate(SparkData data) {
    MixtureFamily<P, S> fam = family;
    java.util.List<String> names = data.columnNames();
    String source = data.source();
    try {
      data.blocks().foreach(b -> fam.validate(b.dataset(names, source)));
    } catch (Exception e) {
      throw SparkErrors.unwrap(e);
    }
  }
}
