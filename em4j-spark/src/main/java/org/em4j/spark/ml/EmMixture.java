package org.em4j.spark.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.em4j.data.InputException;
import org.em4j.data.Levels;
import org.em4j.discrete.BernoulliFamily;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.PoissonFamily;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.spark.BinomialTrials;
import org.em4j.spark.Block;
import org.em4j.spark.SparkData;
import org.em4j.spark.SparkFitter;

/**
 * A Spark ML {@code Estimator} for mixtures of any em4j family, fitted with em4j's EM on the
 * cluster ({@link SparkFitter}: broadcast parameters, fused E-step per partition, tree
 * aggregation, M-step on the driver; Dempster, Laird and Rubin 1977): {@code gaussian} (the
 * default; as {@link EmGaussianMixture}), {@code binomial}, {@code bernoulli}, {@code
 * categorical} (latent class analysis) or {@code poisson}. It fits an {@link EmMixtureModel},
 * whose {@code transform} adds the most probable component and the posterior probabilities, and
 * which saves with the em4j model file inside. The params every family shares, their setters and
 * the fit are {@link MixtureEstimator}'s; this class adds {@code family}, {@code inputCols},
 * {@code trialsCol} and {@code numTrials} and builds the family.
 *
 * <p>Where the values come from, the same when fitting and transforming:
 *
 * <ul>
 *   <li>{@code featuresCol}, a vector column (as {@code VectorAssembler} makes): Gaussian values,
 *       0/1 values (bernoulli), counts (poisson), level indices (categorical: as {@code
 *       StringIndexer} makes; the level names come from the vector's nominal attributes when it
 *       has them, else the levels are 0 .. the largest index seen), or for binomial the one value
 *       of successes;
 *   <li>or {@code inputCols}, plain columns instead: numeric (or numbers as text) for the numeric
 *       families, any type for categorical, whose levels are then the columns' distinct values
 *       sorted as the em4j command line sorts them (numerically when every level is a number), and
 *       the fitted model codes new rows with them (an unseen level is an error naming it);
 *   <li>binomial rows are (successes, trials): the successes as above, the trials from {@code
 *       trialsCol} or, without one, the constant {@code numTrials} (default 1: one 0/1 trial per
 *       row).
 * </ul>
 *
 * <p>Missing values (SQL {@code NULL}, {@code NaN}, or the text {@code NA}) are left out of a
 * row's likelihood by the discrete families, as locally; a row with nothing usable is an error
 * naming it (filter such rows out first). {@code covarianceType} and {@code regParam} apply to
 * the Gaussian family only. {@code tol} is em4j's: the change of the mean log-likelihood per row
 * (or per unit of weight) between iterations; 0 runs exactly {@code maxIter} iterations.
 *
 * <pre>{@code
 * EmMixture lca = new EmMixture().setFamily("categorical").setK(3)
 *     .setInputCols("colour", "size", "answer");
 * PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {lca}).fit(df);
 * }</pre>
 */
public final class EmMixture extends MixtureEstimator<EmMixture> {
  private static final long serialVersionUID = 1L;

  /** The family names this estimator fits. */
  public static final String[] FAMILIES = {
    "gaussian", "binomial", "bernoulli", "categorical", "poisson"
  };

  private final Param<String> family;
  private final StringArrayParam inputCols;
  private final Param<String> trialsCol;
  private final IntParam numTrials;

  /** An estimator with a random uid and the defaults. */
  public EmMixture() {
    this(Identifiable.randomUID("em4jMixture"));
  }

  /** An estimator with this uid and the defaults (used when copying and loading). */
  public EmMixture(String uid) {
    super(uid);
    family = new Param<>(this, "family", "model family: gaussian, binomial, bernoulli, categorical or poisson", ParamValidators.inArray(FAMILIES));
    inputCols = new StringArrayParam(this, "inputCols", "columns of the values, instead of the features vector (empty: use featuresCol)");
    trialsCol = new Param<>(this, "trialsCol", "binomial: column of numbers of trials (empty: numTrials)");
    numTrials = new IntParam(this, "numTrials", "binomial: trials per row when trialsCol is empty (>= 1)", ParamValidators.gtEq(1));
    setDefault(family, "gaussian");
    setDefault(inputCols, new String[0]);
    setDefault(trialsCol, "");
    setDefault(numTrials, 1);
  }

  /** Param: the family, gaussian, binomial, bernoulli, categorical or poisson. Default gaussian. */
  public Param<String> family() {
    return family;
  }

  /** Param: columns read instead of the features vector; empty (the default) for the vector. */
  public StringArrayParam inputCols() {
    return inputCols;
  }

  /** Param: binomial column of numbers of trials; empty (the default) for numTrials. */
  public Param<String> trialsCol() {
    return trialsCol;
  }

  /** Param: binomial trials of every row when there is no trials column. Default 1. */
  public IntParam numTrials() {
    return numTrials;
  }

  /** Sets {@link #family()} (in any case). */
  public EmMixture setFamily(String value) {
    return with(family, value.toLowerCase(Locale.ROOT));
  }

  /** Sets {@link #inputCols()}. */
  public EmMixture setInputCols(String... value) {
    return with(inputCols, value);
  }

  /** Sets {@link #trialsCol()}. */
  public EmMixture setTrialsCol(String value) {
    return with(trialsCol, value);
  }

  /** Sets {@link #numTrials()}. */
  public EmMixture setNumTrials(int value) {
    return with(numTrials, value);
  }

  /** Where the values are read from. */
  MlInput input() {
    return new MlInput(
        getOrDefault(featuresCol()),
        List.of(getOrDefault(inputCols)),
        getOrDefault(trialsCol),
        (Integer) getOrDefault(numTrials));
  }

  @Override
  MixtureModel<?> fitRows(Dataset<Row> rows, String weights) {
    String name = getOrDefault(family);
    if (!name.equals("gaussian")) {
      for (Param<?> p : new Param<?>[] {covarianceType(), regParam()}) {
        if (isSet(p)) {
          throw new IllegalArgumentException(p.name() + " applies to the gaussian family only");
        }
      }
    }
    if (!name.equals("binomial")) {
      for (Param<?> p : new Param<?>[] {trialsCol, numTrials}) {
        if (isSet(p)) {
          throw new IllegalArgumentException(p.name() + " applies to the binomial family only");
        }
      }
    }
    MlInput input = input();
    SparkData data = null;
    try {
      MixtureFamily<?, ?> fam;
      switch (name) {
        case "categorical" -> {
          if (input.columns()) {
            data = SparkData.fromCategorical(rows, input.inputCols(), weights, uid());
            fam = new CategoricalFamily(data.levels());
          } else {
            data = SparkData.fromVectors(rows, input.featuresCol(), weights, uid());
            fam = new CategoricalFamily(levels(rows, input.featuresCol(), data));
          }
        }
        case "binomial" -> {
          List<String> names =
              List.of(
                  input.columns() ? input.inputCols().get(0) : "successes",
                  input.trialsCol().isEmpty() ? "trials" : input.trialsCol());
          data =
              SparkData.fromRows(
                  rows, 2, names, input.reader(rows.schema(), name, 1, null), weights, uid());
          fam = new BinomialFamily(BinomialTrials.usual(data));
        }
        default -> {
          data =
              input.columns()
                  ? SparkData.fromColumns(rows, input.inputCols(), weights, uid())
                  : SparkData.fromVectors(rows, input.featuresCol(), weights, uid());
          fam =
              switch (name) {
                case "bernoulli" -> new BernoulliFamily();
                case "poisson" -> new PoissonFamily();
                default -> gaussianFamily();
              };
        }
      }
      return fit(fam, data);
    } finally {
      if (data != null) {
        data.close();
      }
    }
  }

  /**
   * Levels of a vector of level indices: the names of its nominal attributes when every element
   * has them (as {@code StringIndexer} then {@code VectorAssembler} leave them), else 0 .. the
   * largest index seen in each column (one job).
   */
  private static Levels levels(Dataset<Row> rows, String column, SparkData data) {
    List<List<String>> named = new ArrayList<>();
    try {
      AttributeGroup g = AttributeGroup.fromStructField(rows.schema().apply(column));
      if (g.attributes().isDefined()) {
        for (Attribute a : g.attributes().get()) {
          if (a instanceof NominalAttribute n && n.values().isDefined()) {
            named.add(List.of(n.values().get()));
          } else {
            named.clear();
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      named.clear(); // no usable metadata
    }
    if (named.size() == data.columns()) {
      return new Levels(named);
    }
    int d = data.columns();
    double[] max =
        data.blocks()
            .map(b -> columnMax(b, d))
            .fold(new double[d], EmMixture::elementMax);
    List<List<String>> levels = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      if (!(max[j] >= 0) || max[j] > 1_000_000 || max[j] != Math.rint(max[j])) {
        throw new InputException(
            data.source() + ": column " + (j + 1) + " of '" + column + "' holds " + max[j]
                + ", not a level index (0, 1, 2, ... as StringIndexer makes)");
      }
      List<String> names = new ArrayList<>();
      for (int l = 0; l <= (int) max[j]; l++) {
        names.add(Integer.toString(l));
      }
      levels.add(names);
    }
    return new Levels(levels);
  }

  private static double[] columnMax(Block b, int d) {
    double[] m = new double[d];
    for (int i = 0; i < b.rows(); i++) {
      for (int j = 0; j < d; j++) {
        double v = b.values()[i * d + j];
        if (!Double.isNaN(v)) {
          m[j] = Math.max(m[j], v);
        }
      }
    }
    return m;
  }

  private static double[] elementMax(double[] a, double[] b) {
    double[] m = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      m[j] = Math.max(a[j], b[j]);
    }
    return m;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    input().check(schema, getOrDefault(family));
    return EmMixtureModel.outputSchema(
        schema, getOrDefault(predictionCol()), getOrDefault(probabilityCol()));
  }

  /** Reads an estimator saved with {@link #write()}. */
  public static MLReader<EmMixture> read() {
    return new MlPersistence.ParamsReader<>(EmMixture.class);
  }

  /** Loads an estimator saved at {@code path}. */
  public static EmMixture load(String path) {
    return read().load(path);
  }
}
