package org.em4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a benchmark data set and the common start: {@code data.bin} (N rows drawn from a random
 * K-component mixture of the given covariance type) and {@code start.txt} (means at K distinct
 * random rows, equal weights, every component with the covariance of the whole data, as
 * scikit-learn's {@code random_from_data} would start), all from {@code seed}.
 *
 * <p>Usage: {@code GenerateData N D K TYPE SEED DIR}
 */
public final class GenerateData {
  private GenerateData() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int d = Integer.parseInt(args[1]);
    int k = Integer.parseInt(args[2]);
    String type = args[3];
    long seed = Long.parseLong(args[4]);
    Path dir = Path.of(args[5]);
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(seed);
    // The truth: means spread over a cube, covariances with correlations.
    double[][] mu = new double[k][d];
    double[][][] chol = new double[k][d][d];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        mu[c][j] = 6 * (random.nextDouble() - 0.5);
      }
      switch (type) {
        case "full" -> {
          for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
              chol[c][i][j] = 0.4 * (random.nextDouble() - 0.5);
            }
            chol[c][i][i] = 0.5 + random.nextDouble();
          }
        }
        case "diag" -> {
          for (int i = 0; i < d; i++) {
            chol[c][i][i] = 0.5 + random.nextDouble();
          }
        }
        case "spherical" -> {
          double s = 0.5 + random.nextDouble();
          for (int i = 0; i < d; i++) {
            chol[c][i][i] = s;
          }
        }
        default -> throw new IllegalArgumentException("type must be full, diag or spherical");
      }
    }
    double[] x = new double[n * d];
    double[] z = new double[d];
    for (int r = 0; r < n; r++) {
      int c = random.nextInt(k);
      for (int j = 0; j < d; j++) {
        z[j] = random.nextGaussian();
      }
      for (int i = 0; i < d; i++) {
        double v = mu[c][i];
        for (int j = 0; j <= i; j++) {
          v += chol[c][i][j] * z[j];
        }
        x[r * d + i] = v;
      }
    }
    BenchFiles.writeData(dir.resolve("data.bin"), x);

    // The start: distinct random rows as means, the whole data's spread for every component.
    double[] mean = new double[d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[r * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] cov = new double[d][d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        double a = x[r * d + i] - mean[i];
        for (int j = 0; j <= i; j++) {
          cov[i][j] += a * (x[r * d + j] - mean[j]);
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        cov[i][j] /= n;
        cov[j][i] = cov[i][j];
      }
    }
    int[] rows = random.ints(0, n).distinct().limit(k).toArray();
    double[] w = new double[k];
    double[][] means = new double[k][];
    double[][][] start = new double[k][][];
    double avg = 0;
    for (int i = 0; i < d; i++) {
      avg += cov[i][i] / d;
    }
    for (int c = 0; c < k; c++) {
      w[c] = 1.0 / k;
      means[c] = new double[d];
      System.arraycopy(x, rows[c] * d, means[c], 0, d);
      start[c] =
          switch (type) {
            case "full" -> cov;
            case "diag" -> {
              double[] v = new double[d];
              for (int i = 0; i < d; i++) {
                v[i] = cov[i][i];
              }
              yield new double[][] {v};
            }
            default -> new double[][] {{avg}};
          };
    }
    BenchFiles.writeMixture(dir.resolve("start.txt"), new BenchFiles.Mixture(type, w, means, start));
  }
}
