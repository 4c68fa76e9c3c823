package org.em4j.gaussian;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;

/**
 * A missing-completely-at-random experiment: draw N rows from a known two-component mixture in
 * dimension 4, remove each cell with probability 20 %, and fit three ways: em4j's exact
 * observed-data EM on every row; EM after dropping the incomplete rows (complete-case analysis);
 * EM after replacing each missing value with its column mean. The error of each fit is measured
 * against the truth after matching components.
 *
 * <p>{@code main} prints the table of {@code docs/missing-data.md}: {@code java -cp
 * em4j-core/target/classes:em4j-core/target/test-classes org.em4j.gaussian.McarSimulation}.
 */
public final class McarSimulation {
  static final int DIMENSION = 4;
  static final double MISSING = 0.2;

  /** How a fit is obtained from data with missing values. */
  enum Method {
    EM4J("em4j (observed-data EM)"),
    COMPLETE_CASE("drop incomplete rows"),
    MEAN_IMPUTATION("mean imputation");

    final String label;

    Method(String label) {
      this.label = label;
    }
  }

  /** Errors of one fit against the truth. */
  record Errors(double means, double covariances, double weights) {}

  private McarSimulation() {}

  /** The true mixture, with the structure of {@code type}. */
  static GaussianParameters truth(CovarianceType type) {
    double[] w = {0.4, 0.6};
    double[][] mu = {{0, 0, 0, 0}, {3, 2, -1, 1}};
    double[][] a = {
      {1.0, 0.6, 0.3, 0.0},
      {0.6, 1.5, -0.4, 0.2},
      {0.3, -0.4, 0.8, 0.1},
      {0.0, 0.2, 0.1, 1.2}
    };
    double[][] b = {
      {0.7, -0.3, 0.1, 0.2},
      {-0.3, 0.9, 0.4, 0.0},
      {0.1, 0.4, 1.2, -0.5},
      {0.2, 0.0, -0.5, 1.0}
    };
    double[][][] cov = new double[2][][];
    switch (type) {
      case FULL -> cov = new double[][][] {a, b};
      case TIED -> cov = new double[][][] {a, a};
      case DIAG -> cov = new double[][][] {diagonalOf(a), diagonalOf(b)};
      case SPHERICAL -> cov = new double[][][] {scaled(0.9), scaled(1.3)};
      default -> throw new AssertionError(type);
    }
    return GaussianParameters.fromFull(type, w, mu, cov);
  }

  private static double[][] diagonalOf(double[][] m) {
    double[][] out = new double[m.length][m.length];
    for (int i = 0; i < m.length; i++) {
      out[i][i] = m[i][i];
    }
    return out;
  }

  private static double[][] scaled(double s) {
    double[][] out = new double[DIMENSION][DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      out[i][i] = s;
    }
    return out;
  }

  /** The complete draw, with 20 % of its cells removed at random (rows left empty dropped). */
  static Dataset incomplete(GaussianParameters truth, int n, long seed) {
    CovarianceType type = truth.covarianceType();
    Dataset full =
        new MixtureModel<>(new GaussianFamily(type), truth, null, null, null).sample(n, seed).data();
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int d = full.columns();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] row = full.row(i);
      int missing = 0;
      for (int j = 0; j < d; j++) {
        if (random.nextDouble() < MISSING) {
          row[j] = Double.NaN;
          missing++;
        }
      }
      if (missing < d) {
        rows.add(row);
      }
    }
    return Dataset.ofRows(rows.toArray(new double[0][]));
  }

  static Dataset completeRows(Dataset data) {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < data.rows(); i++) {
      double[] row = data.row(i);
      if (!MissingPatterns.rowHasMissing(row, 0, row.length)) {
        rows.add(row);
      }
    }
    return Dataset.ofRows(rows.toArray(new double[0][]));
  }

  /** The fit of {@code method} on data with missing values. */
  static GaussianParameters fit(CovarianceType type, Method method, Dataset data, long seed) {
    Dataset input =
        switch (method) {
          case EM4J -> data;
          case COMPLETE_CASE -> completeRows(data);
          case MEAN_IMPUTATION -> MissingPatterns.meanFilled(data);
        };
    EmOptions options =
        EmOptions.builder().components(2).restarts(3).seed(seed).threads(1).tolerance(1e-8).build();
    return new MixtureFitter<>(new GaussianFamily(type), options).fit(input).parameters();
  }

  /** Errors of {@code fit} against {@code truth}, with the components matched. */
  static Errors errors(GaussianParameters truth, GaussianParameters fit) {
    double best = Double.POSITIVE_INFINITY;
    Errors out = null;
    for (int[] perm : new int[][] {{0, 1}, {1, 0}}) {
      double means = 0;
      double covs = 0;
      double weights = 0;
      for (int c = 0; c < 2; c++) {
        double[] tm = truth.mean(c);
        double[] fm = fit.mean(perm[c]);
        double[] tc = truth.covariance(c);
        double[] fc = fit.covariance(perm[c]);
        for (int j = 0; j < tm.length; j++) {
          means += (tm[j] - fm[j]) * (tm[j] - fm[j]);
        }
        for (int j = 0; j < tc.length; j++) {
          covs += (tc[j] - fc[j]) * (tc[j] - fc[j]);
        }
        weights += Math.abs(truth.weight(c) - fit.weight(perm[c]));
      }
      if (means < best) {
        best = means;
        out = new Errors(Math.sqrt(means), Math.sqrt(covs), weights);
      }
    }
    return out;
  }

  /** Mean errors of every method over {@code replications} draws of {@code n} rows. */
  static Errors[] meanErrors(CovarianceType type, int n, int replications) {
    GaussianParameters truth = truth(type);
    Method[] methods = Method.values();
    double[][] sums = new double[methods.length][3];
    for (int r = 0; r < replications; r++) {
      long seed = 1000L + r;
      Dataset data = incomplete(truth, n, seed);
      for (Method m : methods) {
        Errors e = errors(truth, fit(type, m, data, seed));
        sums[m.ordinal()][0] += e.means() / replications;
        sums[m.ordinal()][1] += e.covariances() / replications;
        sums[m.ordinal()][2] += e.weights() / replications;
      }
    }
    Errors[] out = new Errors[methods.length];
    for (Method m : methods) {
      double[] s = sums[m.ordinal()];
      out[m.ordinal()] = new Errors(s[0], s[1], s[2]);
    }
    return out;
  }

  /** Prints the table of {@code docs/missing-data.md}. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int replications = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    System.out.printf(
        Locale.ROOT,
        "| covariance | method | mean error | covariance error | weight error |%n"
            + "| --- | --- | ---: | ---: | ---: |%n");
    for (CovarianceType type : CovarianceType.values()) {
      Errors[] e = meanErrors(type, n, replications);
      for (Method m : Method.values()) {
        Errors x = e[m.ordinal()];
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.4f | %.4f | %.4f |%n",
            type.label(),
            m.label,
            x.means(),
            x.covariances(),
            x.weights());
      }
    }
  }
}
