package org.em4j.engine;

/**
 * One E-step over all rows, wherever they live: in memory on this machine ({@link
 * EmEngine#eStep}, chunk by chunk on a {@link ChunkExecutor}) or spread over a cluster (the Spark
 * module). {@link EmEngine} drives the loop, convergence test and trace around any of them, so a
 * new place for the data needs only this one method.
 *
 * @param <P> the family's parameters
 * @param <S> the family's sufficient statistics
 */
@FunctionalInterface
public interface EStep<P, S extends Statistics<S>> {
  /**
   * Runs the family's fused E-step under {@code params} over every row.
   *
   * @param target filled with the merged statistics of all rows; starts empty (made by {@link
   *     Family#newStatistics} for {@code params})
   * @return the weighted log-likelihood of all rows under {@code params}
   */
  double run(P params, S target);
}
