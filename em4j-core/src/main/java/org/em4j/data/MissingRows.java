package org.em4j.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Removes rows that carry no usable observation, and says which: rows with every value missing
 * (for families that skip a missing cell) or with any value missing (binomial rows, whose count is
 * one observation). Such rows are reported, never silently used or silently dropped.
 */
public final class MissingRows {
  private MissingRows() {}

  /**
   * The rows kept and those removed.
   *
   * @param data the kept rows (the same object when none was removed); rows removed because
   *     every value was missing are recorded in its {@link Dataset#skippedRows()}, so messages
   *     and summaries number rows as the source does
   * @param removed 0-based row numbers in the source of the removed rows
   */
  public record Result(Dataset data, int[] removed) {
    /** Copies the indices. */
    public Result {
      removed = removed.clone();
    }

    /** The removed rows' indices (a copy). */
    @Override
    public int[] removed() {
      return removed.clone();
    }

    /**
     * A one-line report such as {@code skipped 2 rows of data.csv with a missing count (rows 4,
     * 9)}, or the empty string when nothing was removed.
     *
     * @param why what the removed rows have, e.g. {@code with a missing count}
     */
    public String describe(String source, String why) {
      if (removed.length == 0) {
        return "";
      }
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "skipped %d row%s of %s %s (row%s ",
                  removed.length,
                  removed.length == 1 ? "" : "s",
                  source,
                  why,
                  removed.length == 1 ? "" : "s"));
      int shown = Math.min(removed.length, 10);
      for (int i = 0; i < shown; i++) {
        sb.append(i == 0 ? "" : ", ").append(removed[i] + 1);
      }
      if (shown < removed.length) {
        sb.append(", ...");
      }
      return sb.append(')').toString();
    }
  }

  /** Removes the rows whose every value is missing ({@code NaN}). */
  public static Result dropAll(Dataset data) {
    return drop(data, true);
  }

  /** Removes the rows with at least one missing ({@code NaN}) value. */
  public static Result dropAny(Dataset data) {
    return drop(data, false);
  }

  private static Result drop(Dataset data, boolean all) {
    int n = data.rows();
    int d = data.columns();
    double[] x = data.values();
    boolean[] remove = new boolean[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      int missing = 0;
      for (int j = 0; j < d; j++) {
        if (Double.isNaN(x[i * d + j])) {
          missing++;
        }
      }
      remove[i] = all ? missing == d : missing > 0;
      if (remove[i]) {
        count++;
      }
    }
    if (count == 0) {
      return new Result(data, new int[0]);
    }
    int[] removed = new int[count];
    int[] sourceRemoved = new int[count];
    double[] kept = new double[(n - count) * d];
    double[] weights = data.hasWeights() ? new double[n - count] : null;
    int r = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (remove[i]) {
        sourceRemoved[r] = data.sourceRow(i);
        removed[r++] = i;
      } else {
        System.arraycopy(x, i * d, kept, k * d, d);
        if (weights != null) {
          weights[k] = data.weight(i);
        }
        k++;
      }
    }
    if (k == 0) {
      throw new InputException(
          data.source() + ": every row has " + (all ? "every value" : "a value") + " missing");
    }
    Dataset out = new Dataset(kept, k, d, data.columnNames(), weights, data.source());
    // Either way the removed rows are not fitted: they count as skipped in the model file.
    int[] before = data.skippedRows();
    int[] skipped = Arrays.copyOf(before, before.length + r);
    System.arraycopy(sourceRemoved, 0, skipped, before.length, r);
    Arrays.sort(skipped);
    out = out.withSkippedRows(skipped);
    return new Result(out, sourceRemoved);
  }
}
