package org.em4j.properties;

import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.engine.Statistics;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureParameters;

/**
 * One family (with its settings) as the property tests see it: how to draw a random valid model
 * and how to tell whether a fit recovered one. Every family em4j has gets a case in {@link
 * FamilyCases}, so every property runs on every family.
 *
 * @param <P> the family's parameters
 * @param <S> its statistics
 */
public interface FamilyCase<P extends MixtureParameters, S extends Statistics<S>> {
  /** A short name for failure messages. */
  String name();

  /** The family under test. */
  MixtureFamily<P, S> family();

  /**
   * A random valid model with {@code k} components in dimension {@code d} whose components are
   * far enough apart that a sample of a few thousand rows identifies them.
   */
  P randomModel(SplittableRandom random, int k, int d);

  /**
   * Checks that {@code fitted}, fitted to {@code n} rows drawn from {@code truth}, is close to it
   * up to a relabelling of the components, within a few standard errors.
   */
  void assertRecovers(P truth, P fitted, int n);

  /** The data shifted by {@code delta} in every column, or {@code null} when the family has no location. */
  default Dataset shift(Dataset data, double delta) {
    return null;
  }

  /** The parameters with every location shifted by {@code delta}; {@code null} as for {@link #shift}. */
  default P shift(P params, double delta) {
    return null;
  }
}
