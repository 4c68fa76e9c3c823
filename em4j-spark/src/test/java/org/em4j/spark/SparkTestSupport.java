package org.em4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.em4j.data.Dataset;

/** Shared pieces of the Spark tests: a local session and small synthetic mixtures. */
final class SparkTestSupport {
  private SparkTestSupport() {}

  /** A local Spark with two threads and few shuffle partitions (small data, quick tests). */
  static SparkSession session() {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("em4j-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /**
   * Rows from three well-separated but overlapping correlated Gaussians in {@code d} dimensions,
   * with weights in [0.5, 2) when asked.
   */
  static Dataset mixture(int n, int d, boolean weighted, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] v = new double[n * d];
    double[] w = weighted ? new double[n] : null;
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(3);
      double z0 = random.nextGaussian();
      for (int j = 0; j < d; j++) {
        double z = random.nextGaussian();
        v[i * d + j] = 3.0 * c * (j % 2 == 0 ? 1 : -1) + (0.5 + 0.5 * c) * z + 0.6 * z0 + j;
      }
      if (weighted) {
        w[i] = 0.5 + 1.5 * random.nextDouble();
      }
    }
    Dataset data = Dataset.of(v, n, d);
    return weighted ? data.withWeights(w) : data;
  }

  /** The rows as a DataFrame with columns x1..xd (and w), in order, over {@code partitions}. */
  static org.apache.spark.sql.Dataset<Row> frame(
      SparkSession spark, Dataset data, int partitions) {
    int d = data.columns();
    List<StructField> fields = new ArrayList<>();
    for (String name : data.columnNames()) {
      fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, true));
    }
    if (data.hasWeights()) {
      fields.add(DataTypes.createStructField("w", DataTypes.DoubleType, false));
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < data.rows(); i++) {
      Object[] r = new Object[d + (data.hasWeights() ? 1 : 0)];
      for (int j = 0; j < d; j++) {
        r[j] = data.get(i, j);
      }
      if (data.hasWeights()) {
        r[d] = data.weight(i);
      }
      rows.add(RowFactory.create(r));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(rows, partitions), DataTypes.createStructType(fields));
  }

  /** Largest relative difference between two vectors, element by element. */
  static double maxRelativeDifference(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " and " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      double scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
      if (scale > 0) {
        m = Math.max(m, Math.abs(a[i] - b[i]) / scale);
      }
    }
    return m;
  }

  static double relative(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }

  /** The schema of a frame made by {@link #frame}. */
  static StructType schema(org.apache.spark.sql.Dataset<Row> df) {
    return df.schema();
  }
}
