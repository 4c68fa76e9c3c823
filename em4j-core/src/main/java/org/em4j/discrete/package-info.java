/**
 * Discrete mixture families: binomial (the two-coin and three-coin models), Bernoulli,
 * categorical (latent class analysis) and Poisson. Each plugs into the one EM engine through
 * {@link org.em4j.discrete.DiscreteFamily}, which implements {@link
 * org.em4j.mixture.MixtureFamily}; {@link org.em4j.discrete.DiscreteCodecs} registers their parts
 * of the model file.
 */
package org.em4j.discrete;
