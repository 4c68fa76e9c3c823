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
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a delimited text file of numbers into a {@link Dataset}.
 *
 * <p>The delimiter (comma, semicolon or tab) and the presence of a header are detected from the
 * first line unless given. An empty cell, {@code NA}, {@code NaN} or {@code nan} is a missing
 * value and becomes {@code NaN}; whether a family accepts it is the family's decision. A row whose
 * selected values are all missing is skipped and recorded ({@link Dataset#skippedRows()}). Every
 * other problem is an {@link InputException} that names the file, the row and the column.
 */
public final class CsvReader {

  /** Whether the first line is a header. */
  public enum Header {
    /** A header when the first line has a cell that is neither a number nor a missing value. */
    AUTO,
    /** The first line is a header. */
    YES,
    /** There is no header; columns are named {@code x1, x2, ...}. */
    NO
  }

  private Character delimiter;
  private Header header = Header.AUTO;
  private List<String> columns = List.of();
  private String weightColumn;
  private List<String> preferred = List.of();

  /**
   * Uses this delimiter instead of detecting it.
   *
   * @throws IllegalArgumentException for the quote character or a line break
   */
  public CsvReader delimiter(char d) {
    if (d == '"' || d == '\n' || d == '\r') {
      throw new IllegalArgumentException(
          "delimiter cannot be " + (d == '"' ? "the quote character '\"'" : "a line break"));
    }
    this.delimiter = d;
    return this;
  }

  /** Sets how the header is found. */
  public CsvReader header(Header h) {
    this.header = h;
    return this;
  }

  /**
   * Keeps only these columns, in this order: names from the header, or 1-based positions. Empty
   * means every column except the weight column.
   */
  public CsvReader columns(List<String> selected) {
    this.columns = List.copyOf(selected);
    return this;
  }

  /**
   * When no columns are selected and the header names all of these, uses them (in this order):
   * how a model picks the columns it was fitted on out of a wider file.
   */
  public CsvReader preferColumns(List<String> names) {
    this.preferred = List.copyOf(names);
    return this;
  }

  /** Takes per-row weights from this column (a name or a 1-based position). */
  public CsvReader weightColumn(String column) {
    this.weightColumn = column;
    return this;
  }

  /** Reads a file. */
  public Dataset read(Path file) {
    String name = file.toString();
    if (!Files.exists(file)) {
      throw new InputException(name + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new InputException(name + ": is a directory, not a data file");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, name);
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
   * Reads from a reader. A row whose selected values are all missing is skipped; the returned
   * data set records which ({@link Dataset#skippedRows()}) so that messages keep the file's row
   * numbers and callers can report them.
   *
   * @param in the text; not closed
   * @param name the source's name, for messages
   */
  public Dataset read(Reader in, String name) throws IOException {
    Parsed p = parse(in, name, false);
    Dataset data =
        new Dataset(
            p.values.toArray(),
            p.rows,
            p.selected.length,
            p.selectedNames(),
            p.weights == null ? null : p.weights.toArray(),
            name);
    return p.skipped.isEmpty()
        ? data
        : data.withSkippedRows(p.skipped.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Reads a file keeping the text of every cell, for commands that write the file back with some
   * cells changed ({@code em4j impute}). Unlike {@link #read(Path)}, no row is skipped: a row
   * whose selected values are all missing stays in {@link CsvTable#data()}. Weights are not read.
   */
  public CsvTable readTable(Path file) {
    String name = file.toString();
    if (!Files.exists(file)) {
      throw new InputException(name + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new InputException(name + ": is a directory, not a data file");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Parsed p = parse(in, name, true);
      Dataset data =
          new Dataset(p.values.toArray(), p.rows, p.selected.length, p.selectedNames(), null, name);
      return new CsvTable(p.hasHeader ? p.names : null, p.delimiter, p.text, p.selected, data);
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

  /** What parsing a file gave. */
  private static final class Parsed {
    char delimiter;
    boolean hasHeader;
    List<String> names;
    int[] selected;
    DoubleBuffer values;
    DoubleBuffer weights;
    int rows;
    final List<Integer> skipped = new ArrayList<>();
    List<List<String>> text;

    List<String> selectedNames() {
      List<String> out = new ArrayList<>();
      for (int s : selected) {
        out.add(names.get(s));
      }
      return out;
    }
  }

  /**
   * Parses the text.
   *
   * @param keepAll keep rows whose selected values are all missing, keep every cell's text, and
   *     ignore the weight column
   */
  private Parsed parse(Reader in, String name, boolean keepAll) throws IOException {
    BufferedReader buffered = in instanceof BufferedReader b ? b : new BufferedReader(in);
    buffered.mark(1);
    if (buffered.read() != '\uFEFF') { // a byte-order mark (spreadsheet exports) is not data
      buffered.reset();
    }
    buffered.mark(1 << 16);
    String firstLine = firstNonEmptyLine(buffered);
    if (firstLine == null) {
      throw new InputException(name + ": is empty");
    }
    buffered.reset();
    char d = delimiter != null ? delimiter : detectDelimiter(firstLine);
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setDelimiter(d).setIgnoreEmptyLines(true).setTrim(true).build();
    try (CSVParser parser = format.parse(buffered)) {
      Parsed p = new Parsed();
      p.delimiter = d;
      Iterator<CSVRecord> it = parser.iterator();
      CSVRecord first = it.next();
      boolean hasHeader =
          switch (header) {
            case YES -> true;
            case NO -> false;
            case AUTO -> looksLikeHeader(first);
          };
      p.hasHeader = hasHeader;
      int width = first.size();
      List<String> names = new ArrayList<>();
      if (hasHeader) {
        for (String s : first) {
          names.add(s);
        }
      } else {
        names.addAll(Dataset.defaultNames(width));
      }
      p.names = names;
      int[] selected = selectColumns(names, name);
      String weightName = keepAll ? null : weightColumn;
      int weightIndex = weightName == null ? -1 : resolveColumn(weightName, names, name);
      if (columns.isEmpty() && weightIndex >= 0) {
        // "every column" means every column except the weights
        selected = Arrays.stream(selected).filter(c -> c != weightIndex).toArray();
        if (selected.length == 0) {
          throw new InputException(name + ": no columns left besides the weight column");
        }
      }
      if (weightIndex >= 0) {
        for (int s : selected) {
          if (s == weightIndex) {
            throw new InputException(
                name + ": column '" + names.get(s) + "' cannot be both a feature and the weights");
          }
        }
      }
      p.selected = selected;
      p.values = new DoubleBuffer(1024);
      p.weights = weightIndex >= 0 ? new DoubleBuffer(256) : null;
      p.text = keepAll ? new ArrayList<>() : null;
      int row = 0;
      if (!hasHeader) {
        addRecord(first, width, weightIndex, p, name, 0, keepAll);
        row = 1;
      }
      while (it.hasNext()) {
        CSVRecord rec = it.next();
        addRecord(rec, width, weightIndex, p, name, row, keepAll);
        row++;
      }
      if (row == 0) {
        throw new InputException(name + ": has a header but no data rows");
      }
      if (p.rows == 0) {
        throw new InputException(
            name + ": every one of its " + row + " rows has all its values missing");
      }
      return p;
    } catch (java.io.UncheckedIOException e) {
      throw new InputException(name + ": malformed CSV: " + e.getCause().getMessage(), e);
    } catch (IllegalStateException e) {
      // commons-csv reports malformed quoting this way
      throw new InputException(name + ": malformed CSV: " + e.getMessage(), e);
    }
  }

  private void addRecord(
      CSVRecord rec, int width, int weightIndex, Parsed p, String name, int row, boolean keepAll) {
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
    List<String> names = p.names;
    boolean anyObserved = false;
    for (int s : p.selected) {
      double v = parseCell(rec.get(s), name, row, names.get(s));
      anyObserved |= !Double.isNaN(v);
      p.values.add(v);
    }
    if (!anyObserved && !keepAll) {
      // Every selected value is missing: the row carries no information; it is dropped and
      // recorded, and its weight (if any) is not read.
      p.values.truncate(p.values.size - p.selected.length);
      p.skipped.add(row);
      return;
    }
    if (keepAll) {
      List<String> cells = new ArrayList<>(rec.size());
      for (String c : rec) {
        cells.add(c);
      }
      p.text.add(java.util.Collections.unmodifiableList(cells));
    }
    p.rows++;
    DoubleBuffer weights = p.weights;
    if (weights != null) {
      double w = parseCell(rec.get(weightIndex), name, row, names.get(weightIndex));
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new InputException(
            name
                + " row "
                + (row + 1)
                + ", column '"
                + names.get(weightIndex)
                + "': a weight must be a finite number >= 0, got '"
                + rec.get(weightIndex)
                + "'");
      }
      weights.add(w);
    }
  }

  /** Parses one cell; missing-value tokens become NaN. */
  static double parseCell(String cell, String file, int row, String column) {
    if (isMissingToken(cell)) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new InputException(
          file
              + " row "
              + (row + 1)
              + ", column '"
              + column
              + "': '"
              + cell
              + "' is not a number (choose numeric columns with --columns)");
    }
  }

  /** Whether a cell spells a missing value: empty, NA, NaN or nan. */
  public static boolean isMissingToken(String cell) {
    return cell.isEmpty() || cell.equals("NA") || cell.equals("NaN") || cell.equals("nan");
  }

  /**
   * Whether a first line is a header: some cell is neither a number nor a missing value. The
   * rule of {@link Header#AUTO}, also used by em4j-spark's reader.
   */
  public static boolean looksLikeHeader(Iterable<String> firstLine) {
    for (String s : firstLine) {
      if (isMissingToken(s)) {
        continue;
      }
      try {
        Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return false;
  }

  private int[] selectColumns(List<String> names, String file) {
    if (columns.isEmpty() && !preferred.isEmpty() && names.containsAll(preferred)) {
      return preferred.stream().mapToInt(names::indexOf).toArray();
    }
    if (columns.isEmpty()) {
      int[] all = new int[names.size()];
      for (int j = 0; j < all.length; j++) {
        all[j] = j;
      }
      return all;
    }
    int[] sel = new int[columns.size()];
    for (int i = 0; i < sel.length; i++) {
      sel[i] = resolveColumn(columns.get(i), names, file);
    }
    return sel;
  }

  static int resolveColumn(String column, List<String> names, String file) {
    int byName = names.indexOf(column);
    if (byName >= 0) {
      return byName;
    }
    try {
      int pos = Integer.parseInt(column);
      if (pos >= 1 && pos <= names.size()) {
        return pos - 1;
      }
    } catch (NumberFormatException ignored) {
      // not a position either
    }
    throw new InputException(
        file + ": no column '" + column + "' (columns are " + String.join(", ", names) + ")");
  }

  static String firstNonEmptyLine(BufferedReader in) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.isBlank()) {
        return line;
      }
    }
    return null;
  }

  /** The most frequent of comma, semicolon and tab in a line (comma on ties). */
  public static char detectDelimiter(String line) {
    char best = ',';
    long bestCount = 0;
    for (char c : new char[] {',', ';', '\t'}) {
      long n = line.chars().filter(ch -> ch == c).count();
      if (n > bestCount) {
        best = c;
        bestCount = n;
      }
    }
    return best;
  }

  /** A growable double array, so reading does not box every value. */
  private static final class DoubleBuffer {
    private double[] data;
    private int size;

    DoubleBuffer(int capacity) {
      data = new double[capacity];
    }

    void add(double v) {
      if (size == data.length) {
        if (data.length > Integer.MAX_VALUE / 2 - 8) {
          throw new InputException("data file too large for one in-memory array");
        }
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = v;
    }

    void truncate(int newSize) {
      size = newSize;
    }

    double[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "CsvReader[delimiter=%s, header=%s, columns=%s]", delimiter, header, columns);
  }
}
