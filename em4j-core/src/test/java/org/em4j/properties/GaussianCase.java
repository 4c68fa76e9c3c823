package org.em4j.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.gaussian.GaussianStatistics;
import org.em4j.mixture.MixtureFamily;

/** Gaussian mixtures of one covariance type, for the property tests. */
final class GaussianCase implements FamilyCase<GaussianParameters, GaussianStatistics> {
  private final CovarianceType type;
  private final GaussianFamily family;

  GaussianCase(CovarianceType type) {
    this.type = type;
    this.family = new GaussianFamily(type);
  }

  @Override
  public String name() {
    return "gaussian " + type.label();
  }

  @Override
  public MixtureFamily<GaussianParameters, GaussianStatistics> family() {
    return family;
  }

  @Override
  public GaussianParameters randomModel(SplittableRandom random, int k, int d) {
    double[] w = new double[k];
    double sum = 0;
    for (int c = 0; c < k; c++) {
      w[c] = 0.5 + random.nextDouble();
      sum += w[c];
    }
    double[][] means = new double[k][d];
    double[][][] covs = new double[k][][];
    double[][] tied = randomCovariance(random, d);
    for (int c = 0; c < k; c++) {
      w[c] /= sum;
      for (int j = 0; j < d; j++) {
        // components 12 units apart along the diagonal, standard deviations at most about 1.7
        means[c][j] = 12.0 * c + random.nextDouble(-1, 1) + 100 * (j == 0 ? 0 : random.nextDouble(-1, 1));
      }
      covs[c] = type == CovarianceType.TIED ? tied : randomCovariance(random, d);
    }
    return GaussianParameters.fromFull(type, w, means, covs);
  }

  private double[][] randomCovariance(SplittableRandom random, int d) {
    double[][] s = new double[d][d];
    switch (type) {
      case SPHERICAL -> {
        double v = random.nextDouble(0.3, 2);
        for (int i = 0; i < d; i++) {
          s[i][i] = v;
        }
      }
      case DIAG -> {
        for (int i = 0; i < d; i++) {
          s[i][i] = random.nextDouble(0.3, 2);
        }
      }
      default -> {
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            a[i][j] = random.nextDouble(-0.8, 0.8);
          }
        }
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            double v = i == j ? 0.3 : 0;
            for (int m = 0; m < d; m++) {
              v += a[i][m] * a[j][m];
            }
            s[i][j] = v;
          }
        }
        for (int i = 0; i < d; i++) { // exactly symmetric
          for (int j = 0; j < i; j++) {
            s[i][j] = s[j][i];
          }
        }
      }
    }
    return s;
  }

  @Override
  public void assertRecovers(GaussianParameters truth, GaussianParameters fitted, int n) {
    int k = truth.components();
    int d = truth.dimension();
    for (int c = 0; c < k; c++) {
      // the fitted component nearest to this true mean
      double[] mu = truth.mean(c);
      int best = -1;
      double bestDist = Double.POSITIVE_INFINITY;
      for (int f = 0; f < k; f++) {
        double dist = 0;
        double[] m = fitted.mean(f);
        for (int j = 0; j < d; j++) {
          dist += (m[j] - mu[j]) * (m[j] - mu[j]);
        }
        if (dist < bestDist) {
          bestDist = dist;
          best = f;
        }
      }
      double nc = n * truth.weight(c);
      double seWeight = Math.sqrt(truth.weight(c) * (1 - truth.weight(c)) / n);
      assertTrue(
          Math.abs(fitted.weight(best) - truth.weight(c)) <= 6 * seWeight + 1e-12,
          name() + ": weight " + fitted.weight(best) + " vs " + truth.weight(c));
      double[] sigma = truth.covariance(c);
      double[] fsigma = fitted.covariance(best);
      for (int j = 0; j < d; j++) {
        double sd = Math.sqrt(sigma[j * d + j]);
        assertTrue(
            Math.abs(fitted.mean(best)[j] - mu[j]) <= 6 * sd / Math.sqrt(nc),
            name() + ": mean[" + j + "] " + fitted.mean(best)[j] + " vs " + mu[j]);
        for (int i = 0; i < d; i++) {
          // se of a sample covariance: sqrt((s_ii s_jj + s_ij^2) / n)
          double se =
              Math.sqrt((sigma[i * d + i] * sigma[j * d + j] + sigma[i * d + j] * sigma[i * d + j])
                  / (type == CovarianceType.TIED ? n : type == CovarianceType.SPHERICAL ? nc * d : nc));
          assertTrue(
              Math.abs(fsigma[i * d + j] - sigma[i * d + j]) <= 6 * se + 1e-5,
              name() + ": covariance(" + i + "," + j + ") " + fsigma[i * d + j] + " vs "
                  + sigma[i * d + j]);
        }
      }
    }
  }

  @Override
  public Dataset shift(Dataset data, double delta) {
    double[] v = data.values().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] += delta;
    }
    return new Dataset(v, data.rows(), data.columns(), data.columnNames(), null, data.source());
  }

  @Override
  public GaussianParameters shift(GaussianParameters p, double delta) {
    double[] m = p.means();
    for (int i = 0; i < m.length; i++) {
      m[i] += delta;
    }
    return new GaussianParameters(type, p.dimension(), p.weights(), m, p.compactCovariances());
  }
}
