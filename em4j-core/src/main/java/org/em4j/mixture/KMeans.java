package org.em4j.mixture;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.ChunkExecutor;

/**
 * k-means for starting values: greedy k-means++ seeding (Arthur and Vassilvitskii, "k-means++:
 * the advantages of careful seeding", SODA 2007, with {@code 2 + ln k} candidates per step as in
 * scikit-learn) followed by Lloyd's iterations. Row weights count as multiplicities.
 */
public final class KMeans {
  /** Lloyd iterations at most; a start need not be a converged k-means. */
  public static final int MAX_LLOYD_ITERATIONS = 100;

  private KMeans() {}

  /**
   * Cluster labels of every row.
   *
   * @throws InputException when the data has fewer than {@code k} distinct rows
   */
  public static int[] labels(Dataset data, int k, RandomGenerator random, ChunkExecutor exec) {
    double[] centers = seed(data, k, random);
    return lloyd(data, centers, k, exec);
  }

  /**
   * k-means++ centres: row-major {@code k x D}.
   *
   * @throws InputException when the data has fewer than {@code k} distinct rows
   */
  public static double[] seed(Dataset data, int k, RandomGenerator random) {
    int n = data.rows();
    int d = data.columns();
    double[] x = data.values();
    double[] centers = new double[k * d];
    double[] closest = new double[n];
    double[] candidateDist = new double[n];
    double[] bestDist = new double[n];
    int first = drawWeighted(data, null, random.nextDouble());
    System.arraycopy(x, first * d, centers, 0, d);
    double potential = 0;
    for (int i = 0; i < n; i++) {
      closest[i] = squaredDistance(x, i * d, centers, 0, d);
      potential += data.weight(i) * closest[i];
    }
    int trials = 2 + (int) Math.log(k);
    for (int c = 1; c < k; c++) {
      if (!(potential > 0)) {
        throw tooFewDistinctRows(data, k, c);
      }
      int bestCandidate = -1;
      double bestPotential = Double.POSITIVE_INFINITY;
      for (int t = 0; t < trials; t++) {
        int cand = drawWeighted(data, closest, random.nextDouble() * potential);
        double pot = 0;
        for (int i = 0; i < n; i++) {
          candidateDist[i] = Math.min(closest[i], squaredDistance(x, i * d, x, cand * d, d));
          pot += data.weight(i) * candidateDist[i];
        }
        if (pot < bestPotential) {
          bestPotential = pot;
          bestCandidate = cand;
          System.arraycopy(candidateDist, 0, bestDist, 0, n);
        }
      }
      System.arraycopy(x, bestCandidate * d, centers, c * d, d);
      System.arraycopy(bestDist, 0, closest, 0, n);
      potential = bestPotential;
    }
    return centers;
  }

  /** Lloyd's iterations from the given centres (modified) until no label changes. */
  static int[] lloyd(Dataset data, double[] centers, int k, ChunkExecutor exec) {
    int n = data.rows();
    int d = data.columns();
    double[] x = data.values();
    int[] labels = new int[n];
    Arrays.fill(labels, -1);
    int[] changed = new int[(n + ChunkExecutor.DEFAULT_CHUNK_ROWS - 1) / ChunkExecutor.DEFAULT_CHUNK_ROWS];
    double[] sums = new double[k * d];
    double[] counts = new double[k];
    for (int iter = 0; iter < MAX_LLOYD_ITERATIONS; iter++) {
      Arrays.fill(changed, 0);
      exec.forEach(
          n,
          ChunkExecutor.DEFAULT_CHUNK_ROWS,
          (from, to) -> {
            int moved = 0;
            for (int i = from; i < to; i++) {
              int best = 0;
              double bestDist = Double.POSITIVE_INFINITY;
              for (int c = 0; c < k; c++) {
                double dist = squaredDistance(x, i * d, centers, c * d, d);
                if (dist < bestDist) {
                  bestDist = dist;
                  best = c;
                }
              }
              if (labels[i] != best) {
                labels[i] = best;
                moved++;
              }
            }
            changed[from / ChunkExecutor.DEFAULT_CHUNK_ROWS] = moved;
          });
      if (Arrays.stream(changed).sum() == 0) {
        break;
      }
      Arrays.fill(sums, 0);
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        double w = data.weight(i);
        int c = labels[i];
        counts[c] += w;
        for (int j = 0; j < d; j++) {
          sums[c * d + j] += w * x[i * d + j];
        }
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] > 0) { // an emptied cluster keeps its centre
          for (int j = 0; j < d; j++) {
            centers[c * d + j] = sums[c * d + j] / counts[c];
          }
        }
      }
    }
    return labels;
  }

  private static int drawWeighted(Dataset data, double[] dist, double u) {
    int n = data.rows();
    if (dist == null) {
      double total = data.totalWeight();
      double target = u * total;
      double acc = 0;
      for (int i = 0; i < n; i++) {
        acc += data.weight(i);
        if (acc > target) {
          return i;
        }
      }
      return lastPositive(data, null);
    }
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += data.weight(i) * dist[i];
      if (acc > u) {
        return i;
      }
    }
    return lastPositive(data, dist);
  }

  private static int lastPositive(Dataset data, double[] dist) {
    for (int i = data.rows() - 1; i >= 0; i--) {
      if (data.weight(i) > 0 && (dist == null || dist[i] > 0)) {
        return i;
      }
    }
    return data.rows() - 1;
  }

  static double squaredDistance(double[] a, int aOff, double[] b, int bOff, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      double t = a[aOff + j] - b[bOff + j];
      s += t * t;
    }
    return s;
  }

  private static InputException tooFewDistinctRows(Dataset data, int k, int found) {
    return new InputException(
        data.source()
            + " has only "
            + found
            + " distinct rows (with positive weight), fewer than the "
            + k
            + " components asked for");
  }
}
