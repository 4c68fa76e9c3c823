package org.em4j.gaussian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.kernel.LogSumExp;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocked kernels against the row-at-a-time definition of the fused E-step (the kernel em4j
 * had before blocking, kept here as the reference), and their independence from the thread count.
 * The full and tied kernels for D >= 3 are checked in both implementations, the Vector API one and
 * the plain Java one, in the same JVM (surefire runs with {@code --add-modules
 * jdk.incubator.vector}).
 */
class GaussianKernelsTest {
  private static final double TOLERANCE = 1e-12;

  /** The reference: one row, one component at a time, exactly as the definition reads. */
  static double referenceAccumulate(
      GaussianParameters p, Dataset data, int from, int to, GaussianStatistics stats) {
    int k = p.components();
    int d = p.dimension();
    double[] x = data.values();
    double[] mu = p.meansArray();
    double[] lj = new double[k];
    double[] diff = new double[k * d];
    double ll = 0;
    for (int i = from; i < to; i++) {
      double w = data.weight(i);
      if (w == 0) {
        continue;
      }
      for (int c = 0; c < k; c++) {
        int o = c * d;
        for (int j = 0; j < d; j++) {
          diff[o + j] = x[i * d + j] - mu[o + j];
        }
        lj[c] = p.logWeights[c] + p.logNorm[p.block(c)] - 0.5 * mahalanobis(p, c, diff, o);
      }
      double lse = LogSumExp.of(lj, 0, k);
      ll += w * lse;
      for (int c = 0; c < k; c++) {
        double r = w * Math.exp(lj[c] - lse);
        if (r > 0) {
          stats.add(c, r, diff, c * d);
        }
      }
    }
    return ll;
  }

  private static double mahalanobis(GaussianParameters p, int c, double[] diff, int off) {
    int d = p.dimension();
    double[] inv = p.inverseFactor;
    double m = 0;
    switch (p.covarianceType()) {
      case FULL, TIED -> {
        int lo = p.block(c) * d * d;
        for (int i = 0; i < d; i++) {
          double z = 0;
          for (int j = 0; j <= i; j++) {
            z += inv[lo + i * d + j] * diff[off + j];
          }
          m += z * z;
        }
      }
      case DIAG -> {
        for (int j = 0; j < d; j++) {
          double z = diff[off + j] * inv[c * d + j];
          m += z * z;
        }
      }
      case SPHERICAL -> {
        for (int j = 0; j < d; j++) {
          m += diff[off + j] * diff[off + j];
        }
        m *= inv[c] * inv[c];
      }
    }
    return m;
  }

  /** Random parameters whose components overlap, so responsibilities are spread. */
  static GaussianParameters randomParameters(
      CovarianceType type, int k, int d, SplittableRandom random) {
    double[] weights = new double[k];
    double sum = 0;
    for (int c = 0; c < k; c++) {
      weights[c] = 0.2 + random.nextDouble();
      sum += weights[c];
    }
    for (int c = 0; c < k; c++) {
      weights[c] /= sum;
    }
    double[] means = new double[k * d];
    for (int i = 0; i < means.length; i++) {
      means[i] = 2 * random.nextDouble() - 1;
    }
    double[] cov = new double[type.storedSize(k, d)];
    switch (type) {
      case FULL, TIED -> {
        int blocks = type == CovarianceType.TIED ? 1 : k;
        for (int b = 0; b < blocks; b++) {
          // A A^T / d + I: symmetric positive definite with off-diagonal structure.
          double[] a = new double[d * d];
          for (int i = 0; i < a.length; i++) {
            a[i] = random.nextDouble() - 0.5;
          }
          for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
              double s = i == j ? 0.5 : 0;
              for (int m = 0; m < d; m++) {
                s += a[i * d + m] * a[j * d + m] / d;
              }
              cov[b * d * d + i * d + j] = s;
            }
          }
        }
      }
      case DIAG, SPHERICAL -> {
        for (int i = 0; i < cov.length; i++) {
          cov[i] = 0.3 + random.nextDouble();
        }
      }
    }
    return new GaussianParameters(type, d, weights, means, cov);
  }

  static Dataset randomData(int rows, int d, boolean weighted, SplittableRandom random) {
    double[] x = new double[rows * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = 3 * random.nextGaussian();
    }
    Dataset data = Dataset.of(x, rows, d);
    if (weighted) {
      double[] w = new double[rows];
      for (int i = 0; i < rows; i++) {
        // Some rows have weight zero, which both kernels must skip.
        w[i] = i % 7 == 3 ? 0 : random.nextDouble() * 2;
      }
      data = data.withWeights(w);
    }
    return data;
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void blockedKernelMatchesTheRowAtATimeDefinition(CovarianceType type) {
    SplittableRandom random = new SplittableRandom(20261122L + type.ordinal());
    int[] dims = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 64};
    int[] comps = {1, 2, 3, 5, 8};
    int[] rowCounts = {1, 3, 4, 15, 16, 17, 63, 200};
    int cases = 0;
    for (int d : dims) {
      for (int k : comps) {
        int rows = rowCounts[random.nextInt(rowCounts.length)];
        boolean weighted = random.nextBoolean();
        GaussianParameters p = randomParameters(type, k, d, random);
        Dataset data = randomData(rows + 5, d, weighted, random);
        GaussianFamily family = new GaussianFamily(type);
        GaussianStatistics expected = family.newStatistics(p);
        GaussianStatistics actual = family.newStatistics(p);
        // An offset start checks that blocks begin at 'from', not at row 0.
        double llExpected = referenceAccumulate(p, data, 5, rows + 5, expected);
        double llActual = family.accumulate(p, data, 5, rows + 5, actual);
        String where = type + " d=" + d + " k=" + k + " rows=" + rows + " weighted=" + weighted;
        assertEquals(llExpected, llActual, TOLERANCE * Math.abs(llExpected), where);
        double diff = expected.maxRelativeDifference(actual);
        assertTrue(diff <= TOLERANCE, where + ": statistics differ by " + diff);
        cases++;
      }
    }
    assertEquals(dims.length * comps.length, cases);
  }

  /**
   * The row-block kernels (diag, spherical; full and tied at D <= 2) across block edges: row counts
   * around multiples of the block size, offsets inside a block, several chunks.
   */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void rowBlocksMatchTheDefinitionAcrossBlockEdges(CovarianceType type) {
    SplittableRandom random = new SplittableRandom(99 + type.ordinal());
    int[][] shapes = {{1, 2}, {2, 4}, {2, 1}, {8, 8}, {3, 5}, {32, 8}, {17, 3}};
    for (int[] shape : shapes) {
      int d = shape[0];
      int k = shape[1];
      int block = RowBlock.rowsFor(k, d);
      for (int rows : new int[] {block - 1, block, block + 1, 2 * block + 3, 1000}) {
        for (boolean weighted : new boolean[] {false, true}) {
          GaussianParameters p = randomParameters(type, k, d, random);
          Dataset data = randomData(rows + 7, d, weighted, random);
          assertMatchesDefinition(type, p, data, 7, rows + 7,
              type + " d=" + d + " k=" + k + " rows=" + rows + " weighted=" + weighted);
        }
      }
    }
  }

  /**
   * Data far from the origin (mean 1e6, sd 1) with means near the data: the kernels take the
   * differences x - mu directly, so no digits are lost to |x|^2 - 2 x.mu + |mu|^2.
   */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void dataFarFromTheOriginKeepsItsDigits(CovarianceType type) {
    SplittableRandom random = new SplittableRandom(5 + type.ordinal());
    for (int d : new int[] {1, 2, 8, 32}) {
      int k = 3;
      GaussianParameters unit = randomParameters(type, k, d, random);
      double[] means = unit.meansArray().clone();
      for (int i = 0; i < means.length; i++) {
        means[i] += 1e6;
      }
      GaussianParameters p =
          new GaussianParameters(type, d, unit.weights(), means, unit.compactCovariances());
      int rows = 300;
      double[] x = new double[rows * d];
      for (int i = 0; i < x.length; i++) {
        x[i] = 1e6 + random.nextGaussian();
      }
      assertMatchesDefinition(type, p, Dataset.of(x, rows, d), 0, rows, type + " far d=" + d);
    }
  }

  /**
   * Two clusters a million standard deviations apart: the full kernels shift the rows by the
   * mixture's mean, half a million standard deviations from each cluster, before the quadratic
   * forms, which costs about {@code 1e-16 * 5e5} in each {@code z}; the statistics are still
   * centred on each component's own mean. Observed: the log-likelihood within 3.2e-12 relative
   * (full and tied, D >= 3; the other kernels within 1e-15), the statistics within 1.1e-15; held
   * to 1e-10 and to the usual tolerance.
   */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void clustersFarApartKeepTheirDigits(CovarianceType type) {
    SplittableRandom random = new SplittableRandom(13 + type.ordinal());
    for (int d : new int[] {1, 2, 3, 8, 32}) {
      int k = 2;
      GaussianParameters unit = randomParameters(type, k, d, random);
      double[] means = unit.meansArray().clone();
      for (int j = 0; j < d; j++) {
        means[d + j] += 1e6;
      }
      GaussianParameters p =
          new GaussianParameters(type, d, unit.weights(), means, unit.compactCovariances());
      int rows = 300;
      double[] x = new double[rows * d];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < d; j++) {
          x[i * d + j] = means[(i % 2) * d + j] + random.nextGaussian();
        }
      }
      Dataset data = Dataset.of(x, rows, d);
      GaussianFamily family = new GaussianFamily(type);
      GaussianStatistics expected = family.newStatistics(p);
      GaussianStatistics actual = family.newStatistics(p);
      double llExpected = referenceAccumulate(p, data, 0, rows, expected);
      double llActual = family.accumulate(p, data, 0, rows, actual);
      double llDiff = Math.abs(llActual - llExpected) / Math.abs(llExpected);
      double diff = expected.maxRelativeDifference(actual);
      String where = type + " d=" + d + ": log-likelihood off by " + llDiff + ", statistics " + diff;
      assertTrue(llDiff <= 1e-10 && diff <= TOLERANCE, where);
    }
  }

  /**
   * Large data sets take the Vector API's exp, small ones the plain loops
   * ({@link GaussianKernels#VECTOR_EXP_MIN_VALUES}); the statistics of the same rows must have the
   * same bits either way, for every kernel.
   */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void theSameRowsGiveTheSameBitsInLargeAndSmallDataSets(CovarianceType type) {
    SplittableRandom random = new SplittableRandom(17 + type.ordinal());
    for (int d : new int[] {1, 2, 5}) {
      int k = 3;
      GaussianParameters p = randomParameters(type, k, d, random);
      int rows = (int) (GaussianKernels.VECTOR_EXP_MIN_VALUES / k) + 1;
      Dataset large = randomData(rows, d, false, random);
      int n = 5000;
      Dataset small = Dataset.of(java.util.Arrays.copyOf(large.values(), n * d), n, d);
      assertTrue(GaussianKernels.vectorExp(large, k) && !GaussianKernels.vectorExp(small, k));
      GaussianFamily family = new GaussianFamily(type);
      GaussianStatistics fromLarge = family.newStatistics(p);
      GaussianStatistics fromSmall = family.newStatistics(p);
      double llLarge = family.accumulate(p, large, 0, n, fromLarge);
      double llSmall = family.accumulate(p, small, 0, n, fromSmall);
      assertEquals(llSmall, llLarge, 0.0, type + " d=" + d);
      assertTrue(fromSmall.sameValues(fromLarge), type + " d=" + d);
    }
  }

  /** A row of weight zero adds nothing, even when its values overflow every log density. */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void zeroWeightRowsWithHugeValuesAddNothing(CovarianceType type) {
    SplittableRandom random = new SplittableRandom(11 + type.ordinal());
    for (int d : new int[] {1, 2, 8}) {
      GaussianParameters p = randomParameters(type, 4, d, random);
      int rows = 100;
      Dataset base = randomData(rows, d, false, random);
      double[] x = base.values().clone();
      double[] w = new double[rows];
      for (int i = 0; i < rows; i++) {
        w[i] = 0.5 + random.nextDouble();
        if (i % 9 == 4) {
          w[i] = 0;
          for (int j = 0; j < d; j++) {
            x[i * d + j] = 1e200;
          }
        }
      }
      Dataset data = Dataset.of(x, rows, d).withWeights(w);
      assertMatchesDefinition(type, p, data, 0, rows, type + " zero weights d=" + d);
    }
  }

  private static void assertMatchesDefinition(
      CovarianceType type, GaussianParameters p, Dataset data, int from, int to, String where) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianStatistics expected = family.newStatistics(p);
    GaussianStatistics actual = family.newStatistics(p);
    double llExpected = referenceAccumulate(p, data, from, to, expected);
    double llActual = family.accumulate(p, data, from, to, actual);
    assertTrue(Double.isFinite(llActual), where + ": log-likelihood " + llActual);
    assertEquals(llExpected, llActual, TOLERANCE * Math.abs(llExpected), where);
    double diff = expected.maxRelativeDifference(actual);
    assertTrue(diff <= TOLERANCE, where + ": statistics differ by " + diff);
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void statisticsAreBitIdenticalForAnyThreadCount(CovarianceType type) {
    SplittableRandom random = new SplittableRandom(7 + type.ordinal());
    GaussianParameters p = randomParameters(type, 3, 6, random);
    Dataset data = randomData(5000, 6, true, random);
    GaussianFamily family = new GaussianFamily(type);
    GaussianStatistics one = family.newStatistics(p);
    GaussianStatistics three = family.newStatistics(p);
    double llOne;
    double llThree;
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      llOne = EmEngine.eStep(family, data, p, one, 333, exec);
    }
    try (ChunkExecutor exec = ChunkExecutor.create(3)) {
      llThree = EmEngine.eStep(family, data, p, three, 333, exec);
    }
    assertEquals(llOne, llThree, 0.0);
    assertTrue(one.sameValues(three));
  }

  /**
   * Both implementations of the full and tied kernels, with several block sizes and scratch pads
   * (the pad a JVM with cache-line object alignment uses, 6, among them); the vector one must be
   * available.
   */
  static Stream<FullKernels> fullImplementations() {
    FullKernels vector = FullKernels.vector(FullKernels.BLOCK, 0);
    assertNotNull(vector, "the Vector API kernels need --add-modules jdk.incubator.vector");
    return Stream.of(vector, new FullKernels.Plain(FullKernels.BLOCK, 0),
        FullKernels.vector(64, 6), new FullKernels.Plain(48, 3),
        FullKernels.vector(FullKernels.SMALL_D_BLOCK, 6),
        new FullKernels.Plain(FullKernels.SMALL_D_BLOCK, 0));
  }

  static Stream<Arguments> fullCases() {
    return fullImplementations()
        .flatMap(
            impl ->
                Stream.of(CovarianceType.FULL, CovarianceType.TIED)
                    .map(type -> Arguments.of(impl, type)));
  }

  @ParameterizedTest
  @MethodSource("fullCases")
  void fullKernelsMatchTheRowAtATimeDefinition(FullKernels impl, CovarianceType type) {
    SplittableRandom random = new SplittableRandom(20261123L + type.ordinal());
    int[] dims = {3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 24, 31, 33, 64, 65};
    int[] comps = {1, 2, 3, 5, 8};
    int[] rowCounts = {1, 3, 15, 16, 17, 31, 33, 63, 64, 65, 129, 300};
    for (int d : dims) {
      for (int k : comps) {
        int rows = rowCounts[random.nextInt(rowCounts.length)];
        boolean weighted = random.nextBoolean();
        // Every third case has far apart means, so many responsibilities are flushed to zero.
        boolean separated = random.nextInt(3) == 0;
        GaussianParameters p = randomParameters(type, k, d, random);
        if (separated) {
          double[] mu = p.meansArray().clone();
          for (int i = 0; i < mu.length; i++) {
            mu[i] *= 40;
          }
          p = new GaussianParameters(type, d, p.weights(), mu, p.covariancesArray());
        }
        Dataset data = randomData(rows + 5, d, weighted, random);
        if (separated) {
          double[] x = data.values();
          double[] mu = p.meansArray();
          for (int i = 0; i < rows + 5; i++) {
            int c = random.nextInt(k);
            for (int j = 0; j < d; j++) {
              x[i * d + j] = mu[c * d + j] + x[i * d + j] / 3;
            }
          }
        }
        GaussianFamily family = new GaussianFamily(type);
        GaussianStatistics expected = family.newStatistics(p);
        GaussianStatistics actual = family.newStatistics(p);
        double llExpected = referenceAccumulate(p, data, 5, rows + 5, expected);
        double llActual = impl.accumulate(p, data, 5, rows + 5, actual);
        String where =
            impl.name() + " " + type + " d=" + d + " k=" + k + " rows=" + rows + " weighted="
                + weighted + " separated=" + separated;
        assertEquals(llExpected, llActual, TOLERANCE * Math.abs(llExpected), where);
        double diff = expected.maxRelativeDifference(actual);
        assertTrue(diff <= TOLERANCE, where + ": statistics differ by " + diff);
        // The same statistics object again (scratch reused, parameters cached) gives the same.
        GaussianStatistics again = family.newStatistics(p);
        impl.accumulate(p, data, 5, rows + 5, again);
        actual.reset();
        assertEquals(llActual, impl.accumulate(p, data, 5, rows + 5, actual), 0.0, where);
        assertTrue(actual.sameValues(again), where);
      }
    }
  }

  /**
   * The Vector API and plain micro-kernels add the same products in the same order, so with the
   * same block size they give the same bits (the fast paths for D = L and 2L included); where the
   * scratch arrays start (the pad for cache-line alignment) changes nothing either.
   */
  @ParameterizedTest
  @EnumSource(value = CovarianceType.class, names = {"FULL", "TIED"})
  void vectorAndPlainFullKernelsGiveTheSameBitsWithAnyPad(CovarianceType type) {
    FullKernels vector = FullKernels.vector(FullKernels.BLOCK, 6);
    assertNotNull(vector, "the Vector API kernels need --add-modules jdk.incubator.vector");
    FullKernels plain = new FullKernels.Plain(FullKernels.BLOCK, 0);
    SplittableRandom random = new SplittableRandom(31 + type.ordinal());
    for (int d : new int[] {3, 4, 7, 8, 9, 16, 17, 32, 64}) {
      for (int k : new int[] {1, 3, 8}) {
        GaussianParameters p = randomParameters(type, k, d, random);
        Dataset data = randomData(333, d, random.nextBoolean(), random);
        GaussianFamily family = new GaussianFamily(type);
        GaussianStatistics fromVector = family.newStatistics(p);
        GaussianStatistics fromPlain = family.newStatistics(p);
        double llVector = vector.accumulate(p, data, 0, 333, fromVector);
        double llPlain = plain.accumulate(p, data, 0, 333, fromPlain);
        String where = type + " d=" + d + " k=" + k;
        assertEquals(llPlain, llVector, 0.0, where);
        assertTrue(fromPlain.sameValues(fromVector), where);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("fullImplementations")
  void fullKernelsAreIndependentOfTheChunkStartsBlockGrid(FullKernels impl) {
    // Chunks of 100 rows each start their own block grid; one chunk is the same rows whichever
    // statistics object (thread) computes it, and the merged chunks match the reference.
    SplittableRandom random = new SplittableRandom(99);
    GaussianParameters p = randomParameters(CovarianceType.FULL, 4, 11, random);
    Dataset data = randomData(1000, 11, true, random);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    GaussianStatistics merged = family.newStatistics(p);
    GaussianStatistics reused = family.newStatistics(p);
    GaussianStatistics reference = family.newStatistics(p);
    double ll = 0;
    for (int from = 0; from < 1000; from += 100) {
      GaussianStatistics fresh = family.newStatistics(p);
      double a = impl.accumulate(p, data, from, from + 100, fresh);
      reused.reset();
      double b = impl.accumulate(p, data, from, from + 100, reused);
      assertEquals(a, b, 0.0);
      assertTrue(fresh.sameValues(reused));
      merged.merge(fresh);
      ll += a;
    }
    double llRef = referenceAccumulate(p, data, 0, 1000, reference);
    assertEquals(llRef, ll, TOLERANCE * Math.abs(llRef));
    assertTrue(reference.maxRelativeDifference(merged) <= TOLERANCE);
  }

  @Test
  void theVectorKernelsAreChosenWithTheModuleUnlessSwitchedOff() {
    assertInstanceOf(FullKernels.Plain.class, FullKernels.select("false"));
    assertInstanceOf(FullKernels.Plain.class, FullKernels.select("FALSE"));
    FullKernels chosen = FullKernels.select("true");
    assertTrue(chosen.name().startsWith("vector("), chosen.name());
    // Surefire runs without -Dem4j.vector, so the engine's kernels are the vector ones.
    assertSame(chosen.getClass(), FullKernels.INSTANCE.getClass());
  }
}
