package org.em4j.bench;

import java.nio.file.Path;
import java.util.Arrays;
import org.em4j.data.Dataset;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;

/**
 * Runs em4j for exactly M iterations from {@code start.txt} with no regularisation (as every
 * peer runs) and prints the timing line; writes the final parameters.
 *
 * <p>Usage: {@code Em4jRunner DIR D M THREADS OUT.txt [CHECKPOINTS]}: CHECKPOINTS is a
 * comma-separated list of iteration counts {@code i < M} whose parameters (after i M-steps) are
 * also written, to {@code OUT.txt.i}, so that peers run for fewer iterations can be checked.
 */
public final class Em4jRunner {
  private Em4jRunner() {}

  /** Entry point. */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int d = Integer.parseInt(args[1]);
    int m = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    double[] x = BenchFiles.readData(dir.resolve("data.bin"), d);
    BenchFiles.Mixture s = BenchFiles.readMixture(dir.resolve("start.txt"));
    CovarianceType type = CovarianceType.valueOf(s.type().toUpperCase(java.util.Locale.ROOT));
    GaussianParameters start = toParameters(s, type);
    Dataset data = Dataset.of(x, x.length / d, d);
    GaussianFamily family = new GaussianFamily(type, 0.0);
    EmOptions options =
        EmOptions.builder()
            .components(s.k())
            .maxIterations(m)
            .tolerance(0)
            .threads(threads)
            .chunkRows(Integer.getInteger("em4j.bench.chunkRows", ChunkExecutor.DEFAULT_CHUNK_ROWS))
            .build();
    java.util.Set<Integer> checkpoints = new java.util.TreeSet<>();
    if (args.length > 5 && !args[5].isBlank()) {
      for (String c : args[5].split(",")) {
        checkpoints.add(Integer.parseInt(c.trim()));
      }
    }
    java.util.Map<Integer, GaussianParameters> kept = new java.util.TreeMap<>();
    long[] stamps = new long[m + 2];
    double[] cpu = new double[m + 2];
    long[] uptime = new long[m + 2];
    long t0;
    EmRun<GaussianParameters> run;
    try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
      t0 = System.nanoTime();
      run =
          EmEngine.run(
              family,
              data,
              start,
              options,
              exec,
              0,
              (restart, iteration, ll, params) -> {
                stamps[iteration] = System.nanoTime();
                cpu[iteration] = BenchFiles.processCpuSeconds();
                uptime[iteration] =
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
                if (checkpoints.contains(iteration)) {
                  kept.put(iteration, params);
                }
              });
    }
    long t1 = System.nanoTime();
    // Iteration i's E-step ends at stamps[i]; one EM iteration is stamps[i] - stamps[i-1].
    double[] per = new double[m];
    for (int i = 1; i <= m; i++) {
      per[i - 1] = (stamps[i] - stamps[i - 1]) / 1e9;
    }
    if (Boolean.getBoolean("em4j.bench.each")) {
      // -Dem4j.bench.each=true: every iteration's wall and CPU seconds and when it ended in
      // milliseconds since the JVM started (the clock of -XX:+PrintCompilation), to see JIT warm-up.
      System.out.printf(java.util.Locale.ROOT, "EM4J estep0_ends_at_uptime_ms=%d%n", uptime[0]);
      for (int i = 1; i <= m; i++) {
        System.out.printf(
            java.util.Locale.ROOT,
            "EM4J iter=%d ends_at_uptime_ms=%d wall=%.4f cpu=%.4f%n",
            i,
            uptime[i],
            per[i - 1],
            cpu[i] - cpu[i - 1]);
      }
    }
    double median = BenchFiles.median(per);
    System.out.printf(
        java.util.Locale.ROOT,
        "EM4J first_estep=%.6f median_iter=%.6f min_iter=%.6f%n",
        (stamps[0] - t0) / 1e9,
        median,
        Arrays.stream(per).min().orElse(Double.NaN));
    // Per iteration: from the end of the first E-step to the end of the last (M x (M-step + E-step)).
    BenchFiles.report(
        "em4j", m, (stamps[m] - stamps[0]) / 1e9, cpu[m] - cpu[0], run.logLikelihood(), median);
    System.out.printf(java.util.Locale.ROOT, "EM4J total=%.6f%n", (t1 - t0) / 1e9);
    BenchFiles.writeMixture(out, fromParameters(run.parameters(), s.type()));
    for (var e : kept.entrySet()) {
      BenchFiles.writeMixture(
          Path.of(out + "." + e.getKey()), fromParameters(e.getValue(), s.type()));
    }
  }

  static GaussianParameters toParameters(BenchFiles.Mixture s, CovarianceType type) {
    int k = s.k();
    int d = s.d();
    double[] means = new double[k * d];
    for (int c = 0; c < k; c++) {
      System.arraycopy(s.means()[c], 0, means, c * d, d);
    }
    double[] cov = new double[type == CovarianceType.FULL ? k * d * d : type == CovarianceType.DIAG ? k * d : k];
    for (int c = 0; c < k; c++) {
      switch (type) {
        case FULL -> {
          for (int i = 0; i < d; i++) {
            System.arraycopy(s.cov()[c][i], 0, cov, c * d * d + i * d, d);
          }
        }
        case DIAG -> System.arraycopy(s.cov()[c][0], 0, cov, c * d, d);
        case SPHERICAL -> cov[c] = s.cov()[c][0][0];
        default -> throw new IllegalArgumentException("unsupported " + type);
      }
    }
    return new GaussianParameters(type, d, s.weights(), means, cov);
  }

  static BenchFiles.Mixture fromParameters(GaussianParameters p, String type) {
    int k = p.components();
    int d = p.dimension();
    double[][] means = new double[k][];
    double[][][] cov = new double[k][][];
    double[] compact = p.compactCovariances();
    for (int c = 0; c < k; c++) {
      means[c] = p.mean(c);
      cov[c] =
          switch (type) {
            case "full" -> {
              double[][] m = new double[d][d];
              for (int i = 0; i < d; i++) {
                System.arraycopy(compact, c * d * d + i * d, m[i], 0, d);
              }
              yield m;
            }
            case "diag" -> new double[][] {Arrays.copyOfRange(compact, c * d, c * d + d)};
            default -> new double[][] {{compact[c]}};
          };
    }
    return new BenchFiles.Mixture(type, p.weights(), means, cov);
  }
}
