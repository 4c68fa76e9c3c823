/**
 * Spark ML front end: the estimators {@link org.em4j.spark.ml.EmMixture} (any family) and {@link
 * org.em4j.spark.ml.EmGaussianMixture} (Gaussian), which share {@link
 * org.em4j.spark.ml.MixtureEstimator}'s params and fit, and the {@link
 * org.em4j.spark.ml.EmMixtureModel} they fit, usable in a {@code Pipeline} and saved with Spark ML
 * persistence around the em4j model file.
 */
package org.em4j.spark.ml;
