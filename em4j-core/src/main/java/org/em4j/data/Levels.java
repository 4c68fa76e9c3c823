package org.em4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schema of categorical columns: for every column, its level names in code order. A {@link
 * Dataset} holds a categorical cell as its level code (0, 1, 2, ...; {@code NaN} when missing);
 * this schema, kept beside it and in the model file, maps codes back to names and encodes new data
 * the same way.
 *
 * <p>Levels learnt from data are sorted: numerically when every level of the column is a number,
 * otherwise as strings; so the codes do not depend on the order of the rows. Immutable.
 */
public final class Levels implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final List<List<String>> levels;
  private final List<Map<String, Integer>> codes;

  /**
   * @param perColumn for every column, its distinct, non-empty level names in code order
   * @throws IllegalArgumentException naming the column and level that is not valid
   */
  public Levels(List<List<String>> perColumn) {
    if (perColumn.isEmpty()) {
      throw new IllegalArgumentException("categorical data needs at least one column");
    }
    List<List<String>> copy = new ArrayList<>();
    List<Map<String, Integer>> maps = new ArrayList<>();
    for (int j = 0; j < perColumn.size(); j++) {
      List<String> col = List.copyOf(perColumn.get(j));
      if (col.isEmpty()) {
        throw new IllegalArgumentException("column " + (j + 1) + " has no levels");
      }
      Map<String, Integer> map = new HashMap<>();
      for (int l = 0; l < col.size(); l++) {
        String name = col.get(l);
        if (CsvReader.isMissingToken(name)) {
          throw new IllegalArgumentException(
              "column " + (j + 1) + ": '" + name + "' marks a missing value and cannot be a level");
        }
        if (map.put(name, l) != null) {
          throw new IllegalArgumentException(
              "column " + (j + 1) + ": level '" + name + "' appears twice");
        }
      }
      copy.add(col);
      maps.add(map);
    }
    this.levels = Collections.unmodifiableList(copy);
    this.codes = Collections.unmodifiableList(maps);
  }

  /** Levels named {@code 0, 1, ..., L_j - 1}: codes that are their own names. */
  public static Levels ofCounts(int... counts) {
    List<List<String>> out = new ArrayList<>();
    for (int j = 0; j < counts.length; j++) {
      if (counts[j] < 1) {
        throw new IllegalArgumentException(
            "column " + (j + 1) + " needs at least one level, got " + counts[j]);
      }
      List<String> col = new ArrayList<>();
      for (int l = 0; l < counts[j]; l++) {
        col.add(Integer.toString(l));
      }
      out.add(col);
    }
    return new Levels(out);
  }

  /**
   * The levels seen in some columns of a table (missing-value cells are not levels).
   *
   * @param columns indices of the columns, in the order of the data set to build
   * @throws InputException when a column has no value at all
   */
  public static Levels learn(TextTable table, int[] columns) {
    List<List<String>> out = new ArrayList<>();
    for (int j : columns) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < table.rows(); i++) {
        String cell = table.cell(i, j);
        if (!CsvReader.isMissingToken(cell)) {
          seen.add(cell);
        }
      }
      if (seen.isEmpty()) {
        throw new InputException(
            table.source() + ", column '" + table.names().get(j) + "': every value is missing");
      }
      out.add(sorted(seen));
    }
    return new Levels(out);
  }

  /**
   * Levels from the distinct values seen in each column, sorted as {@link #learn} sorts them (for
   * front ends that gather the values elsewhere, such as Spark).
   *
   * @param seen for every column, its distinct non-missing values
   */
  public static Levels ofSeen(List<? extends java.util.Collection<String>> seen) {
    List<List<String>> out = new ArrayList<>();
    for (java.util.Collection<String> column : seen) {
      out.add(sorted(new HashSet<>(column)));
    }
    return new Levels(out);
  }

  private static List<String> sorted(Set<String> seen) {
    boolean numeric = true;
    for (String s : seen) {
      try {
        Double.parseDouble(s);
      } catch (NumberFormatException e) {
        numeric = false;
        break;
      }
    }
    Comparator<String> order =
        numeric
            ? Comparator.<String>comparingDouble(Double::parseDouble).thenComparing(s -> s)
            : Comparator.naturalOrder();
    TreeSet<String> set = new TreeSet<>(order);
    set.addAll(seen);
    return new ArrayList<>(set);
  }

  /** Number of columns. */
  public int columns() {
    return levels.size();
  }

  /** Number of levels of column {@code j}. */
  public int count(int j) {
    return levels.get(j).size();
  }

  /** Numbers of levels of every column. */
  public int[] counts() {
    int[] out = new int[levels.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = count(j);
    }
    return out;
  }

  /** The level names of column {@code j}, in code order. */
  public List<String> of(int j) {
    return levels.get(j);
  }

  /** The name of level {@code code} of column {@code j}. */
  public String name(int j, int code) {
    return levels.get(j).get(code);
  }

  /** The code of a level of column {@code j}, or -1 when it is not one of its levels. */
  public int code(int j, String level) {
    Integer c = codes.get(j).get(level);
    return c == null ? -1 : c;
  }

  /**
   * Encodes columns of a table as level codes ({@code NaN} for a missing-value cell).
   *
   * @param columns indices of the table's columns, one per column of this schema
   * @param weights per-row weights or {@code null}
   * @throws InputException naming the row and column of a level this schema does not know
   */
  public Dataset encode(TextTable table, int[] columns, double[] weights) {
    if (columns.length != columns()) {
      throw new InputException(
          table.source() + ": expected " + columns() + " categorical columns, found " + columns.length);
    }
    int n = table.rows();
    int d = columns.length;
    double[] values = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        String cell = table.cell(i, columns[j]);
        if (CsvReader.isMissingToken(cell)) {
          values[i * d + j] = Double.NaN;
          continue;
        }
        int c = code(j, cell);
        if (c < 0) {
          throw new InputException(
              table.describeCell(i, columns[j])
                  + ": level '"
                  + cell
                  + "' was not seen when the model was fitted (known levels: "
                  + String.join(", ", of(j))
                  + ")");
        }
        values[i * d + j] = c;
      }
    }
    List<String> names = new ArrayList<>();
    for (int c : columns) {
      names.add(table.names().get(c));
    }
    return new Dataset(values, n, d, names, weights, table.source());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Levels l && l.levels.equals(levels);
  }

  @Override
  public int hashCode() {
    return levels.hashCode();
  }

  @Override
  public String toString() {
    return "Levels" + levels;
  }
}
