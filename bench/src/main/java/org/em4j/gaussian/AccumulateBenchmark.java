package org.em4j.gaussian;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.em4j.data.Dataset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one chunk (4096 rows) of the fused Gaussian E-step, single thread. Run with
 *
 * <pre>
 * java -cp "bench/target/classes:em4j-core/target/classes:$(cat bench/target/classpath.txt)" \
 *   org.openjdk.jmh.Main AccumulateBenchmark
 * </pre>
 *
 * <p>Flops per call are {@code 2 * 4096 * K * D^2} for full covariances. The forked JVM runs with
 * the launchers' flags ({@code EM4J_JVM_FLAGS} in scripts/lib/java-launch.sh: the Vector API
 * kernels); add {@code -jvmArgsAppend -Dem4j.vector=false} to time the plain Java ones.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules",
      "jdk.incubator.vector",
      "-XX:Tier4BackEdgeThreshold=1000000",
      "-XX:ObjectAlignmentInBytes=64"
    })
public class AccumulateBenchmark {
  /** Shape as D:K:type. */
  @Param({"1:2:full", "2:4:full", "8:8:full", "16:8:full", "64:16:full", "8:8:diag", "32:8:spherical"})
  public String shape;

  private GaussianFamily family;
  private GaussianParameters params;
  private GaussianStatistics stats;
  private Dataset data;

  /** Random data and parameters for the shape. */
  @Setup
  public void setUp() {
    String[] s = shape.split(":");
    int d = Integer.parseInt(s[0]);
    int k = Integer.parseInt(s[1]);
    CovarianceType type = CovarianceType.valueOf(s[2].toUpperCase(java.util.Locale.ROOT));
    SplittableRandom random = new SplittableRandom(42);
    double[] x = new double[4096 * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    data = Dataset.of(x, 4096, d);
    params = KernelFixtures.parameters(type, k, d, random);
    family = new GaussianFamily(type);
    stats = family.newStatistics(params);
  }

  /** One chunk. */
  @Benchmark
  public double accumulate() {
    stats.reset();
    return family.accumulate(params, data, 0, 4096, stats);
  }
}
