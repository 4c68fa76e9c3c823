package org.em4j.gaussian;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;

/**
 * Whether a data set's columns have a scale that a Gaussian mixture can represent in double
 * precision, and whether the regularisation will dominate a column.
 *
 * <p>em4j fits in the data's own units and does not standardise internally, so means,
 * covariances and {@code --reg} mean what they mean in scikit-learn ({@code reg_covar}, an
 * absolute amount added to every variance). A covariance is a square of the data's scale: data
 * of magnitude {@value #MAX_MAGNITUDE} or more, or whose spread is nonzero but below {@value
 * #MIN_SPREAD}, has squared deviations that overflow to infinity or underflow to zero in a
 * double, and no rescaling inside em4j could write its covariances back in the data's units. Such
 * data is refused with a message naming the column and the factor to rescale by; the user
 * rescales and knows it. Columns within range but whose spread is smaller than the
 * regularisation's own scale ({@code sqrt(reg)}) fit, with a warning, because their variances
 * are then mostly the regularisation.
 *
 * @implNote The limits leave room for sums over 10^8 rows: {@code 1e8 * (1e150)^2 < 1.8e308}.
 */
public final class ScaleCheck {
  /** Largest magnitude a value may have: its square must not overflow when summed over rows. */
  public static final double MAX_MAGNITUDE = 1e150;

  /** Smallest nonzero spread (max - min) a column may have: its square must stay a normal double. */
  public static final double MIN_SPREAD = 1e-150;

  private ScaleCheck() {}

  /**
   * Refuses data whose squared deviations cannot be represented. Missing values (NaN) are skipped.
   *
   * @throws InputException naming the column, its scale, and what to do
   */
  public static void require(Dataset data) {
    int d = data.columns();
    for (int j = 0; j < d; j++) {
      double[] r = range(data, j);
      if (r == null) {
        continue;
      }
      double magnitude = Math.max(Math.abs(r[0]), Math.abs(r[1]));
      double spread = r[1] - r[0];
      String col = data.source() + ", column '" + data.columnNames().get(j) + "'";
      if (magnitude >= MAX_MAGNITUDE || Double.isInfinite(spread)) {
        throw new InputException(
            String.format(
                Locale.ROOT,
                "%s holds values as large as %.3g in magnitude: their squares overflow a double"
                    + " (the limit is %.0e); divide the column by about %.0e and fit again",
                col,
                magnitude,
                MAX_MAGNITUDE,
                Math.pow(10, Math.ceil(Math.log10(magnitude)))));
      }
      if (spread > 0 && spread < MIN_SPREAD) {
        throw new InputException(
            String.format(
                Locale.ROOT,
                "%s varies by only %.3g: its variance underflows a double (the limit is a spread"
                    + " of %.0e); multiply the column by about %.0e and fit again",
                col,
                spread,
                MIN_SPREAD,
                Math.pow(10, -Math.floor(Math.log10(spread)))));
      }
    }
  }

  /**
   * Warnings about columns the fit cannot resolve: constant columns, and columns whose spread is
   * below {@code sqrt(regularization)}, whose variances will be mostly the regularisation.
   *
   * @return one message per such column, in column order; empty when there is none
   */
  public static List<String> warnings(Dataset data, double regularization) {
    List<String> out = new ArrayList<>();
    double scale = Math.sqrt(regularization);
    for (int j = 0; j < data.columns(); j++) {
      double[] r = range(data, j);
      if (r == null) {
        continue;
      }
      double spread = r[1] - r[0];
      String col = data.source() + ", column '" + data.columnNames().get(j) + "'";
      if (spread == 0) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s is constant (%s): its variance is the regularisation %s alone",
                col,
                r[0],
                regularization));
      } else if (spread < scale) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s varies by only %.3g, less than sqrt(reg) = %.3g: the regularisation dominates"
                    + " its variances; rescale the column or lower the regularisation",
                col,
                spread,
                scale));
      }
    }
    return out;
  }

  /**
   * Where a model's parameters leave the range em4j computes in (the limits the data has, see the
   * class comment): a mean of magnitude {@value #MAX_MAGNITUDE} or more, or a variance outside
   * {@code [MIN_SPREAD^2, MAX_MAGNITUDE^2]}.
   *
   * @return {@code null} when every parameter is in range, else {@code {field, message}} with the
   *     field in model-file terms ({@code components[0].mean[1]})
   */
  public static String[] outOfRange(GaussianParameters p) {
    int d = p.dimension();
    for (int c = 0; c < p.components(); c++) {
      double[] mu = p.mean(c);
      for (int j = 0; j < d; j++) {
        if (!(Math.abs(mu[j]) < MAX_MAGNITUDE)) {
          return new String[] {
            "components[" + c + "].mean[" + j + "]",
            mu[j] + " is too large in magnitude: em4j computes with values below " + MAX_MAGNITUDE
          };
        }
      }
      double[] cov = p.covariance(c);
      for (int j = 0; j < d; j++) {
        double v = cov[j * d + j];
        if (!(v >= MIN_SPREAD * MIN_SPREAD && v <= MAX_MAGNITUDE * MAX_MAGNITUDE)) {
          return new String[] {
            "components[" + c + "].covariance[" + j + "][" + j + "]",
            "the variance " + v + " is outside what em4j computes with ["
                + MIN_SPREAD * MIN_SPREAD + ", " + MAX_MAGNITUDE * MAX_MAGNITUDE + "]"
          };
        }
      }
    }
    return null;
  }

  /** {min, max} of the column's non-missing values, or {@code null} when all are missing. */
  private static double[] range(Dataset data, int j) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = data.rows();
    for (int i = 0; i < n; i++) {
      if (data.weight(i) == 0) {
        continue;
      }
      double v = data.get(i, j);
      if (Double.isNaN(v)) {
        continue;
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return min <= max ? new double[] {min, max} : null;
  }
}
