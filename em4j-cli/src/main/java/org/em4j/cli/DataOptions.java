package org.em4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.em4j.data.CsvReader;
import org.em4j.data.CsvTable;
import org.em4j.data.Dataset;
import picocli.CommandLine.Option;

/** The options that say which data to read and how (a mixin shared by every command). */
public final class DataOptions {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "CSV (or semicolon / tab separated) file of numbers.")
  Path data;

  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "COL",
      description = "Columns to use, by header name or 1-based position (default: all).")
  List<String> columns = new ArrayList<>();

  @Option(
      names = "--header",
      paramLabel = "auto|yes|no",
      description = "Whether the first line is a header (default: ${DEFAULT-VALUE}, detected).")
  String header = "auto";

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      description = "Field delimiter: ',', ';' or 'tab' (default: detected).")
  String delimiter;

  /**
   * Reads the data with these options.
   *
   * @param weightColumn column of row weights, or {@code null}
   * @param defaultColumns columns to use when {@code --columns} is not given and the header has
   *     them all (a model's training columns), or {@code null}
   */
  Dataset read(String weightColumn, List<String> defaultColumns) {
    CsvReader reader = reader(defaultColumns);
    if (weightColumn != null) {
      reader.weightColumn(weightColumn);
    }
    return reader.read(data);
  }

  /**
   * Reads the data keeping every row and the text of every cell (for {@code impute}).
   *
   * @param defaultColumns as in {@link #read}
   */
  CsvTable readTable(List<String> defaultColumns) {
    return reader(defaultColumns).readTable(data);
  }

  private CsvReader reader(List<String> defaultColumns) {
    CsvReader reader = new CsvReader();
    reader.header(
        switch (header.toLowerCase(java.util.Locale.ROOT)) {
          case "auto" -> CsvReader.Header.AUTO;
          case "yes", "true" -> CsvReader.Header.YES;
          case "no", "false" -> CsvReader.Header.NO;
          default -> throw new IllegalArgumentException(
              "--header must be auto, yes or no, got '" + header + "'");
        });
    if (delimiter != null) {
      String d = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
      if (d.length() != 1) {
        throw new IllegalArgumentException(
            "--delimiter must be one character or 'tab', got '" + delimiter + "'");
      }
      reader.delimiter(d.charAt(0));
    }
    if (!columns.isEmpty()) {
      reader.columns(columns);
    } else if (defaultColumns != null) {
      reader.preferColumns(defaultColumns);
    }
    return reader;
  }
}
