package org.em4j.data;

import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the input forms of binomial data into the two columns (successes, trials) every binomial
 * family reads: two count columns, one column of flip sequences such as {@code HTTHH} (H or h is a
 * success, T or t a failure, spaces are ignored), or one 0/1 column (one trial per row). A missing
 * cell becomes {@code NaN} in both columns; {@link MissingRows#dropAny} then removes such rows with
 * a report.
 */
public final class BinomialInput {
  /** Suffix of the successes column made from a one-column form. */
  public static final String SUCCESSES_SUFFIX = ".successes";

  /** Suffix of the trials column made from a one-column form. */
  public static final String TRIALS_SUFFIX = ".trials";

  private BinomialInput() {}

  /**
   * Two count columns, checked to be whole numbers with {@code 0 <= successes <= trials}.
   *
   * @param weights per-row weights or {@code null}
   * @throws InputException naming the row and column of the first bad value
   */
  public static Dataset fromCounts(TextTable t, int successes, int trials, double[] weights) {
    int n = t.rows();
    double[] v = new double[2 * n];
    for (int i = 0; i < n; i++) {
      v[2 * i] = t.number(i, successes);
      v[2 * i + 1] = t.number(i, trials);
    }
    Dataset data =
        new Dataset(
            v, n, 2, List.of(t.names().get(successes), t.names().get(trials)), weights, t.source());
    checkCounts(data);
    return data;
  }

  /**
   * One column of flip sequences or of 0/1 values, told apart by its content: a column whose
   * cells are all numbers (or missing) is a 0/1 column. The columns of the result are named
   * {@code C.successes} and {@code C.trials} for a column {@code C}.
   *
   * @throws InputException naming the row and column of a cell that fits neither form
   */
  public static Dataset fromColumn(TextTable t, int column, double[] weights) {
    int n = t.rows();
    boolean numeric = true;
    for (int i = 0; i < n && numeric; i++) {
      String cell = t.cell(i, column);
      if (!CsvReader.isMissingToken(cell)) {
        try {
          Double.parseDouble(cell);
        } catch (NumberFormatException e) {
          numeric = false;
        }
      }
    }
    double[] v = new double[2 * n];
    for (int i = 0; i < n; i++) {
      String cell = t.cell(i, column);
      int row = i;
      Supplier<String> where = () -> t.describeCell(row, column);
      if (CsvReader.isMissingToken(cell)) {
        v[2 * i] = Double.NaN;
        v[2 * i + 1] = Double.NaN;
      } else if (numeric) {
        v[2 * i] = oneTrial(Double.parseDouble(cell), cell, where);
        v[2 * i + 1] = 1;
      } else {
        int[] ht = flips(cell, where);
        v[2 * i] = ht[0];
        v[2 * i + 1] = ht[1];
      }
    }
    String name = t.names().get(column);
    return new Dataset(
        v, n, 2, List.of(name + SUCCESSES_SUFFIX, name + TRIALS_SUFFIX), weights, t.source());
  }

  /**
   * The value of a cell of a one-trial (0/1) column.
   *
   * @param where names the cell in a message (file, row, column); asked only on an error
   * @throws InputException when {@code x} is not 0 or 1
   */
  public static double oneTrial(double x, String cell, Supplier<String> where) {
    if (x != 0 && x != 1) {
      throw new InputException(
          where.get()
              + ": '"
              + cell
              + "' is not 0 or 1 (a one-trial column holds 0 or 1; give --successes and"
              + " --trials for counts)");
    }
    return x;
  }

  /**
   * The successes and trials of a flip sequence ({@code H} or {@code h} a success, {@code T} or
   * {@code t} a failure, white space ignored), as {@code {successes, trials}}.
   *
   * @param where names the cell in a message (file, row, column); asked only on an error
   * @throws InputException naming the first character that is neither
   */
  public static int[] flips(String cell, Supplier<String> where) {
    int heads = 0;
    int trials = 0;
    for (int p = 0; p < cell.length(); p++) {
      char ch = cell.charAt(p);
      if (ch == 'H' || ch == 'h') {
        heads++;
        trials++;
      } else if (ch == 'T' || ch == 't') {
        trials++;
      } else if (!Character.isWhitespace(ch)) {
        throw new InputException(
            where.get()
                + ": '"
                + cell
                + "' is not a flip sequence: character "
                + (p + 1)
                + " is '"
                + ch
                + "' (expected H for a success or T for a failure)");
      }
    }
    return new int[] {heads, trials};
  }

  /**
   * Checks every row of a (successes, trials) data set: whole numbers, {@code trials >= 0}, {@code
   * 0 <= successes <= trials}; {@code NaN} (missing) is let through.
   *
   * @throws InputException naming the row and column of the first bad value
   */
  public static void checkCounts(Dataset data) {
    if (data.columns() != 2) {
      throw new InputException(
          data.source()
              + ": binomial data has two columns (successes, trials), found "
              + data.columns());
    }
    for (int i = 0; i < data.rows(); i++) {
      double s = data.get(i, 0);
      double n = data.get(i, 1);
      if (Double.isNaN(s) || Double.isNaN(n)) {
        continue;
      }
      if (!isCount(n)) {
        throw new InputException(
            data.describeCell(i, 1) + ": a number of trials must be a whole number >= 0, got " + n);
      }
      if (!isCount(s)) {
        throw new InputException(
            data.describeCell(i, 0)
                + ": a number of successes must be a whole number >= 0, got "
                + s);
      }
      if (s > n) {
        throw new InputException(
            data.describeCell(i, 0)
                + ": "
                + (long) s
                + " successes exceed the "
                + (long) n
                + " trials in column '"
                + data.columnNames().get(1)
                + "'");
      }
    }
  }

  /** Whether {@code x} is a whole number in {@code [0, 2^53]}. */
  public static boolean isCount(double x) {
    return x >= 0 && x <= 9.007199254740992E15 && x == Math.rint(x);
  }
}
