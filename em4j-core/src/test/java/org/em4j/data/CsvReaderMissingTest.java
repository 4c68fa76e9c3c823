package org.em4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing values in CSV input: tokens, skipped empty rows, counts and the kept cell text. */
class CsvReaderMissingTest {
  @TempDir Path dir;

  private static Dataset read(String text) throws IOException {
    return new CsvReader().read(new StringReader(text), "t.csv");
  }

  @Test
  void missingTokensBecomeNaNAndAreCounted() throws IOException {
    Dataset d = read("a,b,c\n1,,3\nNA,5,NaN\nnan,8,9\n10,11,12\n");
    assertEquals(4, d.rows());
    assertTrue(Double.isNaN(d.get(0, 1)));
    assertTrue(Double.isNaN(d.get(1, 0)));
    assertTrue(Double.isNaN(d.get(1, 2)));
    assertTrue(Double.isNaN(d.get(2, 0)));
    assertEquals(4, d.missingCells());
    assertEquals(3, d.incompleteRows());
    assertTrue(d.hasMissing());
    assertEquals(0, d.skippedRows().length);
  }

  @Test
  void aCompleteFileHasNoMissingValues() throws IOException {
    Dataset d = read("a,b\n1,2\n3,4\n");
    assertFalse(d.hasMissing());
    assertEquals(0, d.missingCells());
    assertEquals(0, d.incompleteRows());
  }

  @Test
  void rowsWithEveryValueMissingAreSkippedAndRecorded() throws IOException {
    Dataset d = read("a,b\n,\n1,2\nNA,nan\n3,\n,\n5,Infinity\n");
    assertEquals(3, d.rows());
    assertArrayEquals(new int[] {0, 2, 4}, d.skippedRows());
    assertArrayEquals(new double[] {1, 2, 3, Double.NaN, 5, Double.POSITIVE_INFINITY}, d.values());
    // Messages keep the file's row numbers.
    assertEquals("t.csv row 2", d.describeRow(0));
    assertEquals("t.csv row 4", d.describeRow(1));
    assertEquals("t.csv row 6, column 'b'", d.describeCell(2, 1));
    assertEquals(1, d.missingCells());
  }

  @Test
  void skippingLooksAtTheSelectedColumnsOnly() throws IOException {
    Dataset d =
        new CsvReader().columns(List.of("b")).read(new StringReader("a,b\n1,\n2,3\n"), "t.csv");
    assertEquals(1, d.rows());
    assertArrayEquals(new int[] {0}, d.skippedRows());
  }

  @Test
  void aFileWhoseRowsAreAllEmptyIsAnError() {
    InputException e = assertThrows(InputException.class, () -> read("a,b\n,\nNA,NA\n"));
    assertEquals("t.csv: every one of its 2 rows has all its values missing", e.getMessage());
  }

  @Test
  void aTableKeepsEveryRowAndTheTextOfEveryCell() throws IOException {
    Path f = dir.resolve("x.csv");
    Files.writeString(f, "id;a;b\nr1;1.50;NA\nr2;;\nr3;\"2e0\";7\n");
    CsvTable t = new CsvReader().columns(List.of("a", "b")).readTable(f);
    assertEquals(List.of("id", "a", "b"), t.header());
    assertEquals(';', t.delimiter());
    assertArrayEquals(new int[] {1, 2}, t.columns());
    assertEquals(3, t.data().rows());
    assertEquals(List.of("r1", "1.50", "NA"), t.cells().get(0));
    assertEquals(List.of("r3", "2e0", "7"), t.cells().get(2));
    assertEquals(1.5, t.data().get(0, 0));
    assertTrue(Double.isNaN(t.data().get(1, 1)));
  }

  @Test
  void aTableWithoutHeaderSaysSo() throws IOException {
    Path f = dir.resolve("y.csv");
    Files.writeString(f, "1,2\n,4\n");
    CsvTable t = new CsvReader().readTable(f);
    assertNull(t.header());
    assertEquals(2, t.data().rows());
  }
}
