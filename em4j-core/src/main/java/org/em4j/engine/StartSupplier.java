package org.em4j.engine;

import java.util.SplittableRandom;

/**
 * Where each run of a fit with restarts starts: drawn from the data with the run's own generator,
 * or a given model.
 *
 * @param <P> the family's parameters
 */
@FunctionalInterface
public interface StartSupplier<P> {
  /**
   * The start of run {@code restart}.
   *
   * @param random the run's generator, split from the fit's seed; use it for every draw
   * @throws org.em4j.data.InputException when no start can be drawn from the data
   */
  P start(int restart, SplittableRandom random);
}
