package org.em4j.cli;

import java.util.Locale;
import org.em4j.data.Dataset;

/** How the command line tells users about missing values in their data. */
final class MissingNote {
  /** Row numbers listed before eliding the rest. */
  private static final int MAX_LISTED = 10;

  private MissingNote() {}

  /**
   * A line such as {@code missing values: 88 of 450 cells (19.6 %) in 71 of 150 rows; 2 rows with
   * every value missing skipped (rows 4, 9)}, or {@code null} when nothing was missing.
   */
  static String describe(Dataset data) {
    int[] skipped = data.skippedRows();
    if (!data.hasMissing() && skipped.length == 0) {
      return null;
    }
    long cells = (long) data.rows() * data.columns();
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "missing values: %d of %d cells (%.1f %%) in %d of %d rows",
                data.missingCells(),
                cells,
                cells == 0 ? 0.0 : 100.0 * data.missingCells() / cells,
                data.incompleteRows(),
                data.rows()));
    if (skipped.length > 0) {
      s.append("; ").append(skippedRows(data));
    }
    return s.toString();
  }

  /** {@code 2 rows with every value missing skipped (rows 4, 9)}, numbered as in the file. */
  static String skippedRows(Dataset data) {
    int[] skipped = data.skippedRows();
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%d row%s with every value missing skipped (row%s ",
                skipped.length,
                skipped.length == 1 ? "" : "s",
                skipped.length == 1 ? "" : "s"));
    for (int i = 0; i < Math.min(skipped.length, MAX_LISTED); i++) {
      s.append(i == 0 ? "" : ", ").append(skipped[i] + 1);
    }
    if (skipped.length > MAX_LISTED) {
      s.append(", ...");
    }
    return s.append(')').toString();
  }

  /**
   * The rows of the source in order, as indexes into {@code data}, with {@code -1} for a row the
   * reader skipped: how commands that write one line per input row keep their lines aligned.
   */
  static int[] sourceOrder(Dataset data) {
    int[] skipped = data.skippedRows();
    int[] order = new int[data.rows() + skipped.length];
    int next = 0;
    int s = 0;
    for (int r = 0; r < order.length; r++) {
      if (s < skipped.length && skipped[s] == r) {
        order[r] = -1;
        s++;
      } else {
        order[r] = next++;
      }
    }
    return order;
  }

  /** Tells standard error that skipped rows get {@code NA} lines. */
  static void warnSkipped(Dataset data, java.io.PrintWriter err) {
    if (data.skippedRows().length > 0) {
      err.println("em4j: note: " + data.source() + ": " + skippedRows(data) + "; their lines say NA");
      err.flush();
    }
  }
}
