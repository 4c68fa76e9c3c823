package org.em4j.spark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.mllib.clustering.GaussianMixtureModel;
import org.apache.spark.mllib.linalg.Matrices;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.stat.distribution.MultivariateGaussian;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.em4j.data.Dataset;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.spark.SparkData;
import org.em4j.spark.SparkFitter;

/**
 * Per-iteration time of em4j on Spark against Spark MLlib's Gaussian mixtures, in local mode:
 * the RDD-based {@code mllib.clustering.GaussianMixture} from the same start as em4j, and the
 * DataFrame-based {@code ml.clustering.GaussianMixture} (which takes no start: its own).
 * Per-iteration time is (time for {@code hi} iterations - time for {@code lo}) / (hi - lo), so
 * setup and the final pass cancel; each measurement is the best of {@code repeats}, with the
 * contenders interleaved so that a busy machine slows them alike. Not a test: run it with
 * {@code benchmarks/spark.sh}.
 */
public final class SparkBenchmark {
  private SparkBenchmark() {}

  /** {@code compare N D K PARTITIONS LO HI REPEATS} or {@code scale ...}; see benchmarks/spark.sh. */
  public static void main(String[] args) {
    SparkSession spark =
        SparkSession.builder()
            .master(System.getProperty("master", "local[*]"))
            .appName("em4j-spark-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    try {
      switch (args[0]) {
        case "compare" -> compare(spark, ints(args));
        case "partitions" -> partitions(spark, ints(args));
        case "sizes" -> sizes(spark, ints(args));
        default -> throw new IllegalArgumentException("unknown benchmark " + args[0]);
      }
    } finally {
      spark.stop();
    }
  }

  private static int[] ints(String[] args) {
    int[] v = new int[args.length - 1];
    for (int i = 1; i < args.length; i++) {
      v[i - 1] = (int) Double.parseDouble(args[i]);
    }
    return v;
  }

  /** compare N D K PARTITIONS LO HI REPEATS */
  private static void compare(SparkSession spark, int[] a) {
    int n = a[0], d = a[1], k = a[2], parts = a[3], lo = a[4], hi = a[5], repeats = a[6];
    org.apache.spark.sql.Dataset<Row> df = data(spark, n, d, k, parts);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    try (SparkData sd = SparkData.fromVectors(df, "features", null, "bench")) {
      GaussianParameters start = start(sd, family, k);
      JavaRDD<Vector> rdd =
          df.javaRDD().map(r -> Vectors.fromML((org.apache.spark.ml.linalg.Vector) r.get(0)));
      rdd.persist(StorageLevel.MEMORY_AND_DISK());
      rdd.count();
      // mllib's run() updates the initial model's arrays in place: a fresh copy for every run.
      java.util.function.Supplier<GaussianMixtureModel> mllibStart = () -> toMllib(start);
      em4jFit(sd, family, start, lo); // warm-up: JIT, first jobs
      mllibFit(rdd, mllibStart.get(), lo);
      mlFit(df, k, lo);
      Dataset all = sd.sample(Integer.MAX_VALUE, 1);
      localFit(all, family, start, lo);
      Cost em4j = Cost.NONE;
      Cost local = Cost.NONE;
      Cost mllib = Cost.NONE;
      Cost ml = Cost.NONE;
      for (int r = 0; r < repeats; r++) {
        em4j = em4j.min(perIteration(lo, hi, it -> em4jFit(sd, family, start, it)));
        local = local.min(perIteration(lo, hi, it -> localFit(all, family, start, it)));
        mllib = mllib.min(perIteration(lo, hi, it -> mllibFit(rdd, mllibStart.get(), it)));
        ml = ml.min(perIteration(lo, hi, it -> mlFit(df, k, it)));
      }
      // The same work: from the same start, em4j and mllib reach the same means.
      GaussianParameters ours = new SparkFitter<>(family, options(k, hi)).fit(sd, start).parameters();
      GaussianMixtureModel theirs =
          new org.apache.spark.mllib.clustering.GaussianMixture().setK(k).setMaxIterations(hi)
              .setConvergenceTol(0).setInitialModel(mllibStart.get()).run(rdd.rdd());
      double gap = 0;
      for (int c = 0; c < k; c++) {
        double[] mu = theirs.gaussians()[c].mu().toArray();
        double[] own = ours.mean(c);
        for (int j = 0; j < d; j++) {
          gap = Math.max(gap, Math.abs(mu[j] - own[j]) / Math.max(1, Math.abs(own[j])));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "compare n=%d d=%d k=%d partitions=%d: per iteration em4j-on-Spark %s, mllib (RDD, same"
              + " start) %s, ml (DataFrame) %s, em4j local (no Spark) %s; speed-up wall %.1fx vs"
              + " mllib, %.1fx vs ml; cpu %.1fx vs mllib, %.1fx vs ml;"
              + " max relative gap of means to mllib after %d iterations %.2e%n",
          n, d, k, parts, em4j.show(), mllib.show(), ml.show(), local.show(),
          mllib.wall / em4j.wall, ml.wall / em4j.wall, mllib.cpu / em4j.cpu, ml.cpu / em4j.cpu,
          hi, gap);
      rdd.unpersist(false);
    }
    df.unpersist(false);
  }

  /** partitions N D K LO HI REPEATS P1 P2 ... */
  private static void partitions(SparkSession spark, int[] a) {
    int n = a[0], d = a[1], k = a[2], lo = a[3], hi = a[4], repeats = a[5];
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    for (int i = 6; i < a.length; i++) {
      int parts = a[i];
      org.apache.spark.sql.Dataset<Row> df = data(spark, n, d, k, parts);
      try (SparkData sd = SparkData.fromVectors(df, "features", null, "bench")) {
        GaussianParameters start = start(sd, family, k);
        em4jFit(sd, family, start, lo); // warm-up
        Cost t = Cost.NONE;
        for (int r = 0; r < repeats; r++) {
          t = t.min(perIteration(lo, hi, it -> em4jFit(sd, family, start, it)));
        }
        System.out.printf(
            Locale.ROOT, "partitions n=%d d=%d k=%d partitions=%d: em4j per iteration %s%n",
            n, d, k, parts, t.show());
      }
      df.unpersist(false);
    }
  }

  /** sizes D K PARTITIONS LO HI REPEATS N1 N2 ... */
  private static void sizes(SparkSession spark, int[] a) {
    int d = a[0], k = a[1], parts = a[2], lo = a[3], hi = a[4], repeats = a[5];
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    for (int i = 6; i < a.length; i++) {
      int n = a[i];
      org.apache.spark.sql.Dataset<Row> df = data(spark, n, d, k, parts);
      try (SparkData sd = SparkData.fromVectors(df, "features", null, "bench")) {
        GaussianParameters start = start(sd, family, k);
        em4jFit(sd, family, start, lo); // warm-up
        Cost t = Cost.NONE;
        for (int r = 0; r < repeats; r++) {
          t = t.min(perIteration(lo, hi, it -> em4jFit(sd, family, start, it)));
        }
        System.out.printf(
            Locale.ROOT,
            "sizes n=%d d=%d k=%d partitions=%d: em4j per iteration %s (cpu %.1f ns per row)%n",
            n, d, k, parts, t.show(), 1e9 * t.cpu / n);
      }
      df.unpersist(false);
    }
  }

  private interface Fit {
    void run(int iterations);
  }

  /** Per-iteration wall-clock and process CPU seconds. */
  private record Cost(double wall, double cpu) {
    static final Cost NONE = new Cost(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    Cost min(Cost o) {
      return new Cost(Math.min(wall, o.wall), Math.min(cpu, o.cpu));
    }

    String show() {
      return String.format(Locale.ROOT, "%.4f s (cpu %.4f s)", wall, cpu);
    }
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /**
   * Local mode runs driver and executors in this JVM, so the process's CPU time is the whole
   * cost; it is much less disturbed than wall-clock time by other work on a shared machine.
   */
  private static Cost perIteration(int lo, int hi, Fit fit) {
    long c0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    fit.run(lo);
    long c1 = OS.getProcessCpuTime();
    long t1 = System.nanoTime();
    fit.run(hi);
    long c2 = OS.getProcessCpuTime();
    long t2 = System.nanoTime();
    return new Cost(
        ((t2 - t1) - (t1 - t0)) / 1e9 / (hi - lo), ((c2 - c1) - (c1 - c0)) / 1e9 / (hi - lo));
  }

  private static EmOptions options(int k, int iterations) {
    return EmOptions.builder().components(k).tolerance(0).maxIterations(iterations).build();
  }

  private static void em4jFit(SparkData sd, GaussianFamily family, GaussianParameters start, int it) {
    new SparkFitter<>(family, options(start.components(), it)).fit(sd, start);
  }

  private static void localFit(Dataset data, GaussianFamily family, GaussianParameters start, int it) {
    new org.em4j.mixture.MixtureFitter<>(family, options(start.components(), it)).fit(data, start);
  }

  private static void mllibFit(JavaRDD<Vector> rdd, GaussianMixtureModel start, int it) {
    new org.apache.spark.mllib.clustering.GaussianMixture()
        .setK(start.k())
        .setMaxIterations(it)
        .setConvergenceTol(0)
        .setInitialModel(start)
        .run(rdd.rdd());
  }

  private static void mlFit(org.apache.spark.sql.Dataset<Row> df, int k, int it) {
    new org.apache.spark.ml.clustering.GaussianMixture()
        .setK(k)
        .setMaxIter(it)
        .setTol(0)
        .setSeed(1)
        .fit(df);
  }

  /** em4j's kmeans++ start drawn on the driver from a sample, the same for every contender. */
  private static GaussianParameters start(SparkData sd, GaussianFamily family, int k) {
    Dataset sample = sd.sample(20_000, 1);
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      return family.initialize(sample, k, InitMethod.KMEANS_PLUSPLUS, new SplittableRandom(1), exec);
    }
  }

  private static GaussianMixtureModel toMllib(GaussianParameters p) {
    int k = p.components();
    int d = p.dimension();
    MultivariateGaussian[] g = new MultivariateGaussian[k];
    for (int c = 0; c < k; c++) {
      g[c] =
          new MultivariateGaussian(
              Vectors.dense(p.mean(c)), Matrices.dense(d, d, p.covariance(c))); // symmetric
    }
    return new GaussianMixtureModel(p.weights(), g);
  }

  /** k correlated Gaussian clusters in d dimensions, generated on the executors, cached. */
  private static org.apache.spark.sql.Dataset<Row> data(
      SparkSession spark, int n, int d, int k, int parts) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      ids.add(p);
    }
    JavaRDD<Row> rows =
        jsc.parallelize(ids, parts)
            .flatMap(
                p -> {
                  SplittableRandom random = new SplittableRandom(1000 + p);
                  int from = (int) ((long) n * p / parts);
                  int to = (int) ((long) n * (p + 1) / parts);
                  List<Row> out = new ArrayList<>(to - from);
                  for (int i = from; i < to; i++) {
                    int c = random.nextInt(k);
                    double shared = random.nextGaussian();
                    double[] x = new double[d];
                    for (int j = 0; j < d; j++) {
                      x[j] = 4.0 * ((c * 7 + j * 3) % 5) + (0.5 + 0.2 * c) * random.nextGaussian()
                          + 0.5 * shared;
                    }
                    out.add(RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(x)));
                  }
                  return out.iterator();
                });
    org.apache.spark.sql.Dataset<Row> df =
        spark.createDataFrame(
            rows,
            DataTypes.createStructType(
                List.of(DataTypes.createStructField("features", new VectorUDT(), false))));
    df.persist(StorageLevel.MEMORY_AND_DISK());
    df.count();
    return df;
  }
}
