/**
 * em4j: maximum-likelihood fitting of latent-variable models with the Expectation-Maximization
 * algorithm.
 *
 * <p>The layers, from the bottom up: {@link org.em4j.kernel} (numerical kernels), the families
 * ({@link org.em4j.gaussian}, ...), {@link org.em4j.engine} (the EM loop, written once), {@link
 * org.em4j.mixture} (the fitted-model API) and {@link org.em4j.io} (the model file). {@link
 * org.em4j.data} holds the one in-memory data form every layer reads.
 */
package org.em4j;
