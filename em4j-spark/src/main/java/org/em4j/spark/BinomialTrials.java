package org.em4j.spark;

import java.util.HashMap;
import java.util.Map;

/**
 * The number of trials a {@code BinomialFamily} fitted on the cluster samples with: the most
 * frequent number of trials of the data (the smallest on ties), at least 1, as the local command
 * line chooses it. One job over the blocks of (successes, trials) rows; a missing ({@code NaN})
 * number of trials is not counted. Shared by the {@code em4j-spark fit} command and the Spark ML
 * {@code EmMixture}.
 */
public final class BinomialTrials {
  private BinomialTrials() {}

  /**
   * The usual number of trials of two-column (successes, trials) data.
   *
   * @param data rows of (successes, trials)
   * @return the most frequent number of trials, the smallest on ties, at least 1
   */
  public static int usual(SparkData data) {
    Map<Double, Long> counts =
        data.blocks().map(BinomialTrials::counts).fold(new HashMap<>(), BinomialTrials::merge);
    double best = 1;
    long bestCount = 0;
    for (Map.Entry<Double, Long> e : counts.entrySet()) {
      if (e.getValue() > bestCount || e.getValue() == bestCount && e.getKey() < best) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return (int) Math.max(1, Math.min(best, Integer.MAX_VALUE));
  }

  private static HashMap<Double, Long> counts(Block b) {
    HashMap<Double, Long> m = new HashMap<>();
    for (int i = 0; i < b.rows(); i++) {
      double t = b.values()[i * 2 + 1];
      if (!Double.isNaN(t)) {
        m.merge(t, 1L, Long::sum);
      }
    }
    return m;
  }

  private static HashMap<Double, Long> merge(HashMap<Double, Long> a, HashMap<Double, Long> b) {
    HashMap<Double, Long> m = new HashMap<>(a);
    b.forEach((key, v) -> m.merge(key, v, Long::sum));
    return m;
  }
}
