package org.em4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading CSV, and one test per kind of bad input, each checking what the message says. */
class CsvReaderTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private InputException failure(CsvReader reader, Path file) {
    return assertThrows(InputException.class, () -> reader.read(file));
  }

  private static void assertMessage(InputException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should say '" + part + "'");
    }
  }

  @Test
  void readsHeaderDelimiterMissingValuesAndWeights() throws IOException {
    Path f = file("d.csv", "a;b;w\n1;2.5;1\n3;NA;0.5\n\n-4e1;;2\n");
    Dataset d = new CsvReader().weightColumn("w").read(f);
    assertEquals(List.of("a", "b"), d.columnNames());
    assertEquals(3, d.rows());
    assertArrayEquals(new double[] {1, 2.5, 3, Double.NaN, -40, Double.NaN}, d.values());
    assertEquals(0.5, d.weight(1));
    assertEquals(3.5, d.totalWeight());
    Dataset noHeader = new CsvReader().read(file("n.csv", "1,2\n3,4\n"));
    assertEquals(List.of("x1", "x2"), noHeader.columnNames());
    assertEquals(2, noHeader.rows());
    assertFalse(noHeader.hasWeights());
    Dataset picked = new CsvReader().columns(List.of("b", "1")).read(f);
    assertEquals(List.of("b", "a"), picked.columnNames());
  }

  /** A UTF-8 byte-order mark must neither turn the first data row into a header nor rename a column. */
  @Test
  void aByteOrderMarkIsNotData() throws IOException {
    Dataset numbers = new CsvReader().read(file("bom.csv", "\uFEFF1,2\n3,4\n5,6\n"));
    assertEquals(3, numbers.rows());
    assertEquals(List.of("x1", "x2"), numbers.columnNames());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, numbers.values());
    Dataset named =
        new CsvReader().columns(List.of("a")).read(file("bomh.csv", "\uFEFFa,b\n3,4\n"));
    assertEquals(List.of("a"), named.columnNames());
    assertArrayEquals(new double[] {3}, named.values());
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.csv");
    assertMessage(failure(new CsvReader(), missing), "nope.csv", "no such file");
  }

  @Test
  void aDirectoryIsNotADataFile() {
    assertMessage(failure(new CsvReader(), dir), "is a directory");
  }

  @Test
  void anEmptyFileIsSaidToBeEmpty() throws IOException {
    assertMessage(failure(new CsvReader(), file("empty.csv", "")), "empty.csv", "is empty");
    assertMessage(failure(new CsvReader(), file("blank.csv", "\n  \n")), "blank.csv", "is empty");
  }

  @Test
  void aHeaderWithoutRowsIsSaidToHaveNoRows() throws IOException {
    assertMessage(
        failure(new CsvReader(), file("header.csv", "a,b\n")),
        "header.csv", "has a header but no data rows");
  }

  @Test
  void aNonNumericCellNamesItsRowAndColumn() throws IOException {
    Path f = file("bad.csv", "a,b\n1,2\n3,abc\n");
    assertMessage(failure(new CsvReader(), f), "bad.csv row 2, column 'b'", "'abc' is not a number");
    Path g = file("bad2.csv", "1,2\n3,x\n");
    assertMessage(
        failure(new CsvReader().header(CsvReader.Header.NO), g),
        "bad2.csv row 2, column 'x2'", "'x' is not a number");
  }

  @Test
  void aRaggedRowSaysHowManyCellsItHas() throws IOException {
    Path f = file("ragged.csv", "a,b\n1,2\n3\n");
    assertMessage(
        failure(new CsvReader(), f), "ragged.csv row 2 (line 3)", "has 1 cells, expected 2");
    Path g = file("long.csv", "a,b\n1,2,3\n");
    assertMessage(failure(new CsvReader(), g), "row 1", "has 3 cells, expected 2");
  }

  @Test
  void anUnknownColumnListsTheColumns() throws IOException {
    Path f = file("cols.csv", "a,b\n1,2\n");
    assertMessage(
        failure(new CsvReader().columns(List.of("zz")), f),
        "cols.csv", "no column 'zz'", "columns are a, b");
    assertMessage(failure(new CsvReader().columns(List.of("3")), f), "no column '3'");
    assertMessage(failure(new CsvReader().weightColumn("w"), f), "no column 'w'");
  }

  @Test
  void aBadWeightNamesItsCell() throws IOException {
    Path f = file("w.csv", "a,w\n1,2\n3,-1\n");
    assertMessage(
        failure(new CsvReader().weightColumn("w"), f),
        "w.csv row 2, column 'w'", "a weight must be a finite number >= 0, got '-1'");
  }

  @Test
  void aColumnCannotBeFeatureAndWeight() throws IOException {
    Path f = file("fw.csv", "a,w\n1,2\n");
    assertMessage(
        failure(new CsvReader().columns(List.of("a", "w")).weightColumn("w"), f),
        "column 'w' cannot be both a feature and the weights");
    Path only = file("only.csv", "w\n1\n");
    assertMessage(
        failure(new CsvReader().weightColumn("w"), only),
        "no columns left besides the weight column");
  }

  @Test
  void familiesWithoutMissingValuesNameTheCell() throws IOException {
    Dataset d = new CsvReader().read(file("na.csv", "a,b\n1,2\n3,NA\n"));
    InputException e = assertThrows(InputException.class, d::requireFinite);
    assertMessage(e, "na.csv row 2, column 'b'", "a missing value");
  }
}
