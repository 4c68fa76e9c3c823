package org.em4j.spark.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.em4j.data.CsvReader;
import org.em4j.data.InputException;
import org.em4j.data.Levels;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.mixture.MixtureFamily;
import org.em4j.spark.SparkData;

/**
 * Where an em4j Spark ML stage finds a row's values, the same way when fitting and when
 * transforming: a vector column ({@code featuresCol}), or plain columns ({@code inputCols}:
 * numbers, or for the categorical family text levels). Binomial rows are (successes, trials):
 * successes the one feature value, trials from {@code trialsCol} or the constant {@code
 * numTrials}.
 *
 * @param featuresCol the vector column, used when {@code inputCols} is empty
 * @param inputCols the columns, or empty
 * @param trialsCol binomial: the column of numbers of trials, or empty for {@code numTrials}
 * @param numTrials binomial: the number of trials of every row when there is no {@code trialsCol}
 */
record MlInput(String featuresCol, List<String> inputCols, String trialsCol, int numTrials)
    implements Serializable {

  MlInput {
    inputCols = List.copyOf(inputCols);
  }

  /** Whether the values come from plain columns rather than a vector. */
  boolean columns() {
    return !inputCols.isEmpty();
  }

  /** The names of the input columns, for messages and the model's column names. */
  List<String> names() {
    return columns() ? inputCols : List.of(featuresCol);
  }

  /**
   * Checks that the schema has the input columns with usable types for {@code family}.
   *
   * @throws IllegalArgumentException naming a missing column or a column of the wrong type
   */
  void check(StructType schema, String family) {
    List<String> names = List.of(schema.fieldNames());
    boolean binomial = family.equals("binomial");
    if (columns()) {
      if (binomial && inputCols.size() != 1) {
        throw new IllegalArgumentException(
            "binomial inputCols is the one column of successes (trials come from trialsCol or"
                + " numTrials), got " + inputCols.size() + " columns");
      }
      for (String c : inputCols) {
        StructField f = field(schema, names, c, "input");
        if (!family.equals("categorical")
            && !(f.dataType() instanceof NumericType)
            && !(f.dataType() instanceof StringType)) {
          throw new IllegalArgumentException(
              "input column '" + c + "' holds " + f.dataType().simpleString() + ", not numbers");
        }
      }
    } else {
      StructField f = field(schema, names, featuresCol, "features");
      if (!(f.dataType() instanceof VectorUDT)) {
        throw new IllegalArgumentException(
            "features column '" + featuresCol + "' holds " + f.dataType().simpleString()
                + ", not vectors (assemble numeric columns with VectorAssembler, or set inputCols)");
      }
    }
    if (binomial && !trialsCol.isEmpty()) {
      StructField f = field(schema, names, trialsCol, "trials");
      if (!(f.dataType() instanceof NumericType) && !(f.dataType() instanceof StringType)) {
        throw new IllegalArgumentException(
            "trials column '" + trialsCol + "' holds " + f.dataType().simpleString()
                + ", not numbers");
      }
    }
  }

  private static StructField field(StructType schema, List<String> names, String c, String what) {
    if (!names.contains(c)) {
      throw new IllegalArgumentException(
          "no " + what + " column '" + c + "' (columns: " + String.join(", ", names) + ")");
    }
    return schema.apply(c);
  }

  /** What reads a row's values on the executors for a fitted model of {@code family}. */
  RowReader reader(StructType schema, MixtureFamily<?, ?> family, int dimension) {
    Levels levels = family instanceof CategoricalFamily c && columns() ? c.levels() : null;
    return reader(schema, family.name(), family instanceof BinomialFamily ? 1 : dimension, levels);
  }

  /**
   * What reads a row's values on the executors.
   *
   * @param family the family's name
   * @param values the number of feature values (binomial: 1, the successes)
   * @param levels categorical levels to code text columns with, or {@code null}
   */
  RowReader reader(StructType schema, String family, int values, Levels levels) {
    check(schema, family);
    int[] idx = new int[inputCols.size()];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = schema.fieldIndex(inputCols.get(j));
    }
    int features = columns() ? -1 : schema.fieldIndex(featuresCol);
    if (family.equals("binomial")) {
      int trials = trialsCol.isEmpty() ? -1 : schema.fieldIndex(trialsCol);
      return new RowReader(
          features, idx, null, 1, trials, trials >= 0 ? 0 : numTrials, names(), trialsCol);
    }
    return new RowReader(features, idx, levels, values, -1, 0, names(), trialsCol);
  }

  /**
   * Reads one row into {@code d} values (binomial: successes and trials); serialisable, built on
   * the driver, used on the executors.
   */
  static final class RowReader implements SparkData.RowValues {
    private static final long serialVersionUID = 1L;
    private final int features;
    private final int[] columns;
    private final Levels levels;
    private final int values;
    private final int trials;
    private final int numTrials;
    private final List<String> names;
    private final String trialsName;

    RowReader(
        int features,
        int[] columns,
        Levels levels,
        int values,
        int trials,
        int numTrials,
        List<String> names,
        String trialsName) {
      this.features = features;
      this.columns = columns.clone();
      this.levels = levels;
      this.values = values;
      this.trials = trials;
      this.numTrials = numTrials;
      this.names = new ArrayList<>(names);
      this.trialsName = trialsName;
    }

    /** Number of values a row gives (the model's dimension). */
    int width() {
      return trials >= 0 || numTrials > 0 ? values + 1 : values;
    }

    /**
     * Reads row {@code r} into {@code out[off .. off + width())}.
     *
     * @param rowNumber 1-based row number within the partition, for messages
     * @throws InputException naming the row and column of a value that cannot be read
     */
    @Override
    public void read(Row r, double[] out, int off, long rowNumber) {
      if (features >= 0) {
        if (r.isNullAt(features)) {
          throw new InputException("row " + rowNumber + ": the features are null");
        }
        Vector v = (Vector) r.get(features);
        if (v.size() != values) {
          throw new InputException(
              "row " + rowNumber + ": the feature vector has " + v.size()
                  + " values but the model has dimension " + values
                  + (numTrials > 0 || trials >= 0 ? " (binomial features are the successes)" : ""));
        }
        for (int j = 0; j < values; j++) {
          out[off + j] = v.apply(j);
        }
      } else {
        for (int j = 0; j < columns.length; j++) {
          out[off + j] = cell(r, columns[j], j, rowNumber);
        }
      }
      if (trials >= 0) {
        out[off + values] = number(r, trials, trialsName, rowNumber);
      } else if (numTrials > 0) {
        out[off + values] = numTrials;
      }
    }

    private double cell(Row r, int index, int j, long rowNumber) {
      if (r.isNullAt(index)) {
        return Double.NaN;
      }
      if (levels != null) {
        String s = String.valueOf(r.get(index)).strip();
        if (CsvReader.isMissingToken(s)) {
          return Double.NaN;
        }
        if (!levels.of(j).contains(s)) {
          throw new InputException(
              "row " + rowNumber + ", column '" + names.get(j) + "': level '" + s
                  + "' is not one of the model's levels (" + String.join(", ", levels.of(j)) + ")");
        }
        return levels.code(j, s);
      }
      return number(r, index, names.get(j), rowNumber);
    }

    private static double number(Row r, int index, String name, long rowNumber) {
      if (r.isNullAt(index)) {
        return Double.NaN;
      }
      Object o = r.get(index);
      if (o instanceof Number n) {
        return n.doubleValue();
      }
      String s = String.valueOf(o).strip();
      if (CsvReader.isMissingToken(s)) {
        return Double.NaN;
      }
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new InputException(
            "row " + rowNumber + ", column '" + name + "': '" + s + "' is not a number");
      }
    }

    @Override
    public String toString() {
      return "RowReader" + Arrays.toString(columns);
    }
  }
}
