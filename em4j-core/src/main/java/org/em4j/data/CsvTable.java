package org.em4j.data;

import java.util.List;

/**
 * A delimited text file as read by {@link CsvReader#readTable}: the text of every cell (trimmed
 * and unquoted, as the reader saw it) beside the numbers of the selected columns, so that a
 * command can write the file back with only some cells changed and every other cell exactly as it
 * was ({@code em4j impute}).
 *
 * <p>Row {@code i} of {@link #data()} is row {@code i} of {@link #cells()}: no row is skipped,
 * not even one whose selected values are all missing.
 */
public final class CsvTable {
  private final List<String> header;
  private final char delimiter;
  private final List<List<String>> cells;
  private final int[] columns;
  private final Dataset data;

  CsvTable(List<String> header, char delimiter, List<List<String>> cells, int[] columns,
      Dataset data) {
    this.header = header == null ? null : List.copyOf(header);
    this.delimiter = delimiter;
    this.cells = List.copyOf(cells);
    this.columns = columns.clone();
    this.data = data;
  }

  /** The header's cells, or {@code null} when the file has no header. */
  public List<String> header() {
    return header;
  }

  /** The delimiter the file uses. */
  public char delimiter() {
    return delimiter;
  }

  /** Every data row's cells as text (read-only). */
  public List<List<String>> cells() {
    return cells;
  }

  /** For each column of {@link #data()}, its 0-based position in the file (a copy). */
  public int[] columns() {
    return columns.clone();
  }

  /** The selected columns as numbers, every row kept (missing values are NaN). */
  public Dataset data() {
    return data;
  }
}
