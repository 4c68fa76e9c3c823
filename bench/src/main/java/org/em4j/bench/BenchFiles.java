package org.em4j.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files the comparison shares between runners: {@code data.bin} (the N x D matrix as
 * little-endian doubles, row-major; numpy reads it with {@code np.fromfile}) and parameter files
 * in a plain text form every runner (Java or Python) reads and writes:
 *
 * <pre>
 * K D TYPE            (TYPE: full, diag or spherical)
 * w_1 ... w_K
 * K lines of D means
 * full: K blocks of D lines of D values; diag: K lines of D variances; spherical: 1 line of K
 * </pre>
 */
public final class BenchFiles {
  private BenchFiles() {}

  /** A Gaussian mixture in plain arrays. */
  public record Mixture(String type, double[] weights, double[][] means, double[][][] cov) {
    /** Number of components. */
    public int k() {
      return weights.length;
    }

    /** Dimension. */
    public int d() {
      return means[0].length;
    }

    /** Component c's full covariance matrix, whatever the type. */
    public double[][] fullCovariance(int c) {
      int d = d();
      double[][] m = new double[d][d];
      switch (type) {
        case "full" -> {
          for (int i = 0; i < d; i++) {
            m[i] = cov[c][i].clone();
          }
        }
        case "diag" -> {
          for (int i = 0; i < d; i++) {
            m[i][i] = cov[c][0][i];
          }
        }
        case "spherical" -> {
          for (int i = 0; i < d; i++) {
            m[i][i] = cov[c][0][0];
          }
        }
        default -> throw new IllegalArgumentException("unknown type " + type);
      }
      return m;
    }
  }

  /** Reads {@code rows x d} doubles from {@code data.bin}. */
  public static double[] readData(Path file, int d) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long bytes = ch.size();
      if (bytes % (8L * d) != 0) {
        throw new IllegalArgumentException(file + ": size " + bytes + " is not a multiple of 8*" + d);
      }
      double[] out = new double[(int) (bytes / 8)];
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 24).order(ByteOrder.LITTLE_ENDIAN);
      int pos = 0;
      while (pos < out.length) {
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        buf.flip();
        DoubleBuffer db = buf.asDoubleBuffer();
        int count = db.remaining();
        db.get(out, pos, count);
        pos += count;
        // carry a partial double (never happens with 8-byte aligned reads of a regular file)
        if (n % 8 != 0) {
          throw new IllegalStateException("unaligned read");
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data as row arrays (for libraries that want {@code double[][]}). */
  public static double[][] rows(double[] flat, int d) {
    int n = flat.length / d;
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, x[i], 0, d);
    }
    return x;
  }

  /** Writes the matrix as little-endian doubles. */
  public static void writeData(Path file, double[] values) {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 24).order(ByteOrder.LITTLE_ENDIAN);
      int pos = 0;
      while (pos < values.length) {
        buf.clear();
        int count = Math.min(values.length - pos, buf.capacity() / 8);
        buf.asDoubleBuffer().put(values, pos, count);
        buf.limit(count * 8);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        pos += count;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a parameter file. */
  public static Mixture readMixture(Path file) {
    try {
      List<double[]> lines = new ArrayList<>();
      List<String> text = Files.readAllLines(file);
      String[] head = text.get(0).trim().split("\\s+");
      int k = Integer.parseInt(head[0]);
      int d = Integer.parseInt(head[1]);
      String type = head[2];
      for (String line : text.subList(1, text.size())) {
        if (!line.isBlank()) {
          String[] parts = line.trim().split("\\s+");
          double[] v = new double[parts.length];
          for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(parts[i]);
          }
          lines.add(v);
        }
      }
      int at = 0;
      double[] w = lines.get(at++);
      double[][] means = new double[k][];
      for (int c = 0; c < k; c++) {
        means[c] = lines.get(at++);
      }
      double[][][] cov = new double[k][][];
      switch (type) {
        case "full" -> {
          for (int c = 0; c < k; c++) {
            cov[c] = new double[d][];
            for (int i = 0; i < d; i++) {
              cov[c][i] = lines.get(at++);
            }
          }
        }
        case "diag" -> {
          for (int c = 0; c < k; c++) {
            cov[c] = new double[][] {lines.get(at++)};
          }
        }
        case "spherical" -> {
          double[] v = lines.get(at++);
          for (int c = 0; c < k; c++) {
            cov[c] = new double[][] {{v[c]}};
          }
        }
        default -> throw new IllegalArgumentException(file + ": unknown type " + type);
      }
      return new Mixture(type, w, means, cov);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a parameter file (17 significant digits, so it round-trips). */
  public static void writeMixture(Path file, Mixture m) {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println(m.k() + " " + m.d() + " " + m.type());
      out.println(join(m.weights()));
      for (double[] mu : m.means()) {
        out.println(join(mu));
      }
      switch (m.type()) {
        case "full", "diag" -> {
          for (double[][] block : m.cov()) {
            for (double[] row : block) {
              out.println(join(row));
            }
          }
        }
        case "spherical" -> {
          double[] v = new double[m.k()];
          for (int c = 0; c < m.k(); c++) {
            v[c] = m.cov()[c][0][0];
          }
          out.println(join(v));
        }
        default -> throw new IllegalArgumentException("unknown type " + m.type());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String join(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(String.format(Locale.ROOT, "%.17g", v[i]));
    }
    return sb.toString();
  }

  /** CPU time of the whole process (all threads) so far, in seconds. */
  public static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9;
  }

  /** The one line every runner prints for the script to parse. */
  public static void report(String lib, int iterations, double seconds, double ownLogLikelihood) {
    report(lib, iterations, seconds, Double.NaN, ownLogLikelihood);
  }

  /**
   * The one line every runner prints for the script to parse.
   *
   * @param cpuSeconds process CPU seconds spent over the same span as {@code seconds}
   */
  public static void report(
      String lib, int iterations, double seconds, double cpuSeconds, double ownLogLikelihood) {
    report(lib, iterations, seconds, cpuSeconds, ownLogLikelihood, Double.NaN);
  }

  /**
   * The same, with the median of the iterations' own times (the steady state, after the JIT's
   * warm-up), for runners that time each iteration.
   */
  public static void report(
      String lib,
      int iterations,
      double seconds,
      double cpuSeconds,
      double ownLogLikelihood,
      double medianIterationSeconds) {
    System.out.printf(
        Locale.ROOT,
        "RESULT lib=%s iters=%d seconds=%.6f per_iter=%.6f own_ll=%.17g cpu_per_iter=%.6f"
            + " median_iter=%.6f%n",
        lib,
        iterations,
        seconds,
        seconds / iterations,
        ownLogLikelihood,
        cpuSeconds / iterations,
        medianIterationSeconds);
  }

  /** The median of the values (the mean of the middle two for an even count). */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
