package org.em4j.discrete;

import java.util.Arrays;

/**
 * The values of one latent class model: K weights and, per component (class), a probability table
 * per categorical column: {@code P(x_j = level l | class c)}. Stored flat, component by component,
 * each column's levels in code order. Immutable; validated on construction.
 */
public final class CategoricalParameters extends DiscreteParameters {
  private static final long serialVersionUID = 1L;

  private final int[] levelCounts;
  /** Where column j's levels start within a component's block. */
  final int[] offsets;
  final int levelsTotal;
  final double[] logProb;

  /**
   * @param weights K mixing weights; copied
   * @param levelCounts number of levels of every column (D entries, each at least 1); copied
   * @param probabilities {@code K x sum(levelCounts)}: for each component, for each column, the
   *     probability of each level; each column's probabilities are {@code >= 0} and sum to 1
   *     within {@link #SUM_TOLERANCE} (they are renormalised); copied
   * @throws IllegalArgumentException naming the first invalid value
   */
  public CategoricalParameters(double[] weights, int[] levelCounts, double[] probabilities) {
    super(weights, normalised(weights.length, levelCounts, probabilities));
    this.levelCounts = levelCounts.clone();
    this.offsets = offsets(levelCounts);
    this.levelsTotal = offsets[levelCounts.length];
    this.logProb = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      logProb[i] = Math.log(values[i]);
    }
  }

  private static int[] offsets(int[] counts) {
    int[] off = new int[counts.length + 1];
    for (int j = 0; j < counts.length; j++) {
      off[j + 1] = off[j] + counts[j];
    }
    return off;
  }

  private static double[] normalised(int k, int[] counts, double[] prob) {
    if (counts.length < 1) {
      throw new IllegalArgumentException("categorical data needs at least one column");
    }
    int total = 0;
    for (int j = 0; j < counts.length; j++) {
      if (counts[j] < 1) {
        throw new IllegalArgumentException(
            "column " + (j + 1) + " needs at least one level, got " + counts[j]);
      }
      total += counts[j];
    }
    if (prob.length != k * total) {
      throw new IllegalArgumentException(
          "found " + prob.length + " probabilities, expected " + k + " x " + total);
    }
    double[] out = prob.clone();
    for (int c = 0; c < k; c++) {
      int o = c * total;
      for (int j = 0; j < counts.length; j++) {
        double sum = 0;
        for (int l = 0; l < counts[j]; l++) {
          double p = out[o + l];
          checkProbability(
              p, "probability of level " + (l + 1) + " of column " + (j + 1) + " in component "
                  + (c + 1));
          sum += p;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
          throw new IllegalArgumentException(
              "the probabilities of column " + (j + 1) + " in component " + (c + 1) + " sum to "
                  + sum + ", not 1");
        }
        // a table summing to 1 up to rounding is kept as it is (see DiscreteParameters)
        double scale = Math.abs(sum - 1) <= counts[j] * Math.ulp(1.0) ? 1 : sum;
        for (int l = 0; l < counts[j]; l++) {
          out[o + l] /= scale;
        }
        o += counts[j];
      }
    }
    return out;
  }

  @Override
  public int dimension() {
    return levelCounts.length;
  }

  /** Number of levels of every column (a copy). */
  public int[] levelCounts() {
    return levelCounts.clone();
  }

  /** {@code P(column j = level l | component c)}. */
  public double probability(int c, int j, int level) {
    if (level < 0 || level >= levelCounts[j]) {
      throw new IndexOutOfBoundsException(
          "level " + level + " of column " + (j + 1) + ", which has " + levelCounts[j]);
    }
    return values[c * levelsTotal + offsets[j] + level];
  }

  /** The probabilities of column {@code j}'s levels in component {@code c} (a copy). */
  public double[] probabilities(int c, int j) {
    int o = c * levelsTotal + offsets[j];
    return Arrays.copyOfRange(values, o, o + levelCounts[j]);
  }

  @Override
  boolean sameShape(DiscreteParameters other) {
    return Arrays.equals(((CategoricalParameters) other).levelCounts, levelCounts);
  }
}
