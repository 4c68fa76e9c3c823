package org.em4j.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.em4j.data.Dataset;
import org.em4j.engine.EStep;
import org.em4j.engine.Family;
import org.em4j.engine.Statistics;

/**
 * The E-step on Spark, in the pattern of Spark MLlib's {@code GaussianMixture}: the parameters are
 * broadcast, every partition runs the family's own fused E-step ({@link Family#accumulate}) over
 * its cached rows, chunk by chunk, and returns one statistics object with its log-likelihood;
 * the partitions' statistics are combined with {@code treeAggregate} and merged into the
 * driver's target; the broadcast is destroyed when the pass is done.
 *
 * <p>The order in which Spark combines partitions is not fixed, so results agree with the local
 * engine, and across partition counts, up to rounding (not bit for bit).
 *
 * @param <P> the family's parameters
 * @param <S> the family's statistics
 */
public final class SparkEStep<P, S extends Statistics<S>> implements EStep<P, S> {
  private final Family<P, S> family;
  private final JavaRDD<Block> blocks;
  private final List<String> columnNames;
  private final String source;
  private final int chunkRows;
  private final int depth;

  /**
   * @param family the family whose E-step runs on the executors
   * @param data the cached rows
   * @param chunkRows rows per call of {@link Family#accumulate} within a partition
   * @param depth depth of the aggregation tree, at least 1 (Spark's default is 2)
   */
  public SparkEStep(Family<P, S> family, SparkData data, int chunkRows, int depth) {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunk rows must be at least 1, got " + chunkRows);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("the aggregation depth must be at least 1, got " + depth);
    }
    this.family = family;
    this.blocks = data.blocks();
    this.columnNames = data.columnNames();
    this.source = data.source();
    this.chunkRows = chunkRows;
    this.depth = depth;
  }

  @Override
  public double run(P params, S target) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
    Broadcast<P> shared = sc.broadcast(params);
    try {
      Family<P, S> fam = family;
      List<String> names = columnNames;
      String src = source;
      int chunk = chunkRows;
      JavaRDD<Partial<S>> partials =
          blocks.mapPartitions(it -> onePartition(fam, shared.value(), it, names, src, chunk));
      Partial<S> total =
          partials.treeAggregate(new Partial<>(), Partial::merge, Partial::merge, depth);
      if (total.stats != null) {
        target.merge(total.stats);
      }
      return total.logLikelihood;
    } catch (Exception e) {
      throw SparkErrors.unwrap(e);
    } finally {
      shared.destroy();
    }
  }

  private static <P, S extends Statistics<S>> Iterator<Partial<S>> onePartition(
      Family<P, S> family,
      P params,
      Iterator<Block> it,
      List<String> names,
      String source,
      int chunkRows) {
    if (!it.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    Partial<S> out = new Partial<>();
    out.stats = family.newStatistics(params);
    while (it.hasNext()) {
      Dataset data = it.next().dataset(names, source);
      for (int from = 0; from < data.rows(); from += chunkRows) {
        int to = Math.min(data.rows(), from + chunkRows);
        out.logLikelihood += family.accumulate(params, data, from, to, out.stats);
      }
    }
    return List.of(out).iterator();
  }

  /** One partition's (or several merged partitions') statistics and log-likelihood. */
  static final class Partial<S extends Statistics<S>> implements Serializable {
    private static final long serialVersionUID = 1L;

    S stats;
    double logLikelihood;

    /** Adds {@code b} into {@code a} and returns {@code a}. */
    static <S extends Statistics<S>> Partial<S> merge(Partial<S> a, Partial<S> b) {
      if (b.stats != null) {
        if (a.stats == null) {
          a.stats = b.stats;
        } else {
          a.stats.merge(b.stats);
        }
      }
      a.logLikelihood += b.logLikelihood;
      return a;
    }
  }
}
