package org.em4j.spark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.em4j.data.CsvReader;
import org.em4j.data.InputException;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.engine.IterationListener;
import org.em4j.engine.Statistics;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.io.AtomicFile;
import org.em4j.io.ModelFile;
import org.em4j.mixture.FitSummary;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import org.em4j.options.DataOptions;
import org.em4j.options.FamilyOptions;
import org.em4j.options.FitOptions;
import org.em4j.options.RunOptions;
import org.em4j.options.TraceFile;
import org.em4j.spark.SparkData;
import org.em4j.spark.SparkFitter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code em4j-spark fit}: {@code em4j fit} with the data read and the E-step run by Apache Spark.
 * The data, run, family and fit options are {@code em4j fit}'s own (the mixins of module
 * em4j-options: same names, defaults and checks); this command adds where Spark runs ({@code
 * --spark}) and how the data is read and split. Every family of {@code em4j fit} works, with its
 * data forms (categorical levels, binomial counts, flips or 0/1), and the model file written is
 * the same.
 *
 * <p>CSV is read as text and every cell parsed as the local reader parses it (missing values
 * {@code ""}, {@code NA}, {@code NaN}, {@code nan}); the header and the delimiter are detected
 * from the first line as locally unless given. Other formats keep their column types.
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = "Fit a mixture model with EM on Apache Spark and print a summary.")
public final class SparkFitCommand implements Callable<Integer> {
  @Option(
      names = "--spark",
      paramLabel = "MASTER",
      description =
          "Spark master, e.g. local[*] or spark://host:7077 (default: spark-submit's, else"
              + " local[*]).")
  String master;

  @Mixin DataOptions input;

  @Mixin RunOptions run;

  @Mixin FamilyOptions families;

  @Mixin FitOptions fitting;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv, parquet, json or orc (default: from the extension, else csv).")
  String format;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Repartition the rows into N partitions (default: as read).")
  Integer partitions;

  @Option(
      names = "--sample-size",
      paramLabel = "N",
      description = "Rows collected to the driver to draw starts from (default: ${DEFAULT-VALUE}).")
  int sampleSize = SparkFitter.DEFAULT_INIT_SAMPLE_ROWS;

  @Option(
      names = "--depth",
      paramLabel = "D",
      description = "Depth of the tree combining partitions' statistics (default: ${DEFAULT-VALUE}).")
  int depth = SparkFitter.DEFAULT_DEPTH;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    MixtureModel<?> start = fitting.startModel();
    InitMethod method = fitting.initMethod(cl);
    String familyName = families.name(start, cl);
    boolean discrete = FamilyOptions.DISCRETE.contains(familyName);
    if (discrete) {
      families.discreteOnly(cl);
    } else {
      families.gaussianOnly(cl);
    }
    int k = fitting.components(start, cl);
    EmOptions options =
        fitting.emOptions(run, k, method, start != null, fitting.trace() != null, cl);
    GaussianFamily gaussian =
        discrete ? null : families.gaussian(start, fitting.init(), run.regularization(), cl);
    if (partitions != null && partitions < 1) {
      throw new CommandLine.ParameterException(
          cl, "--partitions must be at least 1, got " + partitions);
    }
    if (sampleSize < 1) {
      throw new CommandLine.ParameterException(
          cl, "--sample-size must be at least 1, got " + sampleSize);
    }
    if (depth < 1) {
      throw new CommandLine.ParameterException(cl, "--depth must be at least 1, got " + depth);
    }
    String fmt = format();
    CsvReader.Header header = input.header();
    Character delimiter = input.delimiter();
    PrintWriter err = cl.getErr();
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = session();
    MixtureModel<?> model;
    long rows;
    long[] missing;
    try {
      org.apache.spark.sql.Dataset<Row> df = read(spark, fmt, header, delimiter);
      if (partitions != null) {
        df = df.repartition(partitions);
      }
      String source = input.data();
      SparkData sd;
      MixtureFamily<?, ?> family;
      if (discrete) {
        SparkFamilyData.Fit fit =
            SparkFamilyData.read(
                familyName, df, input.columns(), !fmt.equals("csv"), run.weights(),
                families.successes(),
                families.trials(), start, source, err);
        sd = fit.data();
        family = fit.family();
      } else {
        List<String> cols =
            SparkFamilyData.selected(
                df, input.columns(), null, run.weights(), !fmt.equals("csv"), source);
        SparkData raw = SparkData.fromColumns(df, cols, run.weights(), source);
        sd = raw.dropMissing(false);
        if (sd != raw) {
          err.printf(Locale.ROOT, "em4j: %s: %d rows skipped (every value missing)%n",
              source, raw.rows() - sd.rows());
          raw.close();
        }
        family = gaussian;
      }
      try (SparkData data = sd) {
        rows = data.rows();
        model = fit(family, data, options, start == null ? null : start.parameters(), err);
        missing =
            new long[] {data.missingCells(), data.incompleteRows(), data.skippedRows()};
      }
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
    if (fitting.out() != null) {
      writeModel(model, missing, fitting.out());
    }
    if (fitting.trace() != null) {
      TraceFile.write(model, fitting.trace());
    }
    if (!fitting.quiet()) {
      printSummary(model, rows, cl.getOut());
    }
    return Em4jSparkCommand.OK;
  }

  @SuppressWarnings("unchecked")
  private <P extends MixtureParameters, S extends Statistics<S>> MixtureModel<P> fit(
      MixtureFamily<P, S> family, SparkData data, EmOptions options, Object start, PrintWriter err) {
    IterationListener<P> listener =
        fitting.quiet()
            ? IterationListener.none()
            : (r, iteration, ll, p) -> {
              if (iteration % 10 == 0) {
                err.printf(
                    Locale.ROOT, "run %d iteration %d: log-likelihood %.6f%n", r + 1, iteration, ll);
                err.flush();
              }
            };
    return new SparkFitter<>(family, options, listener)
        .initSampleRows(sampleSize)
        .depth(depth)
        .fit(data, (P) start);
  }

  /**
   * The model file, with the data's missing-value counts in the fit block as {@code em4j fit}
   * writes them ({@code ModelFile.write(model, file, data)}).
   */
  private static void writeModel(MixtureModel<?> model, long[] missing, Path file) {
    ObjectNode root = ModelFile.toTree(model);
    if (root.get("fit") instanceof ObjectNode fit) {
      fit.put("missingCells", missing[0]);
      fit.put("incompleteRows", missing[1]);
      fit.put("skippedRows", missing[2]);
    }
    try {
      AtomicFile.writeString(file, ModelFile.mapper().writeValueAsString(root) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a model as JSON", e);
    }
  }

  private SparkSession session() {
    SparkSession.Builder b = SparkSession.builder().appName("em4j fit");
    boolean local;
    if (master != null) {
      b.master(master);
      local = master.startsWith("local");
    } else {
      SparkConf conf = new SparkConf();
      local = !conf.contains("spark.master") || conf.get("spark.master").startsWith("local");
      if (!conf.contains("spark.master")) {
        b.master("local[*]");
      }
    }
    if (local) {
      b.config("spark.ui.enabled", "false");
    }
    SparkSession spark = b.getOrCreate();
    if (local) {
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }

  private String format() {
    String fmt = format != null ? format.toLowerCase(Locale.ROOT) : guessFormat(input.data());
    if (!List.of("csv", "parquet", "json", "orc").contains(fmt)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--format must be csv, parquet, json or orc, got '" + format + "'");
    }
    return fmt;
  }

  /**
   * The rows; CSV as text cells (parsed later as the local reader parses them), with the header
   * and delimiter detected from the first line as the local reader detects them.
   */
  private org.apache.spark.sql.Dataset<Row> read(
      SparkSession spark, String fmt, CsvReader.Header header, Character delimiter) {
    String data = input.data();
    DataFrameReader reader = spark.read();
    try {
      if (!fmt.equals("csv")) {
        return reader.format(fmt).load(data);
      }
      String first = firstLine(spark, data);
      char d = delimiter != null ? delimiter : CsvReader.detectDelimiter(first);
      boolean hasHeader =
          switch (header) {
            case YES -> true;
            case NO -> false;
            case AUTO -> looksLikeHeader(first, d);
          };
      reader
          .option("header", hasHeader)
          .option("inferSchema", false)
          .option("sep", String.valueOf(d))
          .option("ignoreLeadingWhiteSpace", true)
          .option("ignoreTrailingWhiteSpace", true);
      org.apache.spark.sql.Dataset<Row> df = reader.format("csv").load(data);
      if (!hasHeader) {
        // The local reader's names for a file without a header: x1, x2, ...
        List<String> names = new ArrayList<>();
        for (int j = 1; j <= df.schema().size(); j++) {
          names.add("x" + j);
        }
        df = df.toDF(names.toArray(new String[0]));
      }
      return df;
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException a) {
        // The same words as the local reader for the commonest case.
        String why = "PATH_NOT_FOUND".equals(a.getCondition()) ? "no such file" : a.getSimpleMessage();
        throw new InputException(data + ": " + why, a);
      }
      throw e;
    }
  }

  /** The first non-blank line of the data (one small job). */
  private static String firstLine(SparkSession spark, String data) {
    List<String> lines =
        spark.read().textFile(data).filter(
            (org.apache.spark.api.java.function.FilterFunction<String>) l -> !l.isBlank())
            .limit(1).collectAsList();
    if (lines.isEmpty()) {
      throw new InputException(data + ": is empty");
    }
    return lines.get(0);
  }

  /** Whether the first line is a header, by the local rule ({@link CsvReader#looksLikeHeader}). */
  static boolean looksLikeHeader(String line, char delimiter) {
    List<String> cells = new ArrayList<>();
    for (String raw : line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
      String s = raw.strip();
      if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
        s = s.substring(1, s.length() - 1).strip();
      }
      cells.add(s);
    }
    return CsvReader.looksLikeHeader(cells);
  }

  private static String guessFormat(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    for (String f : new String[] {"parquet", "json", "orc"}) {
      if (p.endsWith("." + f)) {
        return f;
      }
    }
    return "csv";
  }

  private static void printSummary(MixtureModel<?> model, long rows, PrintWriter o) {
    FitSummary fit = model.fit();
    String type =
        model.family() instanceof GaussianFamily g
            ? ", " + g.covarianceType().label() + " covariance"
            : "";
    o.printf(
        Locale.ROOT,
        "%s mixture, K = %d%s, D = %d, N = %d rows (on Spark)%n",
        model.family().name(),
        model.components(),
        type,
        model.parameters().dimension(),
        rows);
    o.printf(
        Locale.ROOT,
        "%s after %d iterations (%d passes over the data%s)%s%n",
        fit.converged() ? "converged" : "NOT converged (iteration limit reached)",
        fit.iterations(),
        fit.eSteps(),
        fit.acceleration().equals("none") ? "" : ", " + fit.acceleration(),
        fit.restarts() > 1
            ? String.format(
                Locale.ROOT, "; best of %d runs (run %d)", fit.restarts(), fit.bestRestart() + 1)
            : "");
    o.printf(
        Locale.ROOT,
        "log-likelihood %.6f (mean per row %.6f)%n",
        fit.logLikelihood(),
        fit.logLikelihood() / fit.totalWeight());
    o.printf(
        Locale.ROOT,
        "BIC %.4f   AIC %.4f   free parameters %d%n",
        fit.bic(),
        fit.aic(),
        fit.freeParameters());
    StringBuilder weights = new StringBuilder("weights:");
    for (double v : model.parameters().weights()) {
      weights.append(String.format(Locale.ROOT, " %.4f", v));
    }
    o.println(weights);
    if (!fit.degenerateEvents().isEmpty()) {
      o.printf(Locale.ROOT, "degenerate components: %d (see the model file)%n",
          fit.degenerateEvents().size());
    }
    o.flush();
  }
}
