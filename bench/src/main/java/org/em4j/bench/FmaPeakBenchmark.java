package org.em4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: what plain Java reaches on this machine's multiply-add units: a vectorisable loop of eight
 * independent {@link Math#fma} streams over L1-resident arrays (each element 2 flops). Compare with
 * the DGEMM probe ({@code bench/python/peak.py}) for the machine's peak.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FmaPeakBenchmark {
  private final double[] a = new double[1024];
  private final double[] b = new double[1024];
  private final double[] c = new double[1024];

  /** 1024 fused multiply-adds per call. */
  @Benchmark
  public double[] fma() {
    for (int i = 0; i < 1024; i++) {
      c[i] = Math.fma(a[i], b[i], c[i]);
    }
    return c;
  }
}
