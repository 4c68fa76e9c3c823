package org.em4j.spark.ml;

import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.em4j.mixture.MixtureModel;
import org.em4j.spark.SparkData;
import org.em4j.spark.SparkFitter;

/**
 * A Spark ML {@code Estimator} that fits a Gaussian mixture with em4j's EM on the cluster ({@link
 * SparkFitter}: broadcast parameters, fused E-step per partition, tree aggregation, M-step on the
 * driver; Dempster, Laird and Rubin 1977). A drop-in for Spark MLlib's {@code GaussianMixture} in
 * a {@code Pipeline}, with em4j's covariance types, restarts and starts, and the em4j model file
 * as the saved model.
 *
 * <p>It is {@link EmMixture} with the family fixed to {@code gaussian} and the values always from
 * the {@code featuresCol} vector: the params, the fit and the fitted {@link EmMixtureModel} are
 * the shared ones of {@link MixtureEstimator}, so both estimators fit the same model from the same
 * params.
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
public final class EmGaussianMixture extends MixtureEstimator<EmGaussianMixture> {
  private static final long serialVersionUID = 1L;

  /** An estimator with a random uid and the defaults. */
  public EmGaussianMixture() {
    this(Identifiable.randomUID("em4jGmm"));
  }

  /** An estimator with this uid and the defaults (used when copying and loading). */
  public EmGaussianMixture(String uid) {
    super(uid);
  }

  @Override
  MixtureModel<?> fitRows(Dataset<Row> rows, String weights) {
    try (SparkData data =
        SparkData.fromVectors(rows, getOrDefault(featuresCol()), weights, uid())) {
      return fit(gaussianFamily(), data);
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return EmMixtureModel.outputSchema(
        schema,
        getOrDefault(featuresCol()),
        getOrDefault(predictionCol()),
        getOrDefault(probabilityCol()));
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
