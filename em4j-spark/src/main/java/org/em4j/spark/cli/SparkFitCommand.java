package org.em4j.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.em4j.data.InputException;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.engine.IterationListener;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.AtomicFile;
import org.em4j.io.ModelFile;
import org.em4j.mixture.FitSummary;
import org.em4j.mixture.MixtureModel;
import org.em4j.spark.SparkData;
import org.em4j.spark.SparkFitter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code em4j-spark fit}: {@code em4j fit} with the data read and the E-step run by Apache Spark.
 * The options are those of {@code em4j fit} plus where Spark runs ({@code --spark}) and how the
 * data is read and split; the model file written is the same.
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = "Fit a Gaussian mixture with EM on Apache Spark and print a summary.")
public final class SparkFitCommand implements Callable<Integer> {
  @Option(
      names = "--spark",
      paramLabel = "MASTER",
      description =
          "Spark master, e.g. local[*] or spark://host:7077 (default: spark-submit's, else"
              + " local[*]).")
  String master;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      description = "Data file or directory: any path Spark reads (local, hdfs://, s3a://, ...).")
  String data;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv, parquet, json or orc (default: from the extension, else csv).")
  String format;

  @Option(
      names = "--header",
      paramLabel = "yes|no",
      description = "Whether a CSV file's first line is a header (default: ${DEFAULT-VALUE}).")
  String header = "yes";

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      description = "CSV field delimiter: ',', ';' or 'tab' (default: ',').")
  String delimiter;

  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "COL",
      description = "Feature columns by name (default: every numeric column but the weights).")
  List<String> columns = new ArrayList<>();

  @Option(names = "--weights", paramLabel = "COLUMN", description = "Column of per-row weights.")
  String weights;

  @Option(
      names = {"-k", "--components"},
      paramLabel = "K",
      description = "Number of components (taken from the model when --init is a model file).")
  Integer components;

  @Option(
      names = "--covariance",
      paramLabel = "TYPE",
      description = "Covariance structure: full, diag, spherical or tied (default: full).")
  String covariance;

  @Option(
      names = "--init",
      paramLabel = "METHOD|MODEL.json",
      description =
          "Start: kmeans++, random, random-points, or a model file (default: ${DEFAULT-VALUE}).")
  String init = "kmeans++";

  @Option(
      names = "--restarts",
      paramLabel = "R",
      description = "Runs from different random starts; the best wins (default: ${DEFAULT-VALUE}).")
  int restarts = 1;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(
      names = "--tol",
      paramLabel = "T",
      description =
          "Stop when the mean log-likelihood per row changes less than this; 0 runs exactly"
              + " --max-iter iterations (default: ${DEFAULT-VALUE}).")
  double tolerance = EmOptions.DEFAULT_TOLERANCE;

  @Option(
      names = "--max-iter",
      paramLabel = "M",
      description = "Iteration limit per run (default: ${DEFAULT-VALUE}).")
  int maxIterations = EmOptions.DEFAULT_MAX_ITERATIONS;

  @Option(
      names = "--reg",
      paramLabel = "R",
      description = "Added to covariance diagonals (default: ${DEFAULT-VALUE}).")
  double regularization = GaussianFamily.DEFAULT_REGULARIZATION;

  @Option(
      names = "--fix",
      split = ",",
      paramLabel = "GROUP",
      description = "Parameter groups held at their starting values, e.g. weights.")
  List<String> fixed = new ArrayList<>();

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

  @Option(
      names = "--out",
      paramLabel = "MODEL.json",
      description = "Write the model here (a file on the driver).")
  Path out;

  @Option(
      names = "--trace",
      paramLabel = "TRACE.csv",
      description = "Write the chosen run's log-likelihood and parameters at every iteration.")
  Path trace;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  boolean quiet;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    MixtureModel<?> start = null;
    InitMethod method = InitMethod.KMEANS_PLUSPLUS;
    if (init.endsWith(".json") || Files.exists(Path.of(init))) {
      start = ModelFile.read(Path.of(init));
    } else {
      try {
        method = InitMethod.parse(init);
      } catch (IllegalArgumentException e) {
        throw usage("--init: " + e.getMessage() + ", or a model file that exists");
      }
    }
    int k = resolveComponents(start);
    if (!fixed.isEmpty() && start == null) {
      throw usage("--fix needs a start to fix the values of: give --init MODEL.json");
    }
    if (partitions != null && partitions < 1) {
      throw usage("--partitions must be at least 1, got " + partitions);
    }
    EmOptions options =
        EmOptions.builder()
            .components(k)
            .maxIterations(maxIterations)
            .tolerance(tolerance)
            .restarts(restarts)
            .seed(seed)
            .init(method)
            .fixed(new LinkedHashSet<>(fixed))
            .traceParameters(trace != null)
            .build();
    GaussianFamily family = family(start);
    GaussianParameters given = start == null ? null : (GaussianParameters) start.parameters();
    SparkFitter<GaussianParameters, ?> fitter;
    PrintWriter err = spec.commandLine().getErr();
    IterationListener<GaussianParameters> listener =
        quiet
            ? IterationListener.none()
            : (run, iteration, ll, p) -> {
              if (iteration % 10 == 0) {
                err.printf(Locale.ROOT, "run %d iteration %d: log-likelihood %.6f%n", run + 1, iteration, ll);
                err.flush();
              }
            };
    fitter =
        new SparkFitter<>(family, options, listener).initSampleRows(sampleSize).depth(depth);
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = session();
    MixtureModel<GaussianParameters> model;
    long rows;
    try {
      org.apache.spark.sql.Dataset<Row> df = read(spark);
      if (partitions != null) {
        df = df.repartition(partitions);
      }
      try (SparkData sd =
          SparkData.fromColumns(df, columns, weights, data)) {
        rows = sd.rows();
        model = fitter.fit(sd, given);
      }
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
    if (out != null) {
      ModelFile.write(model, out);
    }
    if (trace != null) {
      writeTrace(model, trace);
    }
    if (!quiet) {
      printSummary(model, rows, spec.commandLine().getOut());
    }
    return Em4jSparkCommand.OK;
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

  private org.apache.spark.sql.Dataset<Row> read(SparkSession spark) {
    String fmt = format != null ? format.toLowerCase(Locale.ROOT) : guessFormat(data);
    DataFrameReader reader = spark.read();
    switch (fmt) {
      case "csv" -> {
        boolean hasHeader =
            switch (header.toLowerCase(Locale.ROOT)) {
              case "yes", "true" -> true;
              case "no", "false" -> false;
              default -> throw usage("--header must be yes or no, got '" + header + "'");
            };
        reader.option("header", hasHeader).option("inferSchema", true);
        if (delimiter != null) {
          String d = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
          if (d.length() != 1) {
            throw usage("--delimiter must be one character or 'tab', got '" + delimiter + "'");
          }
          reader.option("sep", d);
        }
      }
      case "parquet", "json", "orc" -> { }
      default -> throw usage("--format must be csv, parquet, json or orc, got '" + format + "'");
    }
    try {
      return reader.format(fmt).load(data);
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException a) {
        throw new InputException(data + ": " + a.getSimpleMessage(), a);
      }
      throw e;
    }
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

  private int resolveComponents(MixtureModel<?> start) {
    if (start != null) {
      if (components != null && components != start.components()) {
        throw usage(
            "--components " + components + " disagrees with the " + start.components()
                + " components of the --init model");
      }
      return start.components();
    }
    if (components == null) {
      throw usage("Missing required option: '--components=K'");
    }
    if (components < 1) {
      throw usage("--components must be at least 1, got " + components);
    }
    return components;
  }

  private GaussianFamily family(MixtureModel<?> start) {
    CovarianceType type;
    try {
      type = covariance == null ? CovarianceType.FULL : CovarianceType.parse(covariance);
    } catch (IllegalArgumentException e) {
      throw usage("--covariance: " + e.getMessage());
    }
    if (start != null) {
      if (!(start.family() instanceof GaussianFamily g)) {
        throw new InputException(
            init + ": is a " + start.family().name() + " model, not a gaussian one");
      }
      if (covariance != null && type != g.covarianceType()) {
        throw usage(
            "--covariance " + type.label() + " disagrees with the " + g.covarianceType().label()
                + " covariances of the --init model");
      }
      type = g.covarianceType();
    }
    try {
      return new GaussianFamily(type, regularization);
    } catch (IllegalArgumentException e) {
      throw usage("--reg: " + e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static void printSummary(MixtureModel<?> model, long rows, PrintWriter o) {
    FitSummary fit = model.fit();
    String type =
        model.family() instanceof GaussianFamily g ? ", " + g.covarianceType().label() + " covariance" : "";
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
        "%s after %d iterations (%d passes over the data)%s%n",
        fit.converged() ? "converged" : "NOT converged (iteration limit reached)",
        fit.iterations(),
        fit.eSteps(),
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
    double[] w = model.parameters().weights();
    StringBuilder weights = new StringBuilder("weights:");
    for (double v : w) {
      weights.append(String.format(Locale.ROOT, " %.4f", v));
    }
    o.println(weights);
    o.flush();
  }

  /** The trace in the format of {@code em4j fit --trace}: iteration, log-likelihood, parameters. */
  private static <P extends org.em4j.mixture.MixtureParameters> void writeTrace(
      MixtureModel<P> model, Path file) {
    List<P> params = model.parameterTrace();
    List<Double> lls = model.fit().logLikelihoodTrace();
    AtomicFile.write(
        file,
        w -> {
          w.write("iteration,logLikelihood");
          for (String name : model.family().parameterNames(model.parameters())) {
            w.write(',');
            w.write(name);
          }
          w.write('\n');
          for (int i = 0; i < params.size(); i++) {
            w.write(i + "," + lls.get(i));
            for (double v : model.family().flatten(params.get(i))) {
              w.write(',');
              w.write(Double.toString(v));
            }
            w.write('\n');
          }
        });
  }
}
