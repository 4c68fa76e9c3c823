/**
 * Spark ML front end: the {@link org.em4j.spark.ml.EmGaussianMixture} estimator and the {@link
 * org.em4j.spark.ml.EmMixtureModel} it fits, usable in a {@code Pipeline} and saved with Spark ML
 * persistence around the em4j model file.
 */
package org.em4j.spark.ml;
