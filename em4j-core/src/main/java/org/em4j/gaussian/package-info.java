/**
 * The Gaussian mixture family, in any dimension, with full, diagonal, spherical or tied
 * covariances.
 */
package org.em4j.gaussian;
