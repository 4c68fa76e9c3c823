package org.em4j.spark.ml;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.em4j.data.InputException;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;

/**
 * A fitted em4j mixture as a Spark ML {@code Model}: {@link #transform} adds the most probable
 * component ({@code predictionCol}, an integer from 0) and the components' posterior
 * probabilities ({@code probabilityCol}, a vector) to every row; an empty column name skips that
 * column. Any em4j mixture family works: the model wraps an {@link MixtureModel}, and saves as a
 * Spark ML stage whose model part is the em4j model file.
 */
public final class EmMixtureModel extends Model<EmMixtureModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final int BLOCK_ROWS = 1024;

  private final String uid;
  /** Not serialisable; transform ships only the family and the parameters. */
  private final transient MixtureModel<?> model;

  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final StringArrayParam inputCols;
  private final Param<String> trialsCol;
  private final IntParam numTrials;

  /**
   * @param uid the stage's uid
   * @param model the fitted (or loaded, or given) em4j model
   */
  public EmMixtureModel(String uid, MixtureModel<?> model) {
    this.uid = uid;
    this.model = java.util.Objects.requireNonNull(model, "model");
    featuresCol = new Param<>(this, "featuresCol", "features column name (a vector column)");
    predictionCol =
        new Param<>(this, "predictionCol", "prediction column name: the most probable component");
    probabilityCol =
        new Param<>(this, "probabilityCol", "column of the components' posterior probabilities");
    inputCols =
        new StringArrayParam(
            this, "inputCols", "columns of the values, instead of the features vector (empty: use featuresCol)");
    trialsCol =
        new Param<>(this, "trialsCol", "binomial: column of numbers of trials (empty: numTrials)");
    numTrials =
        new IntParam(
            this, "numTrials", "binomial: trials per row when trialsCol is empty (>= 1)",
            ParamValidators.gtEq(1));
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(inputCols, new String[0]);
    setDefault(trialsCol, "");
    setDefault(numTrials, 1);
  }

  /** A model with a random uid, e.g. to use a model file read with {@link ModelFile#read}. */
  public EmMixtureModel(MixtureModel<?> model) {
    this(Identifiable.randomUID("em4jMixtureModel"), model);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The em4j model: parameters, fit summary, and the whole model API. */
  public MixtureModel<?> model() {
    return model;
  }

  /** Number of components. */
  public int k() {
    return model.components();
  }

  /** The mixing weights. */
  public double[] weights() {
    return model.parameters().weights();
  }

  /** Param: features column (a vector column). Default {@code features}. */
  public Param<String> featuresCol() {
    return featuresCol;
  }

  /** Param: prediction column; empty to skip. Default {@code prediction}. */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** Param: posterior probability column; empty to skip. Default {@code probability}. */
  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  /** Param: columns read instead of the features vector; empty (the default) for the vector. */
  public StringArrayParam inputCols() {
    return inputCols;
  }

  /** Param: binomial column of numbers of trials; empty (the default) for {@link #numTrials()}. */
  public Param<String> trialsCol() {
    return trialsCol;
  }

  /** Param: binomial number of trials of every row when there is no trials column. Default 1. */
  public IntParam numTrials() {
    return numTrials;
  }

  /** Sets {@link #inputCols()}. */
  public EmMixtureModel setInputCols(String... value) {
    set(inputCols, value);
    return this;
  }

  /** Sets {@link #trialsCol()}. */
  public EmMixtureModel setTrialsCol(String value) {
    set(trialsCol, value);
    return this;
  }

  /** Sets {@link #numTrials()}. */
  public EmMixtureModel setNumTrials(int value) {
    set(numTrials, value);
    return this;
  }

  /** Sets {@link #featuresCol()}. */
  public EmMixtureModel setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  /** Sets {@link #predictionCol()}. */
  public EmMixtureModel setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /** Sets {@link #probabilityCol()}. */
  public EmMixtureModel setProbabilityCol(String value) {
    set(probabilityCol, value);
    return this;
  }

  /** Where the rows' values are read from: these params. */
  MlInput input() {
    return new MlInput(
        getOrDefault(featuresCol),
        List.of(getOrDefault(inputCols)),
        getOrDefault(trialsCol),
        (Integer) getOrDefault(numTrials));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    input().check(schema, model.family().name());
    return outputSchema(schema, getOrDefault(predictionCol), getOrDefault(probabilityCol));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    Scorer<?> scorer = Scorer.of(model);
    MlInput.RowReader reader =
        input().reader(df.schema(), model.family(), model.parameters().dimension());
    boolean prediction = !getOrDefault(predictionCol).isEmpty();
    boolean probability = !getOrDefault(probabilityCol).isEmpty();
    return df.mapPartitions(
        (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>)
            it -> new ScoredRows(it, scorer, reader, prediction, probability),
        Encoders.row(out));
  }

  /**
   * The input schema plus the prediction (integer) and probability (vector) columns.
   *
   * @throws IllegalArgumentException when the features column is missing or not a vector, or an
   *     output column exists already
   */
  static StructType outputSchema(
      StructType schema, String featuresCol, String predictionCol, String probabilityCol) {
    List<String> names = List.of(schema.fieldNames());
    if (!names.contains(featuresCol)) {
      throw new IllegalArgumentException(
          "no features column '" + featuresCol + "' (columns: " + String.join(", ", names) + ")");
    }
    if (!(schema.apply(featuresCol).dataType() instanceof VectorUDT)) {
      throw new IllegalArgumentException(
          "features column '"
              + featuresCol
              + "' holds "
              + schema.apply(featuresCol).dataType().simpleString()
              + ", not vectors");
    }
    return outputSchema(schema, predictionCol, probabilityCol);
  }

  /** The input schema plus the prediction (integer) and probability (vector) columns. */
  static StructType outputSchema(StructType schema, String predictionCol, String probabilityCol) {
    StructType out = schema;
    if (!predictionCol.isEmpty()) {
      out = add(out, DataTypes.createStructField(predictionCol, DataTypes.IntegerType, false));
    }
    if (!probabilityCol.isEmpty()) {
      out = add(out, DataTypes.createStructField(probabilityCol, new VectorUDT(), false));
    }
    return out;
  }

  private static StructType add(StructType schema, StructField field) {
    if (List.of(schema.fieldNames()).contains(field.name())) {
      throw new IllegalArgumentException("output column '" + field.name() + "' exists already");
    }
    return schema.add(field);
  }

  @Override
  public EmMixtureModel copy(ParamMap extra) {
    EmMixtureModel copy = new EmMixtureModel(uid, model);
    copyValues(copy, extra);
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new MlPersistence.ParamsWriter(this, ModelFile.toJson(model));
  }

  /** Reads a model saved with {@link #write()}. */
  public static MLReader<EmMixtureModel> read() {
    return new MlPersistence.ParamsReader<>(
        EmMixtureModel.class,
        (uid, path) -> {
          org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path, MlPersistence.MODEL_FILE);
          org.apache.hadoop.conf.Configuration conf =
              org.apache.spark.sql.SparkSession.active().sparkContext().hadoopConfiguration();
          String json = MlPersistence.read(conf, file);
          try {
            return new EmMixtureModel(
                uid, ModelFile.fromTree(ModelFile.mapper().readTree(json), file.toString()));
          } catch (IOException e) {
            throw new InputException(file + ": is not a JSON document (" + e.getMessage() + ")", e);
          }
        });
  }

  /** Loads a model saved at {@code path}. */
  public static EmMixtureModel load(String path) {
    return read().load(path);
  }

  /** What the executors need to score rows: the family and the parameters. */
  private record Scorer<P extends MixtureParameters>(MixtureFamily<P, ?> family, P params)
      implements Serializable {
    static <P extends MixtureParameters> Scorer<P> of(MixtureModel<P> model) {
      return new Scorer<>(model.family(), model.parameters());
    }

    /** The em4j model on the executor: its own predict and predictProba score the rows. */
    MixtureModel<P> model() {
      return new MixtureModel<>(family, params, null, null, null);
    }
  }

  /** Input rows with the prediction and probability appended, scored a block at a time. */
  private static final class ScoredRows implements Iterator<Row> {
    private final Iterator<Row> in;
    private final MixtureModel<?> model;
    private final MlInput.RowReader reader;
    private final boolean prediction;
    private final boolean probability;
    private final List<Row> block = new ArrayList<>();
    private final List<Row> out = new ArrayList<>();
    private int next;
    private int partitionRow;

    ScoredRows(
        Iterator<Row> in,
        Scorer<?> scorer,
        MlInput.RowReader reader,
        boolean prediction,
        boolean probability) {
      this.in = in;
      this.model = scorer.model();
      this.reader = reader;
      this.prediction = prediction;
      this.probability = probability;
    }

    @Override
    public boolean hasNext() {
      if (next < out.size()) {
        return true;
      }
      out.clear();
      next = 0;
      block.clear();
      while (block.size() < BLOCK_ROWS && in.hasNext()) {
        block.add(in.next());
      }
      if (block.isEmpty()) {
        return false;
      }
      score();
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return out.get(next++);
    }

    private void score() {
      int n = block.size();
      int d = model.parameters().dimension();
      double[] values = new double[n * d];
      for (int i = 0; i < n; i++) {
        reader.read(block.get(i), values, i * d, partitionRow + i + 1);
      }
      org.em4j.data.Dataset data =
          new org.em4j.data.Dataset(
              values, n, d, names(d), null, "partition block from row " + (partitionRow + 1));
      double[][] proba = probability ? model.predictProba(data) : null;
      int[] labels = prediction && !probability ? model.predict(data) : null;
      for (int i = 0; i < n; i++) {
        Row r = block.get(i);
        Object[] cells = new Object[r.size() + (prediction ? 1 : 0) + (probability ? 1 : 0)];
        for (int j = 0; j < r.size(); j++) {
          cells[j] = r.get(j);
        }
        int at = r.size();
        if (prediction) {
          cells[at++] = labels != null ? labels[i] : argmax(proba[i]);
        }
        if (probability) {
          cells[at] = Vectors.dense(proba[i]);
        }
        out.add(RowFactory.create(cells));
      }
      partitionRow += n;
    }

    private List<String> names(int d) {
      List<String> names = model.columnNames();
      return names != null && names.size() == d ? names : org.em4j.data.Dataset.defaultNames(d);
    }

    private static int argmax(double[] p) {
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      return best;
    }
  }
}
