package org.em4j.spark.ml;

import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.engine.Statistics;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import org.em4j.spark.SparkData;
import org.em4j.spark.SparkFitter;

/**
 * What em4j's Spark ML estimators share (as MLlib's estimators share a {@code Params} trait): the
 * params of every mixture fit (columns, {@code k}, the Gaussian {@code covarianceType} and {@code
 * regParam}, EM's {@code maxIter}, {@code tol}, {@code seed}, {@code restarts}, {@code initMode},
 * and the cluster's {@code initSampleSize} and {@code aggregationDepth}), their getters and
 * setters, and the fit itself: EM on the cluster with {@link SparkFitter} (Dempster, Laird and
 * Rubin 1977), to an {@link EmMixtureModel} that carries the estimator's uid and column params.
 * A subclass says only where the rows come from and which family fits them ({@code
 * fitRows}), and checks the input schema ({@link #transformSchema}).
 *
 * <p>{@code E} is the subclass, so that the setters chain on it: {@code new
 * EmGaussianMixture().setK(3)} is an {@link EmGaussianMixture}.
 *
 * @param <E> the estimator's own type
 */
public abstract class MixtureEstimator<E extends MixtureEstimator<E>>
    extends Estimator<EmMixtureModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;

  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> weightCol;
  private final IntParam k;
  private final Param<String> covarianceType;
  private final DoubleParam regParam;
  private final IntParam maxIter;
  private final DoubleParam tol;
  private final LongParam seed;
  private final IntParam restarts;
  private final Param<String> initMode;
  private final IntParam initSampleSize;
  private final IntParam aggregationDepth;

  /** An estimator with this uid and the shared params at their defaults; only this package's. */
  MixtureEstimator(String uid) {
    this.uid = uid; // before the params, which take their parent's uid
    featuresCol = new Param<>(this, "featuresCol", "features column name (a vector column)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column name: the most probable component");
    probabilityCol = new Param<>(this, "probabilityCol", "column of the components' posterior probabilities");
    weightCol = new Param<>(this, "weightCol", "row weight column name; empty for unit weights");
    k = new IntParam(this, "k", "number of mixture components (> 0)", ParamValidators.gtEq(1));
    covarianceType = new Param<>(this, "covarianceType", "gaussian: covariance structure, full, diag, spherical or tied", ParamValidators.inArray(new String[] {"full", "diag", "spherical", "tied"}));
    regParam = new DoubleParam(this, "regParam", "gaussian: added to every covariance diagonal (>= 0)", ParamValidators.gtEq(0));
    maxIter = new IntParam(this, "maxIter", "iteration limit per run (>= 0)", ParamValidators.gtEq(0));
    tol = new DoubleParam(this, "tol", "convergence tolerance on the mean log-likelihood per row (>= 0)", ParamValidators.gtEq(0));
    seed = new LongParam(this, "seed", "random seed");
    restarts = new IntParam(this, "restarts", "runs from different random starts; the best wins (> 0)", ParamValidators.gtEq(1));
    initMode = new Param<>(this, "initMode", "how starts are drawn: kmeans++, random or random-points (gaussian only)", ParamValidators.inArray(new String[] {"kmeans++", "random", "random-points"}));
    initSampleSize = new IntParam(this, "initSampleSize", "rows collected to the driver to draw starts from (> 0)", ParamValidators.gtEq(1));
    aggregationDepth = new IntParam(this, "aggregationDepth", "depth of the tree that combines the partitions' statistics (>= 1)", ParamValidators.gtEq(1));
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(weightCol, "");
    setDefault(k, 2);
    setDefault(covarianceType, "full");
    setDefault(regParam, GaussianFamily.DEFAULT_REGULARIZATION);
    setDefault(maxIter, EmOptions.DEFAULT_MAX_ITERATIONS);
    setDefault(tol, EmOptions.DEFAULT_TOLERANCE);
    setDefault(seed, 0L);
    setDefault(restarts, 1);
    setDefault(initMode, "kmeans++");
    setDefault(initSampleSize, SparkFitter.DEFAULT_INIT_SAMPLE_ROWS);
    setDefault(aggregationDepth, SparkFitter.DEFAULT_DEPTH);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Param: features column (a vector column). Default {@code features}. */
  public Param<String> featuresCol() {
    return featuresCol;
  }

  /** Param: prediction column (the most probable component, from 0). Default {@code prediction}. */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** Param: column of posterior probabilities (a vector). Default {@code probability}. */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /** Param: column of row weights; empty (the default) for unit weights. */
  public Param<String> weightCol() {
    return weightCol;
  }

  /** Param: number of components. Default 2. */
  public IntParam k() {
    return k;
  }

  /** Param: Gaussian covariance structure, full, diag, spherical or tied. Default {@code full}. */
  public Param<String> covarianceType() {
    return covarianceType;
  }

  /** Param: Gaussian covariance regularisation. Default 1e-6 (scikit-learn's {@code reg_covar}). */
  public DoubleParam regParam() {
    return regParam;
  }

  /** Param: iteration limit per run. Default 1000. */
  public IntParam maxIter() {
    return maxIter;
  }

  /** Param: tolerance on the change of the mean log-likelihood per row. Default 1e-6. */
  public DoubleParam tol() {
    return tol;
  }

  /** Param: random seed. Default 0. */
  public LongParam seed() {
    return seed;
  }

  /** Param: number of random starts. Default 1. */
  public IntParam restarts() {
    return restarts;
  }

  /** Param: how starts are drawn, kmeans++, random or random-points. Default {@code kmeans++}. */
  public Param<String> initMode() {
    return initMode;
  }

  /** Param: rows collected to the driver to draw starts from. Default 100000. */
  public IntParam initSampleSize() {
    return initSampleSize;
  }

  /** Param: depth of the aggregation tree. Default 2. */
  public IntParam aggregationDepth() {
    return aggregationDepth;
  }

  /** Sets {@link #featuresCol()}. */
  public E setFeaturesCol(String value) {
    return with(featuresCol, value);
  }

  /** Sets {@link #predictionCol()}. */
  public E setPredictionCol(String value) {
    return with(predictionCol, value);
  }

  /** Sets {@link #probabilityCol()}. */
  public E setProbabilityCol(String value) {
    return with(probabilityCol, value);
  }

  /** Sets {@link #weightCol()}. */
  public E setWeightCol(String value) {
    return with(weightCol, value);
  }

  /** Sets {@link #k()}. */
  public E setK(int value) {
    return with(k, value);
  }

  /** Sets {@link #covarianceType()} (in any case). */
  public E setCovarianceType(String value) {
    return with(covarianceType, value.toLowerCase(Locale.ROOT));
  }

  /** Sets {@link #regParam()}. */
  public E setRegParam(double value) {
    return with(regParam, value);
  }

  /** Sets {@link #maxIter()}. */
  public E setMaxIter(int value) {
    return with(maxIter, value);
  }

  /** Sets {@link #tol()}. */
  public E setTol(double value) {
    return with(tol, value);
  }

  /** Sets {@link #seed()}. */
  public E setSeed(long value) {
    return with(seed, value);
  }

  /** Sets {@link #restarts()}. */
  public E setRestarts(int value) {
    return with(restarts, value);
  }

  /** Sets {@link #initMode()} (in any case). */
  public E setInitMode(String value) {
    return with(initMode, value.toLowerCase(Locale.ROOT));
  }

  /** Sets {@link #initSampleSize()}. */
  public E setInitSampleSize(int value) {
    return with(initSampleSize, value);
  }

  /** Sets {@link #aggregationDepth()}. */
  public E setAggregationDepth(int value) {
    return with(aggregationDepth, value);
  }

  /** Sets a param (validating the value) and returns this estimator, for the setters. */
  final <T> E with(Param<T> param, T value) {
    set(param, value);
    @SuppressWarnings("unchecked")
    E self = (E) this;
    return self;
  }

  /** The em4j settings these params stand for. */
  EmOptions options() {
    return EmOptions.builder()
        .components((Integer) getOrDefault(k))
        .maxIterations((Integer) getOrDefault(maxIter))
        .tolerance((Double) getOrDefault(tol))
        .seed((Long) getOrDefault(seed))
        .restarts((Integer) getOrDefault(restarts))
        .init(InitMethod.parse(getOrDefault(initMode)))
        .build();
  }

  /** The Gaussian family {@code covarianceType} and {@code regParam} stand for. */
  GaussianFamily gaussianFamily() {
    return new GaussianFamily(
        CovarianceType.parse(getOrDefault(covarianceType)), (Double) getOrDefault(regParam));
  }

  /**
   * Reads the rows and fits the subclass's family to them with {@link #fit(MixtureFamily,
   * SparkData)}, closing the data it made.
   *
   * @param rows the dataset, whose schema {@link #transformSchema} has accepted
   * @param weights the weight column, or {@code null} for unit weights
   */
  abstract MixtureModel<?> fitRows(Dataset<Row> rows, String weights);

  /** EM on the cluster with this estimator's settings. */
  final <P extends MixtureParameters, S extends Statistics<S>> MixtureModel<P> fit(
      MixtureFamily<P, S> fam, SparkData data) {
    return new SparkFitter<>(fam, options())
        .initSampleRows((Integer) getOrDefault(initSampleSize))
        .depth((Integer) getOrDefault(aggregationDepth))
        .fit(data);
  }

  @Override
  public EmMixtureModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String w = getOrDefault(weightCol);
    @SuppressWarnings("unchecked")
    Dataset<Row> rows = (Dataset<Row>) dataset.toDF();
    EmMixtureModel fitted = new EmMixtureModel(uid, fitRows(rows, w.isEmpty() ? null : w));
    copyValues(fitted, extractParamMap());
    return fitted.setParent(this);
  }

  @Override
  public E copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new MlPersistence.ParamsWriter(this, null);
  }
}
