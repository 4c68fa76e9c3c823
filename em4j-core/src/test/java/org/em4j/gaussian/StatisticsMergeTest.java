package org.em4j.gaussian;

import static org.em4j.testing.Reference.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.em4j.data.Dataset;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.testing.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sufficient statistics merged from pieces equal those gathered in one go (Guava's
 * StatsAccumulator tests, done for the Gaussian family): all at once, one row at a time, two
 * halves merged, and through the engine with one chunk or many.
 */
class StatisticsMergeTest {
  private static final double REL = 1e-12;

  /** Some parameters that are not a fixed point, so responsibilities are far from 0 and 1. */
  private static GaussianParameters parameters(CovarianceType type) {
    double[][] means = {{0.5, 0.2, 0.1}, {2, 1.5, -0.5}, {-0.5, 2.5, 1.5}};
    double[][] shared = {{1.5, 0.3, 0.1}, {0.3, 1.2, 0.2}, {0.1, 0.2, 1.0}};
    double[][][] covs = new double[3][][];
    for (int c = 0; c < 3; c++) {
      double f = type == CovarianceType.TIED ? 1 : 1 + 0.3 * c;
      covs[c] = new double[3][3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          boolean keep =
              switch (type) {
                case FULL, TIED -> true;
                case DIAG -> i == j;
                case SPHERICAL -> false;
              };
          covs[c][i][j] = keep ? f * shared[i][j] : 0;
        }
        if (type == CovarianceType.SPHERICAL) {
          covs[c][i][i] = f * 1.2;
        }
      }
    }
    return GaussianParameters.fromFull(type, new double[] {0.3, 0.3, 0.4}, means, covs);
  }

  private static void assertSame(GaussianStatistics expected, GaussianStatistics actual, String how) {
    double diff = expected.maxRelativeDifference(actual);
    assertTrue(diff <= REL, how + ": statistics differ by " + diff + " relative");
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void allAtOnceOneByOneAndTwoHalvesAgree(CovarianceType type) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = parameters(type);
    Dataset data = Reference.threeBlobs(21, 501);
    int n = data.rows();

    GaussianStatistics all = family.newStatistics(p);
    double llAll = family.accumulate(p, data, 0, n, all);

    GaussianStatistics oneByOne = family.newStatistics(p);
    double llOne = 0;
    for (int i = 0; i < n; i++) {
      GaussianStatistics row = family.newStatistics(p);
      llOne += family.accumulate(p, data, i, i + 1, row);
      oneByOne.merge(row);
    }

    GaussianStatistics first = family.newStatistics(p);
    GaussianStatistics second = family.newStatistics(p);
    double llHalves = family.accumulate(p, data, 0, n / 2, first);
    llHalves += family.accumulate(p, data, n / 2, n, second);
    first.merge(second);

    assertSame(all, oneByOne, "one by one");
    assertSame(all, first, "two halves");
    assertRelative(llAll, llOne, REL, "log-likelihood one by one");
    assertRelative(llAll, llHalves, REL, "log-likelihood two halves");
    double total = 0;
    for (double v : all.componentWeights()) {
      total += v;
    }
    assertRelative(n, total, 1e-14, "responsibilities add up to the number of rows");

    // And the M-step sees no difference that matters.
    GaussianParameters fromAll = family.maximize(all, p, Set.of());
    GaussianParameters fromHalves = family.maximize(first, p, Set.of());
    Reference.assertClose(fromAll.means(), fromHalves.means(), REL, 1, "means");
    Reference.assertClose(
        fromAll.compactCovariances(), fromHalves.compactCovariances(), REL, 1, "covariances");
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void mergingEmptyStatisticsChangesNothingAndResetEmpties(CovarianceType type) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = parameters(type);
    Dataset data = Reference.threeBlobs(22, 50);
    GaussianStatistics s = family.newStatistics(p);
    family.accumulate(p, data, 0, 50, s);
    GaussianStatistics copy = family.newStatistics(p);
    copy.merge(s);
    assertTrue(copy.sameValues(s), "merging into empty statistics copies exactly");
    s.merge(family.newStatistics(p));
    assertTrue(copy.sameValues(s), "merging empty statistics adds nothing");
    s.reset();
    assertTrue(s.sameValues(family.newStatistics(p)), "reset gives empty statistics");
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void statisticsOfOtherParametersDoNotMerge(CovarianceType type) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = parameters(type);
    double[] moved = p.means();
    moved[0] += 1e-9;
    GaussianParameters other =
        new GaussianParameters(type, 3, p.weights(), moved, p.compactCovariances());
    GaussianStatistics a = family.newStatistics(p);
    GaussianStatistics b = family.newStatistics(other);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.merge(b));
    assertTrue(e.getMessage().contains("different parameters"), e.getMessage());
    // equal parameters (as shipped between machines: equal copies, not the same object) merge
    GaussianStatistics c = family.newStatistics(parameters(type));
    a.merge(c);
    assertTrue(a.sameValues(family.newStatistics(p)));
  }

  /** The engine's E-step: one chunk versus many small chunks, on one thread and on several. */
  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void chunkedEStepEqualsOneChunk(CovarianceType type) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = parameters(type);
    Dataset data = Reference.threeBlobs(23, 1000);
    GaussianStatistics whole = family.newStatistics(p);
    double llWhole;
    try (ChunkExecutor one = ChunkExecutor.sequential()) {
      llWhole = EmEngine.eStep(family, data, p, whole, data.rows(), one);
    }
    for (int threads : new int[] {1, 3}) {
      for (int chunk : new int[] {1, 7, 64, 999}) {
        GaussianStatistics chunked = family.newStatistics(p);
        double ll;
        try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
          ll = EmEngine.eStep(family, data, p, chunked, chunk, exec);
        }
        assertSame(whole, chunked, threads + " threads, chunks of " + chunk);
        assertRelative(llWhole, ll, REL, threads + " threads, chunks of " + chunk);
      }
    }
    // The engine with one chunk is the family's accumulate over every row.
    GaussianStatistics direct = family.newStatistics(p);
    double llDirect = family.accumulate(p, data, 0, data.rows(), direct);
    assertTrue(direct.sameValues(whole), "one chunk is one accumulate");
    assertEquals(llDirect, llWhole);
  }
}
