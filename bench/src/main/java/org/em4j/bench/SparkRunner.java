package org.em4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.clustering.GaussianMixture;
import org.apache.spark.mllib.clustering.GaussianMixtureModel;
import org.apache.spark.mllib.linalg.Matrices;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.stat.distribution.MultivariateGaussian;

/**
 * Runs Spark MLlib's (RDD-based) {@code GaussianMixture} in {@code local[2]} for M iterations from
 * {@code start.txt} (the DataFrame-based {@code ml.clustering.GaussianMixture} cannot be given a
 * start). Full covariances only. The data is cached and counted before the clock starts.
 *
 * <p>Usage: {@code SparkRunner DIR D M OUT.txt}
 */
public final class SparkRunner {
  private SparkRunner() {}

  /** Entry point. */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int d = Integer.parseInt(args[1]);
    int m = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    BenchFiles.Mixture s = BenchFiles.readMixture(dir.resolve("start.txt"));
    if (!s.type().equals("full")) {
      System.out.println("UNSUPPORTED Spark MLlib fits full covariances only");
      return;
    }
    double[] flat = BenchFiles.readData(dir.resolve("data.bin"), d);
    int n = flat.length / d;
    List<Vector> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] r = new double[d];
      System.arraycopy(flat, i * d, r, 0, d);
      rows.add(Vectors.dense(r));
    }
    flat = null;
    SparkConf conf =
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("em4j-bench")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("ERROR");
      JavaRDD<Vector> rdd = sc.parallelize(rows, 2).cache();
      rdd.count();
      rows = null;
      int k = s.k();
      MultivariateGaussian[] g = new MultivariateGaussian[k];
      for (int c = 0; c < k; c++) {
        g[c] = new MultivariateGaussian(Vectors.dense(s.means()[c]), dense(s.cov()[c]));
      }
      GaussianMixture gm =
          new GaussianMixture()
              .setK(k)
              .setMaxIterations(m)
              .setConvergenceTol(0.0)
              .setSeed(1)
              .setInitialModel(new GaussianMixtureModel(s.weights(), g));
      long t0 = System.nanoTime();
      double c0 = BenchFiles.processCpuSeconds();
      GaussianMixtureModel fit = gm.run(rdd);
      long t1 = System.nanoTime();
      double cpu = BenchFiles.processCpuSeconds() - c0;
      BenchFiles.report(
        "spark-mllib", m, (t1 - t0) / 1e9, cpu, Double.NaN);
      double[] w = fit.weights().clone();
      double[][] means = new double[k][];
      double[][][] cov = new double[k][][];
      for (int c = 0; c < k; c++) {
        MultivariateGaussian gc = fit.gaussians()[c];
        means[c] = gc.mu().toArray();
        Matrix sigma = gc.sigma();
        cov[c] = new double[d][d];
        for (int i = 0; i < d; i++) {
          for (int j = 0; j < d; j++) {
            cov[c][i][j] = sigma.apply(i, j);
          }
        }
      }
      BenchFiles.writeMixture(out, new BenchFiles.Mixture("full", w, means, cov));
    }
  }

  private static Matrix dense(double[][] a) {
    int d = a.length;
    double[] colMajor = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        colMajor[j * d + i] = a[i][j];
      }
    }
    return Matrices.dense(d, d, colMajor);
  }
}
