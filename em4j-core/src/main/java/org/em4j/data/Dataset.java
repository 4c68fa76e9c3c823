package org.em4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dense, row-major matrix of doubles with named columns and optional per-row weights: the one
 * in-memory form that every family reads. A chunk of the data is a range of its rows.
 *
 * <p>Instances are immutable in intent: the arrays are not copied on construction for speed (a
 * data set may be large), so callers must not modify them afterwards. {@link #row(int)} and the
 * other accessors return copies or read-only views.
 */
public final class Dataset {
  private final double[] values;
  private final int rows;
  private final int columns;
  private final List<String> columnNames;
  private final double[] weights;
  private final String source;
  private final int[] skippedRows;
  // Counted on first use; an immutable holder, so a racy first use is harmless.
  private MissingCounts missingCounts;

  /**
   * @param values row-major values, {@code rows * columns} long; not copied, not modified
   * @param rows number of rows
   * @param columns number of columns
   * @param columnNames one name per column
   * @param weights per-row weights or {@code null} for unit weights; not copied, not modified
   * @param source where the data came from (a file name), used in error messages
   */
  public Dataset(
      double[] values,
      int rows,
      int columns,
      List<String> columnNames,
      double[] weights,
      String source) {
    Objects.requireNonNull(values, "values");
    if (rows < 0 || columns < 1) {
      throw new IllegalArgumentException(
          "a data set needs rows >= 0 and columns >= 1, got " + rows + " x " + columns);
    }
    if ((long) rows * columns != values.length) {
      throw new IllegalArgumentException(
          "values has " + values.length + " entries, expected " + rows + " x " + columns);
    }
    if (columnNames.size() != columns) {
      throw new IllegalArgumentException(
          "found " + columnNames.size() + " column names for " + columns + " columns");
    }
    if (weights != null && weights.length != rows) {
      throw new IllegalArgumentException(
          "found " + weights.length + " weights for " + rows + " rows");
    }
    this.values = values;
    this.rows = rows;
    this.columns = columns;
    this.columnNames = List.copyOf(columnNames);
    this.weights = weights;
    this.source = source == null ? "data" : source;
    this.skippedRows = new int[0];
  }

  private Dataset(Dataset base, double[] weights, int[] skippedRows) {
    this.values = base.values;
    this.rows = base.rows;
    this.columns = base.columns;
    this.columnNames = base.columnNames;
    this.weights = weights;
    this.source = base.source;
    this.skippedRows = skippedRows;
  }

  /** A data set from a row-major array with default column names {@code x1, x2, ...}. */
  public static Dataset of(double[] values, int rows, int columns) {
    return new Dataset(values, rows, columns, defaultNames(columns), null, "data");
  }

  /** A data set from rows (copied). */
  public static Dataset ofRows(double[][] rowArrays) {
    if (rowArrays.length == 0) {
      throw new IllegalArgumentException("no rows");
    }
    int d = rowArrays[0].length;
    double[] v = new double[rowArrays.length * d];
    for (int i = 0; i < rowArrays.length; i++) {
      if (rowArrays[i].length != d) {
        throw new IllegalArgumentException(
            "row " + (i + 1) + " has " + rowArrays[i].length + " values, expected " + d);
      }
      System.arraycopy(rowArrays[i], 0, v, i * d, d);
    }
    return of(v, rowArrays.length, d);
  }

  /** Names {@code x1 .. xd}. */
  public static List<String> defaultNames(int columns) {
    String[] names = new String[columns];
    for (int j = 0; j < columns; j++) {
      names[j] = "x" + (j + 1);
    }
    return List.of(names);
  }

  /** The same data with per-row weights (not copied). */
  public Dataset withWeights(double[] rowWeights) {
    // The public constructor checks the weights; the skipped rows carry over.
    Dataset checked = new Dataset(values, rows, columns, columnNames, rowWeights, source);
    return new Dataset(checked, rowWeights, skippedRows);
  }

  /**
   * The same data, recording that the source had further rows, dropped before these (by the
   * reader, because every value in them was missing). Messages then number rows as the source
   * does.
   *
   * @param sourceRows 0-based row numbers in the source of the dropped rows, strictly increasing;
   *     copied
   */
  public Dataset withSkippedRows(int[] sourceRows) {
    int[] copy = sourceRows.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0 || i > 0 && copy[i] <= copy[i - 1]) {
        throw new IllegalArgumentException(
            "skipped rows must be increasing row numbers >= 0, got " + Arrays.toString(copy));
      }
    }
    return new Dataset(this, weights, copy);
  }

  /**
   * 0-based row numbers in the source of the rows that were dropped before these (because every
   * value in them was missing); empty unless a reader dropped some. A copy.
   */
  public int[] skippedRows() {
    return skippedRows.clone();
  }

  /** The 0-based row number in the source of row {@code i} (differs when rows were skipped). */
  public int sourceRow(int i) {
    int s = i;
    for (int skipped : skippedRows) {
      if (skipped <= s) {
        s++;
      } else {
        break;
      }
    }
    return s;
  }

  /** Whether any value is missing (NaN). */
  public boolean hasMissing() {
    return counts().cells > 0;
  }

  /** Number of missing (NaN) values. */
  public long missingCells() {
    return counts().cells;
  }

  /** Number of rows with at least one missing (NaN) value. */
  public int incompleteRows() {
    return counts().rows;
  }

  private MissingCounts counts() {
    MissingCounts c = missingCounts;
    if (c == null) {
      long cells = 0;
      int incomplete = 0;
      for (int i = 0; i < rows; i++) {
        long rowCells = 0;
        for (int j = i * columns, end = j + columns; j < end; j++) {
          if (Double.isNaN(values[j])) {
            rowCells++;
          }
        }
        if (rowCells > 0) {
          incomplete++;
          cells += rowCells;
        }
      }
      c = new MissingCounts(cells, incomplete);
      missingCounts = c;
    }
    return c;
  }

  private record MissingCounts(long cells, int rows) {}

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of columns (the dimension D). */
  public int columns() {
    return columns;
  }

  /** The column names. */
  public List<String> columnNames() {
    return columnNames;
  }

  /** Where the data came from, for messages. */
  public String source() {
    return source;
  }

  /**
   * The backing row-major array, for kernels. Not a copy: callers must not modify it. Row {@code
   * i} starts at {@code i * columns()}.
   */
  public double[] values() {
    return values;
  }

  /** Value at row {@code i}, column {@code j}. */
  public double get(int i, int j) {
    return values[i * columns + j];
  }

  /** A copy of row {@code i}. */
  public double[] row(int i) {
    return Arrays.copyOfRange(values, i * columns, (i + 1) * columns);
  }

  /** Whether rows carry weights. */
  public boolean hasWeights() {
    return weights != null;
  }

  /** Weight of row {@code i} (1 when the data set has no weights). */
  public double weight(int i) {
    return weights == null ? 1.0 : weights[i];
  }

  /** Sum of the row weights (the number of rows when unweighted). */
  public double totalWeight() {
    if (weights == null) {
      return rows;
    }
    double s = 0;
    for (double w : weights) {
      s += w;
    }
    return s;
  }

  /**
   * How a row is named in messages: "faithful.csv row 12". Rows are numbered from 1, as in the
   * source (counting rows the reader skipped).
   */
  public String describeRow(int i) {
    return source + " row " + (sourceRow(i) + 1);
  }

  /** How a cell is named in messages: "faithful.csv row 12, column 'waiting'". */
  public String describeCell(int i, int j) {
    return describeRow(i) + ", column '" + columnNames.get(j) + "'";
  }

  /**
   * Checks that every value is finite, as families without missing-value support require.
   *
   * @throws InputException naming the first offending cell
   */
  public void requireFinite() {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns; j++) {
        double v = values[i * columns + j];
        if (!Double.isFinite(v)) {
          String what = Double.isNaN(v) ? "a missing value" : "an infinite value (" + v + ")";
          throw new InputException(
              describeCell(i, j) + " holds " + what + ", which this model cannot use");
        }
      }
    }
  }
}
