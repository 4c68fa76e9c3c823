package org.em4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.storage.StorageLevel;
import org.em4j.data.BinomialInput;
import org.em4j.data.Dataset;
import org.em4j.data.CsvReader;
import org.em4j.data.InputException;
import org.em4j.data.Levels;

/**
 * Rows of a Spark {@code Dataset<Row>} in em4j's in-memory form, one {@link Block} per partition,
 * cached on the executors for the passes of a fit. Features come from numeric columns or from one
 * vector column; optional per-row weights from one more numeric column. A missing value (SQL
 * {@code NULL}) becomes {@code NaN}, which families that cannot use it reject with a message
 * naming partition, row and column.
 *
 * <p>Building one runs a Spark job (it counts the rows and checks shapes and weights); {@link
 * #close()} releases the cache.
 */
public final class SparkData implements AutoCloseable {
  private final JavaRDD<Block> blocks;
  private final long rows;
  private final double totalWeight;
  private final int columns;
  private final List<String> columnNames;
  private final boolean weighted;
  private final String source;
  private Levels levels; // set by fromCategorical only
  private long skippedRows; // set by dropMissing
  private long[] missing; // missing cells and incomplete rows, counted once when asked

  private SparkData(
      JavaRDD<Block> blocks,
      long rows,
      double totalWeight,
      int columns,
      List<String> columnNames,
      boolean weighted,
      String source) {
    this.blocks = blocks;
    this.rows = rows;
    this.totalWeight = totalWeight;
    this.columns = columns;
    this.columnNames = List.copyOf(columnNames);
    this.weighted = weighted;
    this.source = source;
  }

  /**
   * Features from numeric columns.
   *
   * @param df the rows
   * @param featureColumns names of the feature columns; empty for every numeric column but the
   *     weight column
   * @param weightColumn name of the weight column, or {@code null} for unit weights
   * @param source how messages name the data (a path)
   * @throws InputException naming a column that is missing or not numeric, or a bad cell
   */
  public static SparkData fromColumns(
      org.apache.spark.sql.Dataset<Row> df,
      List<String> featureColumns,
      String weightColumn,
      String source) {
    String name = source == null ? "data" : source;
    List<String> names = new ArrayList<>();
    if (featureColumns == null || featureColumns.isEmpty()) {
      for (StructField f : df.schema().fields()) {
        if (f.dataType() instanceof NumericType && !f.name().equals(weightColumn)) {
          names.add(f.name());
        }
      }
      if (names.isEmpty()) {
        throw new InputException(name + ": has no numeric columns" + besides(weightColumn));
      }
    } else {
      for (String c : featureColumns) {
        StructField f = field(df, c, name);
        if (!(f.dataType() instanceof NumericType) && !(f.dataType() instanceof StringType)) {
          throw new InputException(
              name + ": column '" + c + "' holds " + f.dataType().simpleString() + ", not numbers");
        }
        if (c.equals(weightColumn)) {
          throw new InputException(
              name + ": column '" + c + "' cannot be both a feature and the weights");
        }
        names.add(c);
      }
    }
    List<Column> select = new ArrayList<>();
    boolean[] text = new boolean[names.size()];
    for (int j = 0; j < names.size(); j++) {
      String c = names.get(j);
      // A text column (a CSV column Spark did not read as numbers, e.g. for an NA cell) is parsed
      // cell by cell as the local reader parses it.
      text[j] = field(df, c, name).dataType() instanceof StringType;
      select.add(
          text[j] ? functions.col(quote(c)) : functions.col(quote(c)).cast(DataTypes.DoubleType));
    }
    addWeight(df, weightColumn, name, select);
    int d = names.size();
    List<String> colNames = List.copyOf(names);
    boolean weighted = weightColumn != null;
    JavaRDD<Row> rowRdd = df.select(select.toArray(new Column[0])).javaRDD();
    JavaRDD<Block> blocks =
        rowRdd.mapPartitionsWithIndex(
            (p, it) -> single(packColumns(it, p, d, text, weighted, colNames, name)), true);
    return cache(blocks, colNames, weighted, name);
  }

  /**
   * Features from a vector column ({@code org.apache.spark.ml.linalg.Vector}, as Spark ML's
   * {@code VectorAssembler} makes). Column names come from the vector's ML attributes when it
   * has them, else {@code x1, x2, ...}.
   *
   * @param df the rows
   * @param vectorColumn the features
   * @param weightColumn name of the weight column, or {@code null} for unit weights
   * @param source how messages name the data
   * @throws InputException naming a column that is missing or of the wrong type, or a bad row
   */
  public static SparkData fromVectors(
      org.apache.spark.sql.Dataset<Row> df,
      String vectorColumn,
      String weightColumn,
      String source) {
    String name = source == null ? "data" : source;
    StructField f = field(df, vectorColumn, name);
    if (!(f.dataType() instanceof VectorUDT)) {
      throw new InputException(
          name
              + ": column '"
              + vectorColumn
              + "' holds "
              + f.dataType().simpleString()
              + ", not vectors (assemble numeric columns with VectorAssembler)");
    }
    List<Column> select = new ArrayList<>();
    select.add(functions.col(quote(vectorColumn)));
    addWeight(df, weightColumn, name, select);
    boolean weighted = weightColumn != null;
    JavaRDD<Row> rowRdd = df.select(select.toArray(new Column[0])).javaRDD();
    JavaRDD<Block> blocks =
        rowRdd.mapPartitionsWithIndex(
            (p, it) -> single(packVectors(it, p, weighted, vectorColumn, name)), true);
    List<String> attributeNames = attributeNames(f);
    return cache(blocks, attributeNames, weighted, name);
  }

  /**
   * Categorical features from columns of any type, read as strings. The level dictionary is built
   * on the driver from each column's distinct values (one small job per column) and sorted as the
   * local reader ({@link Levels#learn}) sorts them, so codes are the ones a local fit of the same
   * table uses. SQL {@code NULL} and the local reader's missing-value tokens become {@code NaN}.
   *
   * @param df the rows
   * @param featureColumns names of the categorical columns (at least one)
   * @param weightColumn name of the weight column, or {@code null} for unit weights
   * @param source how messages name the data
   * @throws InputException naming a column that is missing or has no value at all, or a bad weight
   */
  public static SparkData fromCategorical(
      org.apache.spark.sql.Dataset<Row> df,
      List<String> featureColumns,
      String weightColumn,
      String source) {
    return fromCategorical(df, featureColumns, weightColumn, source, null);
  }

  /**
   * Categorical features coded with a given level dictionary (a fitted model's), or with one
   * learnt from the data as {@link #fromCategorical(org.apache.spark.sql.Dataset, List, String,
   * String)} does when {@code given} is {@code null}.
   *
   * @param given the level names of every feature column, or {@code null} to learn them
   * @throws InputException naming a column that is missing, a level that {@code given} does not
   *     have (partition, row and column), or a bad weight
   */
  public static SparkData fromCategorical(
      org.apache.spark.sql.Dataset<Row> df,
      List<String> featureColumns,
      String weightColumn,
      String source,
      Levels given) {
    String name = source == null ? "data" : source;
    if (given != null && featureColumns != null && given.columns() != featureColumns.size()) {
      throw new InputException(
          name + ": " + featureColumns.size() + " categorical columns given but the levels are of "
              + given.columns());
    }
    if (featureColumns == null || featureColumns.isEmpty()) {
      throw new InputException(name + ": name at least one categorical column");
    }
    List<Column> select = new ArrayList<>();
    List<List<String>> seen = new ArrayList<>();
    for (String c : featureColumns) {
      field(df, c, name);
      if (c.equals(weightColumn)) {
        throw new InputException(
            name + ": column '" + c + "' cannot be both a feature and the weights");
      }
      Column col = functions.col(quote(c)).cast(DataTypes.StringType);
      select.add(col);
      if (given != null) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (Row r : df.select(col).distinct().collectAsList()) {
        if (!r.isNullAt(0) && !CsvReader.isMissingToken(r.getString(0))) {
          values.add(r.getString(0));
        }
      }
      if (values.isEmpty()) {
        throw new InputException(name + ", column '" + c + "': every value is missing");
      }
      seen.add(values);
    }
    Levels levels = given != null ? given : Levels.ofSeen(seen);
    addWeight(df, weightColumn, name, select);
    int d = featureColumns.size();
    boolean weighted = weightColumn != null;
    JavaRDD<Row> rowRdd = df.select(select.toArray(new Column[0])).javaRDD();
    JavaRDD<Block> blocks =
        rowRdd.mapPartitionsWithIndex(
            (p, it) ->
                single(packLevels(it, p, d, weighted, levels, List.copyOf(featureColumns), name)),
            true);
    SparkData out = cache(blocks, featureColumns, weighted, name);
    out.levels = levels;
    return out;
  }

  /** Reads the values of one row, for {@link #fromRows}; built on the driver, run on executors. */
  @FunctionalInterface
  public interface RowValues extends java.io.Serializable {
    /**
     * Writes the row's {@code columns} values to {@code out[off ..]} ({@code NaN} for missing).
     *
     * @param rowNumber the row's 1-based number within its partition, for messages
     * @throws InputException naming the row and column of a value that cannot be read
     */
    void read(Row row, double[] out, int off, long rowNumber);
  }

  /**
   * Features read from each row by a function: for input forms the other factories do not cover
   * (the Spark ML stages read vectors, columns and binomial trials through one reader, the same
   * when fitting and transforming). An {@link InputException} of the reader is reported with the
   * data's name and the partition in front.
   *
   * @param df the rows
   * @param columns number of values per row
   * @param columnNames their names
   * @param values the reader
   * @param weightColumn name of the weight column, or {@code null} for unit weights
   * @param source how messages name the data
   */
  public static SparkData fromRows(
      org.apache.spark.sql.Dataset<Row> df,
      int columns,
      List<String> columnNames,
      RowValues values,
      String weightColumn,
      String source) {
    String name = source == null ? "data" : source;
    if (columns < 1) {
      throw new IllegalArgumentException("rows need at least one value, got " + columns);
    }
    int weightIndex = -1;
    if (weightColumn != null) {
      List<Column> w = new ArrayList<>();
      addWeight(df, weightColumn, name, w);
      weightIndex = df.schema().fieldIndex(weightColumn);
    }
    int wi = weightIndex;
    JavaRDD<Block> blocks =
        df.javaRDD()
            .mapPartitionsWithIndex(
                (p, it) -> single(packRows(it, p, columns, values, wi, name)), true);
    return cache(blocks, columnNames, weightColumn != null, name);
  }

  private static Block packRows(
      Iterator<Row> it, int p, int d, RowValues reader, int weightIndex, String source) {
    DoubleBuffer values = new DoubleBuffer(1024 * d);
    DoubleBuffer weights = weightIndex >= 0 ? new DoubleBuffer(1024) : null;
    double[] row = new double[d];
    int n = 0;
    while (it.hasNext()) {
      Row r = it.next();
      try {
        reader.read(r, row, 0, n + 1);
      } catch (InputException e) {
        throw new InputException(source + " partition " + p + " " + e.getMessage(), e);
      }
      for (double v : row) {
        values.add(v);
      }
      if (weightIndex >= 0) {
        weights.add(weight(r, weightIndex, source, p, n));
      }
      n++;
    }
    if (n == 0) {
      return null;
    }
    return new Block(values.toArray(), n, d, weightIndex >= 0 ? weights.toArray() : null, p);
  }

  /**
   * Binomial data from one column, as the local reader takes it ({@link
   * org.em4j.data.BinomialInput#fromColumn}): flip sequences such as {@code HTTH} (H or h a
   * success, T or t a failure, spaces ignored) or 0/1 values (one trial per row). A numeric column
   * is 0/1; a text column is 0/1 when every cell is a number or missing (one small job checks),
   * else flips. The columns are named {@code C.successes} and {@code C.trials}; a missing cell
   * makes both {@code NaN}.
   *
   * @param column the column
   * @param weightColumn name of the weight column, or {@code null} for unit weights
   * @param source how messages name the data
   * @throws InputException naming a missing column, or the partition, row and column of a cell
   *     that fits neither form
   */
  public static SparkData fromBinomialColumn(
      org.apache.spark.sql.Dataset<Row> df, String column, String weightColumn, String source) {
    String name = source == null ? "data" : source;
    StructField f = field(df, column, name);
    if (column.equals(weightColumn)) {
      throw new InputException(
          name + ": column '" + column + "' cannot be both a feature and the weights");
    }
    boolean numericType = f.dataType() instanceof NumericType;
    List<Column> select = new ArrayList<>();
    select.add(
        numericType
            ? functions.col(quote(column)).cast(DataTypes.DoubleType)
            : functions.col(quote(column)).cast(DataTypes.StringType));
    addWeight(df, weightColumn, name, select);
    JavaRDD<Row> rowRdd = df.select(select.toArray(new Column[0])).javaRDD();
    boolean numeric =
        numericType
            || rowRdd
                .filter(r -> !r.isNullAt(0) && !isNumberOrMissing(r.getString(0).strip()))
                .isEmpty();
    boolean weighted = weightColumn != null;
    List<String> names =
        List.of(column + BinomialInput.SUCCESSES_SUFFIX, column + BinomialInput.TRIALS_SUFFIX);
    JavaRDD<Block> blocks =
        rowRdd.mapPartitionsWithIndex(
            (p, it) -> single(packBinomial(it, p, numericType, numeric, weighted, column, name)),
            true);
    return cache(blocks, names, weighted, name);
  }

  /**
   * The same data without its unusable rows, as the local command line drops them before a fit:
   * rows with every value missing, or (with {@code any}) rows with any value missing. Returns
   * this object when no row goes; otherwise a new one (cached; close both).
   *
   * @param any drop rows with any missing value rather than only those with all missing
   * @throws InputException when no row is left
   */
  public SparkData dropMissing(boolean any) {
    int d = columns;
    boolean w = weighted;
    long bad;
    try {
      bad = blocks.map(b -> countMissing(b, any)).fold(0L, Long::sum);
    } catch (Exception e) {
      throw SparkErrors.unwrap(e);
    }
    if (bad == 0) {
      return this;
    }
    JavaRDD<Block> kept =
        blocks.mapPartitions(it -> {
          List<Block> out = new ArrayList<>();
          while (it.hasNext()) {
            Block b = withoutMissing(it.next(), any, d, w);
            if (b != null) {
              out.add(b);
            }
          }
          return out.iterator();
        }, true);
    SparkData out = cache(kept, columnNames, weighted, source);
    out.levels = levels;
    // As the local Dataset.skippedRows (MissingRows): every dropped row is a skipped row.
    out.skippedRows = skippedRows + bad;
    return out;
  }

  /**
   * Rows that {@link #dropMissing} removed on the way to this data (every value missing, or with
   * {@code any} a value missing; 0 for data read as it is), as {@code Dataset.skippedRows} counts
   * them.
   */
  public long skippedRows() {
    return skippedRows;
  }

  /** Number of missing ({@code NaN}) values (one job the first time). */
  public long missingCells() {
    return missingCounts()[0];
  }

  /** Number of rows with at least one missing ({@code NaN}) value (one job the first time). */
  public long incompleteRows() {
    return missingCounts()[1];
  }

  private long[] missingCounts() {
    if (missing == null) {
      try {
        missing =
            blocks
                .map(SparkData::countNaN)
                .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      } catch (Exception e) {
        throw SparkErrors.unwrap(e);
      }
    }
    return missing;
  }

  private static long[] countNaN(Block b) {
    long cells = 0;
    long rows = 0;
    int d = b.columns();
    for (int i = 0; i < b.rows(); i++) {
      long before = cells;
      for (int j = 0; j < d; j++) {
        if (Double.isNaN(b.values()[i * d + j])) {
          cells++;
        }
      }
      if (cells != before) {
        rows++;
      }
    }
    return new long[] {cells, rows};
  }

  private static long countMissing(Block b, boolean any) {
    long n = 0;
    for (int i = 0; i < b.rows(); i++) {
      if (unusable(b.values(), i * b.columns(), b.columns(), any)) {
        n++;
      }
    }
    return n;
  }

  private static boolean unusable(double[] v, int off, int d, boolean any) {
    int missing = 0;
    for (int j = 0; j < d; j++) {
      if (Double.isNaN(v[off + j])) {
        missing++;
      }
    }
    return any ? missing > 0 : missing == d;
  }

  private static Block withoutMissing(Block b, boolean any, int d, boolean weighted) {
    double[] v = new double[b.values().length];
    double[] w = weighted ? new double[b.rows()] : null;
    int n = 0;
    for (int i = 0; i < b.rows(); i++) {
      if (!unusable(b.values(), i * d, d, any)) {
        System.arraycopy(b.values(), i * d, v, n * d, d);
        if (weighted) {
          w[n] = b.weights()[i];
        }
        n++;
      }
    }
    if (n == 0) {
      return null;
    }
    return new Block(
        Arrays.copyOf(v, n * d), n, d, weighted ? Arrays.copyOf(w, n) : null, b.partition());
  }

  /** The level dictionary of data from {@link #fromCategorical}; {@code null} otherwise. */
  public Levels levels() {
    return levels;
  }

  /** Number of rows. */
  public long rows() {
    return rows;
  }

  /** Sum of the row weights ({@link #rows()} when unweighted). */
  public double totalWeight() {
    return totalWeight;
  }

  /** Number of feature columns (the dimension D). */
  public int columns() {
    return columns;
  }

  /** Names of the feature columns. */
  public List<String> columnNames() {
    return columnNames;
  }

  /** Whether rows carry weights. */
  public boolean hasWeights() {
    return weighted;
  }

  /** How messages name the data. */
  public String source() {
    return source;
  }

  /** The cached partitions, one block each (empty partitions have none). */
  public JavaRDD<Block> blocks() {
    return blocks;
  }

  /**
   * Rows collected to the driver: every row, in partition order, when there are at most {@code
   * maxRows}; otherwise each row independently with probability {@code maxRows / rows} (so about
   * {@code maxRows} rows), drawn with a generator per partition seeded from {@code seed}.
   *
   * @throws IllegalArgumentException when {@code maxRows < 1}
   */
  public Dataset sample(int maxRows, long seed) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("the sample size must be at least 1, got " + maxRows);
    }
    double fraction = rows <= maxRows ? 1.0 : (double) maxRows / rows;
    int d = columns;
    boolean w = weighted;
    List<Block> parts;
    try {
      parts = blocks.map(b -> fraction >= 1 ? b : thin(b, fraction, seed, d, w)).collect();
    } catch (Exception e) {
      throw SparkErrors.unwrap(e);
    }
    int n = 0;
    for (Block b : parts) {
      n += b.rows();
    }
    double[] values = new double[n * d];
    double[] weights = w ? new double[n] : null;
    int at = 0;
    for (Block b : parts) {
      System.arraycopy(b.values(), 0, values, at * d, b.rows() * d);
      if (w) {
        System.arraycopy(b.weights(), 0, weights, at, b.rows());
      }
      at += b.rows();
    }
    String what = fraction >= 1 ? source : source + " (sample)";
    return new Dataset(values, n, d, columnNames, weights, what);
  }

  /** Releases the cached partitions. */
  @Override
  public void close() {
    blocks.unpersist(false);
  }

  private static Block thin(Block b, double fraction, long seed, int d, boolean weighted) {
    SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (b.partition() + 1)));
    double[] v = new double[b.values().length];
    double[] w = weighted ? new double[b.rows()] : null;
    int n = 0;
    for (int i = 0; i < b.rows(); i++) {
      if (random.nextDouble() < fraction) {
        System.arraycopy(b.values(), i * d, v, n * d, d);
        if (weighted) {
          w[n] = b.weights()[i];
        }
        n++;
      }
    }
    return new Block(
        Arrays.copyOf(v, n * d), n, d, weighted ? Arrays.copyOf(w, n) : null, b.partition());
  }

  private static SparkData cache(
      JavaRDD<Block> blocks, List<String> names, boolean weighted, String source) {
    blocks.persist(StorageLevel.MEMORY_AND_DISK());
    Shape shape;
    try {
      shape = blocks.map(Shape::of).fold(Shape.EMPTY, Shape::merge);
    } catch (Exception e) {
      blocks.unpersist(false);
      throw SparkErrors.unwrap(e);
    }
    if (shape.rows == 0) {
      blocks.unpersist(false);
      throw new InputException(source + ": has no rows");
    }
    if (shape.columns != shape.maxColumns) {
      blocks.unpersist(false);
      throw new InputException(
          source
              + ": the feature vectors differ in size ("
              + shape.columns
              + " in partition "
              + shape.columnsPartition
              + ", "
              + shape.maxColumns
              + " in partition "
              + shape.maxColumnsPartition
              + ")");
    }
    if (shape.rows > Integer.MAX_VALUE) {
      blocks.unpersist(false);
      throw new InputException(
          source + ": has " + shape.rows + " rows; em4j fits at most " + Integer.MAX_VALUE);
    }
    if (!(shape.weight > 0) || Double.isInfinite(shape.weight)) {
      blocks.unpersist(false);
      throw new InputException(source + ": the rows' weights add up to " + shape.weight);
    }
    List<String> columnNames =
        names != null && names.size() == shape.columns ? names : Dataset.defaultNames(shape.columns);
    return new SparkData(
        blocks, shape.rows, shape.weight, shape.columns, columnNames, weighted, source);
  }

  /** Rows, weight and vector sizes of the blocks, merged. */
  private record Shape(
      long rows,
      double weight,
      int columns,
      int columnsPartition,
      int maxColumns,
      int maxColumnsPartition)
      implements java.io.Serializable {
    static final Shape EMPTY = new Shape(0, 0, Integer.MAX_VALUE, -1, 0, -1);

    static Shape of(Block b) {
      return new Shape(b.rows(), b.totalWeight(), b.columns(), b.partition(), b.columns(), b.partition());
    }

    static Shape merge(Shape a, Shape b) {
      boolean aMin = a.columns <= b.columns;
      boolean aMax = a.maxColumns >= b.maxColumns;
      return new Shape(
          a.rows + b.rows,
          a.weight + b.weight,
          aMin ? a.columns : b.columns,
          aMin ? a.columnsPartition : b.columnsPartition,
          aMax ? a.maxColumns : b.maxColumns,
          aMax ? a.maxColumnsPartition : b.maxColumnsPartition);
    }
  }

  private static Iterator<Block> single(Block b) {
    return b == null ? java.util.Collections.emptyIterator() : List.of(b).iterator();
  }

  private static Block packColumns(
      Iterator<Row> it,
      int p,
      int d,
      boolean[] text,
      boolean weighted,
      List<String> names,
      String source) {
    DoubleBuffer values = new DoubleBuffer(1024 * d);
    DoubleBuffer weights = weighted ? new DoubleBuffer(1024) : null;
    int n = 0;
    while (it.hasNext()) {
      Row r = it.next();
      for (int j = 0; j < d; j++) {
        if (r.isNullAt(j)) {
          values.add(Double.NaN);
        } else if (text[j]) {
          values.add(number(r.getString(j).strip(), source, p, n, names.get(j)));
        } else {
          values.add(r.getDouble(j));
        }
      }
      if (weighted) {
        weights.add(weight(r, d, source, p, n));
      }
      n++;
    }
    if (n == 0) {
      return null;
    }
    return new Block(values.toArray(), n, d, weighted ? weights.toArray() : null, p);
  }

  private static Block packLevels(
      Iterator<Row> it,
      int p,
      int d,
      boolean weighted,
      Levels levels,
      List<String> names,
      String source) {
    DoubleBuffer values = new DoubleBuffer(1024 * d);
    DoubleBuffer weights = weighted ? new DoubleBuffer(1024) : null;
    int n = 0;
    while (it.hasNext()) {
      Row r = it.next();
      for (int j = 0; j < d; j++) {
        String cell = r.isNullAt(j) ? null : r.getString(j);
        if (cell == null || CsvReader.isMissingToken(cell)) {
          values.add(Double.NaN);
        } else if (levels.of(j).contains(cell)) {
          values.add(levels.code(j, cell));
        } else {
          // Only with given levels: learnt ones were collected from these very rows.
          throw new InputException(
              source + " partition " + p + " row " + (n + 1) + ", column '" + names.get(j)
                  + "': level '" + cell + "' is not one of the model's levels ("
                  + String.join(", ", levels.of(j)) + ")");
        }
      }
      if (weighted) {
        weights.add(weight(r, d, source, p, n));
      }
      n++;
    }
    if (n == 0) {
      return null;
    }
    return new Block(values.toArray(), n, d, weighted ? weights.toArray() : null, p);
  }

  private static Block packVectors(
      Iterator<Row> it, int p, boolean weighted, String vectorColumn, String source) {
    DoubleBuffer values = null;
    DoubleBuffer weights = weighted ? new DoubleBuffer(1024) : null;
    int d = -1;
    int n = 0;
    while (it.hasNext()) {
      Row r = it.next();
      if (r.isNullAt(0)) {
        throw new InputException(
            source + " partition " + p + " row " + (n + 1) + ": column '" + vectorColumn
                + "' is null");
      }
      Vector v = (Vector) r.get(0);
      if (d < 0) {
        d = v.size();
        if (d < 1) {
          throw new InputException(
              source + " partition " + p + " row " + (n + 1) + ": the feature vector is empty");
        }
        values = new DoubleBuffer(1024 * d);
      } else if (v.size() != d) {
        throw new InputException(
            source + " partition " + p + " row " + (n + 1) + ": the feature vector has "
                + v.size() + " values, the rows before it " + d);
      }
      for (int j = 0; j < d; j++) {
        values.add(v.apply(j));
      }
      if (weighted) {
        weights.add(weight(r, 1, source, p, n));
      }
      n++;
    }
    if (n == 0) {
      return null;
    }
    return new Block(values.toArray(), n, d, weighted ? weights.toArray() : null, p);
  }

  private static boolean isNumberOrMissing(String cell) {
    if (CsvReader.isMissingToken(cell)) {
      return true;
    }
    try {
      Double.parseDouble(cell);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Block packBinomial(
      Iterator<Row> it,
      int p,
      boolean numericType,
      boolean numeric,
      boolean weighted,
      String column,
      String source) {
    DoubleBuffer values = new DoubleBuffer(2048);
    DoubleBuffer weights = weighted ? new DoubleBuffer(1024) : null;
    int n = 0;
    while (it.hasNext()) {
      Row r = it.next();
      String where = source + " partition " + p + " row " + (n + 1) + ", column '" + column + "'";
      if (r.isNullAt(0)) {
        values.add(Double.NaN);
        values.add(Double.NaN);
      } else if (numericType) {
        binary(r.getDouble(0), Double.toString(r.getDouble(0)), where, values);
      } else {
        String cell = r.getString(0).strip();
        if (CsvReader.isMissingToken(cell)) {
          values.add(Double.NaN);
          values.add(Double.NaN);
        } else if (numeric) {
          binary(Double.parseDouble(cell), cell, where, values);
        } else {
          flips(cell, where, values);
        }
      }
      if (weighted) {
        weights.add(weight(r, 1, source, p, n));
      }
      n++;
    }
    if (n == 0) {
      return null;
    }
    return new Block(values.toArray(), n, 2, weighted ? weights.toArray() : null, p);
  }

  private static void binary(double x, String cell, String where, DoubleBuffer out) {
    if (Double.isNaN(x)) {
      out.add(Double.NaN);
      out.add(Double.NaN);
      return;
    }
    out.add(BinomialInput.oneTrial(x, cell, () -> where));
    out.add(1);
  }

  private static void flips(String cell, String where, DoubleBuffer out) {
    int[] ht = BinomialInput.flips(cell, () -> where);
    out.add(ht[0]);
    out.add(ht[1]);
  }

  /** A text cell as a number, as the local reader reads it: a missing-value token is NaN. */
  private static double number(String cell, String source, int p, int n, String column) {
    if (CsvReader.isMissingToken(cell)) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new InputException(
          source + " partition " + p + " row " + (n + 1) + ", column '" + column + "': '" + cell
              + "' is not a number (choose numeric columns with --columns)");
    }
  }

  private static double weight(Row r, int index, String source, int p, int n) {
    if (r.isNullAt(index)) {
      throw new InputException(
          source + " partition " + p + " row " + (n + 1) + ": the weight is missing");
    }
    Object cell = r.get(index);
    double w;
    if (cell instanceof String text) {
      try {
        w = Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        throw new InputException(
            source + " partition " + p + " row " + (n + 1) + ": the weight '" + text.strip()
                + "' is not a number");
      }
    } else {
      w = ((Number) cell).doubleValue();
    }
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new InputException(
          source + " partition " + p + " row " + (n + 1) + ": the weight is " + w
              + " (weights must be finite and >= 0)");
    }
    return w;
  }

  private static void addWeight(
      org.apache.spark.sql.Dataset<Row> df, String weightColumn, String name, List<Column> select) {
    if (weightColumn == null) {
      return;
    }
    StructField w = field(df, weightColumn, name);
    if (w.dataType() instanceof StringType) {
      select.add(functions.col(quote(weightColumn))); // text, parsed row by row
      return;
    }
    if (!(w.dataType() instanceof NumericType)) {
      throw new InputException(
          name + ": weight column '" + weightColumn + "' holds " + w.dataType().simpleString()
              + ", not numbers");
    }
    select.add(functions.col(quote(weightColumn)).cast(DataTypes.DoubleType));
  }

  private static StructField field(
      org.apache.spark.sql.Dataset<Row> df, String column, String name) {
    Objects.requireNonNull(column, "column");
    for (StructField f : df.schema().fields()) {
      if (f.name().equals(column)) {
        return f;
      }
    }
    throw new InputException(
        name
            + ": has no column '"
            + column
            + "' (its columns: "
            + String.join(", ", df.schema().fieldNames())
            + ")");
  }

  private static String besides(String weightColumn) {
    return weightColumn == null ? "" : " besides the weight column '" + weightColumn + "'";
  }

  /** A column name as Spark's {@code col} reads it literally (dots and all). */
  private static String quote(String c) {
    return "`" + c.replace("`", "``") + "`";
  }

  private static List<String> attributeNames(StructField f) {
    try {
      AttributeGroup g = AttributeGroup.fromStructField(f);
      if (g.attributes().isEmpty()) {
        return null;
      }
      Attribute[] attrs = g.attributes().get();
      List<String> names = new ArrayList<>();
      for (Attribute a : attrs) {
        if (a == null || a.name().isEmpty()) {
          return null;
        }
        names.add(a.name().get());
      }
      return names;
    } catch (RuntimeException e) {
      return null; // no usable metadata: default names
    }
  }

  /** A growable array of doubles. */
  private static final class DoubleBuffer {
    private double[] a;
    private int n;

    DoubleBuffer(int capacity) {
      a = new double[Math.max(16, capacity)];
    }

    void add(double v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
