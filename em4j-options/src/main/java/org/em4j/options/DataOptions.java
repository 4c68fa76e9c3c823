package org.em4j.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.em4j.data.CsvReader;
import org.em4j.data.CsvTable;
import org.em4j.data.Dataset;
import org.em4j.data.TextTable;
import picocli.CommandLine.Option;

/**
 * The options that say which data to read and how (a mixin shared by every command that reads
 * data). The local commands read the file with {@link #read}, {@link #readTable} or {@link
 * #table}; the Spark command reads {@link #data()} with Spark and uses {@link #header()} and
 * {@link #delimiter()} the same way.
 */
public final class DataOptions {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description =
          "CSV (or semicolon / tab separated) file; with --spark, any path Spark reads (local,"
              + " hdfs://, s3a://, ...).")
  private String data;

  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "COL",
      description = "Columns to use, by header name or 1-based position (default: all).")
  private List<String> columns = new ArrayList<>();

  @Option(
      names = "--header",
      paramLabel = "auto|yes|no",
      description = "Whether the first line is a header (default: ${DEFAULT-VALUE}, detected).")
  private String header = "auto";

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      description = "Field delimiter: ',', ';' or 'tab' (default: detected).")
  private String delimiter;

  /** The {@code --data} path as typed. */
  public String data() {
    return data;
  }

  /** The {@code --data} path as a local file. */
  public Path path() {
    return Path.of(data);
  }

  /** The {@code --columns} as typed (names or 1-based positions); empty when not given. */
  public List<String> columns() {
    return List.copyOf(columns);
  }

  /**
   * {@code --header} parsed.
   *
   * @throws IllegalArgumentException naming the option when it is not auto, yes or no
   */
  public CsvReader.Header header() {
    return switch (header.toLowerCase(Locale.ROOT)) {
      case "auto" -> CsvReader.Header.AUTO;
      case "yes", "true" -> CsvReader.Header.YES;
      case "no", "false" -> CsvReader.Header.NO;
      default -> throw new IllegalArgumentException(
          "--header must be auto, yes or no, got '" + header + "'");
    };
  }

  /**
   * {@code --delimiter} parsed: the character, or {@code null} to detect it.
   *
   * @throws IllegalArgumentException naming the option when it is not one character or 'tab'
   */
  public Character delimiter() {
    if (delimiter == null) {
      return null;
    }
    String d = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
    if (d.length() != 1) {
      throw new IllegalArgumentException(
          "--delimiter must be one character or 'tab', got '" + delimiter + "'");
    }
    return d.charAt(0);
  }

  /**
   * Reads the data (numbers) with these options.
   *
   * @param weightColumn column of row weights, or {@code null}
   * @param defaultColumns columns to use when {@code --columns} is not given and the header has
   *     them all (a model's training columns), or {@code null}
   */
  public Dataset read(String weightColumn, List<String> defaultColumns) {
    CsvReader reader = reader(defaultColumns);
    if (weightColumn != null) {
      reader.weightColumn(weightColumn);
    }
    return reader.read(path());
  }

  /**
   * Reads the data keeping every row and the text of every cell (for {@code impute}).
   *
   * @param defaultColumns as in {@link #read}
   */
  public CsvTable readTable(List<String> defaultColumns) {
    return reader(defaultColumns).readTable(path());
  }

  /** Reads the whole file as text cells (categorical levels, flip strings), every column. */
  public TextTable table() {
    return TextTable.read(path(), delimiter(), header());
  }

  private CsvReader reader(List<String> defaultColumns) {
    CsvReader reader = new CsvReader();
    reader.header(header());
    Character d = delimiter();
    if (d != null) {
      try {
        reader.delimiter(d);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--" + e.getMessage() + ", got '" + delimiter + "'", e);
      }
    }
    if (!columns.isEmpty()) {
      reader.columns(columns);
    } else if (defaultColumns != null) {
      reader.preferColumns(defaultColumns);
    }
    return reader;
  }
}
