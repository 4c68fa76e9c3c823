package org.em4j.engine;

/**
 * Sufficient statistics gathered by a family's E-step over some rows. Mutable and not
 * thread-safe: each thread fills its own, and the engine merges them in a fixed order, so the
 * result does not depend on the number of threads.
 *
 * @param <S> the concrete statistics type
 */
public interface Statistics<S extends Statistics<S>> extends java.io.Serializable {
  /**
   * Adds {@code other} into this object. Associative: merging chunk by chunk, partition by
   * partition or all at once gives the same statistics up to rounding (and exactly the same for
   * the same merge order).
   *
   * @param other statistics gathered under the same parameters; not modified
   */
  void merge(S other);

  /** Sets every accumulated value back to zero, so the object can be reused for another chunk. */
  void reset();
}
