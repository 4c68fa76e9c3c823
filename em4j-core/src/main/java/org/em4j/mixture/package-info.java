/**
 * Finite mixtures: the contract a mixture family adds to {@link org.em4j.engine.Family}, the
 * fitter that runs the engine with restarts, and the immutable fitted model that predicts,
 * scores, samples and reports BIC / AIC.
 */
package org.em4j.mixture;
