package org.em4j.spark.ml;

import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.MixtureModel;
import org.em4j.spark.SparkData;
import org.em4j.spark.SparkFitter;

/**
 * A Spark ML {@code Estimator} that fits a Gaussian mixture with em4j's EM on the cluster ({@link
 * SparkFitter}: broadcast parameters, fused E-step per partition, tree aggregation, M-step on the
 * driver). A drop-in for Spark MLlib's {@code GaussianMixture} in a {@code Pipeline}, with em4j's
 * covariance types, restarts and starts, and the em4j model file as the saved model.
 *
 * <pre>{@code
 * EmGaussianMixture gmm = new EmGaussianMixture().setK(3).setCovarianceType("diag");
 * PipelineModel fitted = new Pipeline()
 *     .setStages(new PipelineStage[] {assembler, gmm}).fit(df);
 * }</pre>
 *
 * <p>{@code tol} is em4j's: the change of the mean log-likelihood per row (or per unit of weight)
 * between iterations; 0 runs exactly {@code maxIter} iterations.
 */
public final class EmGaussianMixture extends Estimator<EmMixtureModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;

  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final Param<String> weightCol;
  private final IntParam k;
  private final Param<String> covarianceType;
  private final IntParam maxIter;
  private final DoubleParam tol;
  private final LongParam seed;
  private final IntParam restarts;
  private final Param<String> initMode;
  private final IntParam initSampleSize;
  private final DoubleParam regParam;
  private final IntParam aggregationDepth;

  /** An estimator with a random uid and the defaults. */
  public EmGaussianMixture() {
    this(Identifiable.randomUID("em4jGmm"));
  }

  /** An estimator with this uid and the defaults (used when copying and loading). */
  public EmGaussianMixture(String uid) {
    this.uid = uid; // before the params, which take their parent's uid
    featuresCol = new Param<>(this, "featuresCol", "features column name (a vector column)");
    predictionCol = new Param<>(this, "predictionCol", "prediction column name: the most probable component");
    probabilityCol = new Param<>(this, "probabilityCol", "column of the components' posterior probabilities");
    weightCol = new Param<>(this, "weightCol", "row weight column name; empty for unit weights");
    k = new IntParam(this, "k", "number of mixture components (> 0)", ParamValidators.gtEq(1));
    covarianceType = new Param<>(this, "covarianceType", "covariance structure: full, diag, spherical or tied", ParamValidators.inArray(new String[] {"full", "diag", "spherical", "tied"}));
    maxIter = new IntParam(this, "maxIter", "iteration limit per run (>= 0)", ParamValidators.gtEq(0));
    tol = new DoubleParam(this, "tol", "convergence tolerance on the mean log-likelihood per row (>= 0)", ParamValidators.gtEq(0));
    seed = new LongParam(this, "seed", "random seed");
    restarts = new IntParam(this, "restarts", "runs from different random starts; the best wins (> 0)", ParamValidators.gtEq(1));
    initMode = new Param<>(this, "initMode", "how starts are drawn: kmeans++, random or random-points", ParamValidators.inArray(new String[] {"kmeans++", "random", "random-points"}));
    initSampleSize = new IntParam(this, "initSampleSize", "rows collected to the driver to draw starts from (> 0)", ParamValidators.gtEq(1));
    regParam = new DoubleParam(this, "regParam", "added to every covariance diagonal (>= 0)", ParamValidators.gtEq(0));
    aggregationDepth = new IntParam(this, "aggregationDepth", "depth of the tree that combines the partitions' statistics (>= 1)", ParamValidators.gtEq(1));
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(weightCol, "");
    setDefault(k, 2);
    setDefault(covarianceType, "full");
    setDefault(maxIter, EmOptions.DEFAULT_MAX_ITERATIONS);
    setDefault(tol, EmOptions.DEFAULT_TOLERANCE);
    setDefault(seed, 0L);
    setDefault(restarts, 1);
    setDefault(initMode, "kmeans++");
    setDefault(initSampleSize, SparkFitter.DEFAULT_INIT_SAMPLE_ROWS);
    setDefault(regParam, GaussianFamily.DEFAULT_REGULARIZATION);
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

  /** Param: covariance structure, full, diag, spherical or tied. Default {@code full}. */
  public Param<String> covarianceType() {
    return covarianceType;
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

  /** Param: covariance regularisation. Default 1e-6 (scikit-learn's {@code reg_covar}). */
  public DoubleParam regParam() {
    return regParam;
  }

  /** Param: depth of the aggregation tree. Default 2. */
  public IntParam aggregationDepth() {
    return aggregationDepth;
  }

  /** Sets {@link #featuresCol()}. */
  public EmGaussianMixture setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  /** Sets {@link #predictionCol()}. */
  public EmGaussianMixture setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /** Sets {@link #probabilityCol()}. */
  public EmGaussianMixture setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  /** Sets {@link #weightCol()}. */
  public EmGaussianMixture setWeightCol(String value) {
    set(weightCol, value);
    return this;
  }

  /** Sets {@link #k()}. */
  public EmGaussianMixture setK(int value) {
    set(k, value);
    return this;
  }

  /** Sets {@link #covarianceType()}. */
  public EmGaussianMixture setCovarianceType(String value) {
    set(covarianceType, value.toLowerCase(Locale.ROOT));
    return this;
  }

  /** Sets {@link #maxIter()}. */
  public EmGaussianMixture setMaxIter(int value) {
    set(maxIter, value);
    return this;
  }

  /** Sets {@link #tol()}. */
  public EmGaussianMixture setTol(double value) {
    set(tol, value);
    return this;
  }

  /** Sets {@link #seed()}. */
  public EmGaussianMixture setSeed(long value) {
    set(seed, value);
    return this;
  }

  /** Sets {@link #restarts()}. */
  public EmGaussianMixture setRestarts(int value) {
    set(restarts, value);
    return this;
  }

  /** Sets {@link #initMode()}. */
  public EmGaussianMixture setInitMode(String value) {
    set(initMode, value.toLowerCase(Locale.ROOT));
    return this;
  }

  /** Sets {@link #initSampleSize()}. */
  public EmGaussianMixture setInitSampleSize(int value) {
    set(initSampleSize, value);
    return this;
  }

  /** Sets {@link #regParam()}. */
  public EmGaussianMixture setRegParam(double value) {
    set(regParam, value);
    return this;
  }

  /** Sets {@link #aggregationDepth()}. */
  public EmGaussianMixture setAggregationDepth(int value) {
    set(aggregationDepth, value);
    return this;
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

  /** The family these params stand for. */
  GaussianFamily family() {
    return new GaussianFamily(
        CovarianceType.parse(getOrDefault(covarianceType)), (Double) getOrDefault(regParam));
  }

  @Override
  public EmMixtureModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    String w = getOrDefault(weightCol);
    @SuppressWarnings("unchecked")
    Dataset<Row> rows = (Dataset<Row>) dataset.toDF();
    MixtureModel<GaussianParameters> model;
    try (SparkData data =
        SparkData.fromVectors(rows, getOrDefault(featuresCol), w.isEmpty() ? null : w, uid)) {
      model =
          new SparkFitter<>(family(), options())
              .initSampleRows((Integer) getOrDefault(initSampleSize))
              .depth((Integer) getOrDefault(aggregationDepth))
              .fit(data);
    }
    EmMixtureModel fitted = new EmMixtureModel(uid, model);
    copyValues(fitted, extractParamMap());
    return fitted.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return EmMixtureModel.outputSchema(
        schema, getOrDefault(featuresCol), getOrDefault(predictionCol), getOrDefault(probabilityCol));
  }

  @Override
  public EmGaussianMixture copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new MlPersistence.ParamsWriter(this, null);
  }

  /** Reads an estimator saved with {@link #write()}. */
  public static MLReader<EmGaussianMixture> read() {
    return new MlPersistence.ParamsReader<>(EmGaussianMixture.class);
  }

  /** Loads an estimator saved at {@code path}. */
  public static EmGaussianMixture load(String path) {
    return read().load(path);
  }
}
