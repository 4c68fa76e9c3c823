package org.em4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A delimited text file kept as strings: what the readers of non-numeric columns (categorical
 * levels, flip sequences such as {@code HTTH}) start from before they turn cells into the numbers
 * of a {@link Dataset}. The delimiter is detected as {@link CsvReader} does.
 *
 * <p>Header detection ({@link CsvReader.Header#AUTO}) cannot tell a header from a row of levels,
 * so for text it means: the first line is a header unless every cell of it is a number or a
 * missing value. Give {@link CsvReader.Header#NO} for a text file without a header.
 */
public final class TextTable {
  private final List<String> names;
  private final List<String[]> rows;
  private final String source;

  private TextTable(List<String> names, List<String[]> rows, String source) {
    this.names = List.copyOf(names);
    this.rows = rows;
    this.source = source;
  }

  /**
   * Reads a file.
   *
   * @param delimiter the delimiter, or {@code null} to detect it
   * @throws InputException naming the file (and row) for every problem
   */
  public static TextTable read(Path file, Character delimiter, CsvReader.Header header) {
    String name = file.toString();
    if (!Files.exists(file)) {
      throw new InputException(name + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new InputException(name + ": is a directory, not a data file");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, name, delimiter, header);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new InputException(name + ": cannot be read (permission denied)", e);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new InputException(name + ": is not UTF-8 text", e);
    } catch (IOException e) {
      throw new InputException(name + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads from a reader.
   *
   * @param in the text; not closed
   * @param name the source's name, for messages
   */
  public static TextTable read(
      Reader in, String name, Character delimiter, CsvReader.Header header) throws IOException {
    BufferedReader buffered = in instanceof BufferedReader b ? b : new BufferedReader(in);
    buffered.mark(1);
    if (buffered.read() != '\uFEFF') { // a byte-order mark (spreadsheet exports) is not data
      buffered.reset();
    }
    buffered.mark(1 << 16);
    String firstLine = CsvReader.firstNonEmptyLine(buffered);
    if (firstLine == null) {
      throw new InputException(name + ": is empty");
    }
    buffered.reset();
    char d = delimiter != null ? delimiter : CsvReader.detectDelimiter(firstLine);
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setDelimiter(d).setIgnoreEmptyLines(true).setTrim(true).build();
    try (CSVParser parser = format.parse(buffered)) {
      Iterator<CSVRecord> it = parser.iterator();
      CSVRecord first = it.next();
      boolean hasHeader =
          switch (header) {
            case YES -> true;
            case NO -> false;
            case AUTO -> !allNumeric(first);
          };
      int width = first.size();
      List<String> names = new ArrayList<>();
      if (hasHeader) {
        first.forEach(names::add);
      } else {
        names.addAll(Dataset.defaultNames(width));
      }
      List<String[]> rows = new ArrayList<>();
      if (!hasHeader) {
        rows.add(cells(first, width, name, 0));
      }
      while (it.hasNext()) {
        rows.add(cells(it.next(), width, name, rows.size()));
      }
      if (rows.isEmpty()) {
        throw new InputException(name + ": has a header but no data rows");
      }
      return new TextTable(names, rows, name);
    } catch (java.io.UncheckedIOException e) {
      throw new InputException(name + ": malformed CSV: " + e.getCause().getMessage(), e);
    } catch (IllegalStateException e) {
      throw new InputException(name + ": malformed CSV: " + e.getMessage(), e);
    }
  }

  private static String[] cells(CSVRecord rec, int width, String name, int row) {
    if (rec.size() != width) {
      throw new InputException(
          name
              + " row "
              + (row + 1)
              + " (line "
              + rec.getParser().getCurrentLineNumber()
              + "): has "
              + rec.size()
              + " cells, expected "
              + width);
    }
    String[] out = new String[width];
    for (int j = 0; j < width; j++) {
      out[j] = rec.get(j);
    }
    return out;
  }

  private static boolean allNumeric(CSVRecord rec) {
    for (String s : rec) {
      if (CsvReader.isMissingToken(s)) {
        continue;
      }
      try {
        Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  /** The column names (from the header, or {@code x1, x2, ...}). */
  public List<String> names() {
    return names;
  }

  /** Number of data rows. */
  public int rows() {
    return rows.size();
  }

  /** The file's name, for messages. */
  public String source() {
    return source;
  }

  /** The cell at data row {@code i} (0-based) and column {@code j}. */
  public String cell(int i, int j) {
    return rows.get(i)[j];
  }

  /**
   * The index of a column given by header name or 1-based position.
   *
   * @throws InputException naming the file and the columns it has
   */
  public int column(String nameOrPosition) {
    return CsvReader.resolveColumn(nameOrPosition, names, source);
  }

  /** Whether the header has a column of this name. */
  public boolean hasColumn(String name) {
    return names.contains(name);
  }

  /** How a cell is named in messages, as {@link Dataset#describeCell}. */
  public String describeCell(int i, int j) {
    return source + " row " + (i + 1) + ", column '" + names.get(j) + "'";
  }

  /**
   * A cell as a number: a missing-value token gives {@code NaN}.
   *
   * @throws InputException naming the cell when it is not a number
   */
  public double number(int i, int j) {
    return CsvReader.parseCell(cell(i, j), source, i, names.get(j));
  }

  /**
   * Per-row weights from a column: finite numbers {@code >= 0}.
   *
   * @throws InputException naming the first bad cell
   */
  public double[] weights(int j) {
    double[] w = new double[rows()];
    for (int i = 0; i < w.length; i++) {
      double v = number(i, j);
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new InputException(
            describeCell(i, j) + ": a weight must be a finite number >= 0, got '" + cell(i, j) + "'");
      }
      w[i] = v;
    }
    return w;
  }
}
