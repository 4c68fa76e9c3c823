package org.em4j.gaussian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.junit.jupiter.api.Test;

/** Conditional expectations and draws of missing values, against closed forms. */
class GaussianImputerTest {
  private static Dataset repeated(double[] row, int n) {
    double[] v = new double[n * row.length];
    for (int i = 0; i < n; i++) {
      System.arraycopy(row, 0, v, i * row.length, row.length);
    }
    return Dataset.of(v, n, row.length);
  }

  @Test
  void oneComponentInTwoDimensionsHasTheTextbookConditional() {
    // x2 | x1 ~ N(mu2 + s12 / s11 (x1 - mu1), s22 - s12^2 / s11)
    double mu1 = 1;
    double mu2 = -2;
    double s11 = 2;
    double s12 = 0.8;
    double s22 = 1.5;
    GaussianParameters p =
        GaussianParameters.fromFull(
            CovarianceType.FULL,
            new double[] {1},
            new double[][] {{mu1, mu2}},
            new double[][][] {{{s11, s12}, {s12, s22}}});
    double x1 = 2.5;
    double mean = mu2 + s12 / s11 * (x1 - mu1);
    double var = s22 - s12 * s12 / s11;
    Dataset data = repeated(new double[] {x1, Double.NaN}, 40000);
    double[] filled = GaussianImputer.conditionalMeans(p, data);
    assertEquals(mean, filled[1], 1e-14);
    assertEquals(x1, filled[0], 0.0);
    double[] drawn = GaussianImputer.draw(p, data, new SplittableRandom(5));
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < data.rows(); i++) {
      assertEquals(x1, drawn[2 * i], 0.0);
      sum += drawn[2 * i + 1];
    }
    double sampleMean = sum / data.rows();
    for (int i = 0; i < data.rows(); i++) {
      double r = drawn[2 * i + 1] - sampleMean;
      sq += r * r;
    }
    double sampleVar = sq / (data.rows() - 1);
    double se = Math.sqrt(var / data.rows());
    assertEquals(mean, sampleMean, 5 * se);
    // The variance of a sample variance of normals is 2 var^2 / (n - 1).
    assertEquals(var, sampleVar, 5 * var * Math.sqrt(2.0 / (data.rows() - 1)));
  }

  @Test
  void drawsFromAMixtureAverageToTheConditionalExpectation() {
    GaussianParameters p = McarSimulation.truth(CovarianceType.FULL);
    Dataset data = repeated(new double[] {1.2, Double.NaN, Double.NaN, 0.4}, 40000);
    double[] expected = GaussianImputer.conditionalMeans(p, data);
    double[] drawn = GaussianImputer.draw(p, data, new SplittableRandom(8));
    for (int j : new int[] {1, 2}) {
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < data.rows(); i++) {
        sum += drawn[4 * i + j];
        sq += drawn[4 * i + j] * drawn[4 * i + j];
      }
      double m = sum / data.rows();
      double sd = Math.sqrt(sq / data.rows() - m * m);
      assertEquals(expected[j], m, 5 * sd / Math.sqrt(data.rows()), "column " + j);
    }
  }

  @Test
  void drawsAreReproducibleFromTheSeedAndLeaveObservedValuesAlone() {
    GaussianParameters p = McarSimulation.truth(CovarianceType.TIED);
    Dataset data =
        Dataset.of(new double[] {1, Double.NaN, 3, 4, 5, 6, 7, 8, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN}, 3, 4);
    double[] a = GaussianImputer.draw(p, data, new SplittableRandom(3));
    double[] b = GaussianImputer.draw(p, data, new SplittableRandom(3));
    assertArrayEquals(a, b);
    for (int i = 0; i < 12; i++) {
      if (!Double.isNaN(data.values()[i])) {
        assertEquals(data.values()[i], a[i], 0.0);
      } else {
        assertEquals(false, Double.isNaN(a[i]));
      }
    }
  }

  @Test
  void aRowWithNothingObservedGetsTheMixtureMean() {
    GaussianParameters p = McarSimulation.truth(CovarianceType.DIAG);
    double[] nan = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    double[] filled = GaussianImputer.conditionalMeans(p, Dataset.of(nan, 1, 4));
    for (int j = 0; j < 4; j++) {
      assertEquals(p.weight(0) * p.mean(0)[j] + p.weight(1) * p.mean(1)[j], filled[j], 1e-14);
    }
  }

  @Test
  void dataOfTheWrongShapeIsRejected() {
    GaussianParameters p = McarSimulation.truth(CovarianceType.SPHERICAL);
    InputException e =
        assertThrows(
            InputException.class,
            () -> GaussianImputer.conditionalMeans(p, Dataset.of(new double[] {1, 2}, 1, 2)));
    assertEquals("data has 2 columns but the model has dimension 4", e.getMessage());
  }
}
