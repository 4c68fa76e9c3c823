package org.em4j.gaussian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The missing-value path of the Gaussian E-step, its validation and its starts. */
class MissingDataKernelTest {

  /** A three-dimensional two-component model of the given type. */
  static GaussianParameters model(CovarianceType type) {
    return McarSimulation.truth(type);
  }

  static Dataset sample(CovarianceType type, int n, long seed) {
    return new MixtureModel<>(new GaussianFamily(type), model(type), null, null, null)
        .sample(n, seed)
        .data();
  }

  /** A copy of {@code data} with cells removed at random (never a whole row). */
  static Dataset withHoles(Dataset data, double fraction, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] v = data.values().clone();
    int d = data.columns();
    for (int i = 0; i < data.rows(); i++) {
      int keep = random.nextInt(d);
      for (int j = 0; j < d; j++) {
        if (j != keep && random.nextDouble() < fraction) {
          v[i * d + j] = Double.NaN;
        }
      }
    }
    return Dataset.of(v, data.rows(), d);
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void withNothingMissingTheStatisticsAreBitIdenticalToTheOrdinaryPath(CovarianceType type) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = model(type);
    Dataset data = sample(type, 500, 3);
    GaussianStatistics ordinary = family.newStatistics(p);
    double llOrdinary = family.accumulateComplete(p, data, 0, data.rows(), ordinary);
    GaussianStatistics viaFamily = family.newStatistics(p);
    double llFamily = family.accumulate(p, data, 0, data.rows(), viaFamily);
    GaussianStatistics viaKernel = family.newStatistics(p);
    double llKernel = GaussianMissingKernel.accumulate(family, p, data, 0, data.rows(), viaKernel);
    assertEquals(llOrdinary, llFamily, 0.0);
    assertEquals(llOrdinary, llKernel, 0.0);
    assertTrue(ordinary.sameValues(viaFamily));
    assertTrue(ordinary.sameValues(viaKernel));
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void withNothingMissingAFitIsBitIdenticalToTheOrdinaryPath(CovarianceType type) {
    Dataset data = sample(type, 400, 5);
    // The same rows, marked as if the reader had skipped empty rows around them: the missing-value
    // bookkeeping must not change a bit of a complete fit.
    Dataset marked = data.withSkippedRows(new int[] {0, 7});
    EmOptions options = EmOptions.builder().components(2).restarts(2).seed(9).threads(1).build();
    MixtureModel<GaussianParameters> a =
        new MixtureFitter<>(new GaussianFamily(type), options).fit(data);
    MixtureModel<GaussianParameters> b =
        new MixtureFitter<>(new GaussianFamily(type), options).fit(marked);
    assertEquals(a.parameters(), b.parameters());
    assertEquals(a.fit().logLikelihoodTrace(), b.fit().logLikelihoodTrace());
    // And the fit equals plain EM iterations through the ordinary kernel.
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = family.initialize(data, 2, InitMethod.KMEANS_PLUSPLUS,
        new SplittableRandom(1), org.em4j.engine.ChunkExecutor.sequential());
    for (int it = 0; it < 5; it++) {
      GaussianStatistics s1 = family.newStatistics(p);
      family.accumulateComplete(p, data, 0, data.rows(), s1);
      GaussianStatistics s2 = family.newStatistics(p);
      family.accumulate(p, data, 0, data.rows(), s2);
      assertTrue(s1.sameValues(s2));
      p = family.maximize(s1, p, java.util.Set.of());
    }
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void completeRowsAmongIncompleteOnesTakeTheOrdinaryPath(CovarianceType type) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = model(type);
    Dataset complete = sample(type, 300, 11);
    Dataset holes = withHoles(complete, 0.3, 12);
    // Give the incomplete rows weight 0: what remains must be exactly the complete rows' sums.
    double[] w = new double[holes.rows()];
    int kept = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = MissingPatterns.rowHasMissing(holes.values(), i * holes.columns(), holes.columns()) ? 0 : 1;
      kept += (int) w[i];
    }
    assertTrue(kept > 10 && kept < holes.rows() - 10);
    GaussianStatistics mixed = family.newStatistics(p);
    double llMixed = family.accumulate(p, holes.withWeights(w), 0, holes.rows(), mixed);
    GaussianStatistics ordinary = family.newStatistics(p);
    double llOrdinary = family.accumulateComplete(p, complete.withWeights(w), 0, holes.rows(), ordinary);
    // The blocked kernel adds rows in blocks that start where each run of complete rows starts,
    // so the sums agree up to the order of additions, not bit for bit.
    assertTrue(ordinary.maxRelativeDifference(mixed) < 1e-12, "" + ordinary.maxRelativeDifference(mixed));
    assertEquals(llOrdinary, llMixed, 1e-12 * Math.abs(llOrdinary));
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void anEmptyPatternGivesTheOrdinaryLogDensities(CovarianceType type) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = model(type);
    Dataset data = sample(type, 50, 13);
    int k = p.components();
    double[] ordinary = new double[data.rows() * k];
    family.logJointComplete(p, data, 0, data.rows(), ordinary);
    MissingPatterns.Factors f = new MissingPatterns.Factors(p, new int[0]);
    double[] z = new double[p.dimension()];
    for (int i = 0; i < data.rows(); i++) {
      for (int c = 0; c < k; c++) {
        double e = ordinary[i * k + c];
        assertEquals(e, f.logJoint(p, c, data.values(), i * data.columns(), z, 0), 1e-12 * Math.abs(e));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void theLogDensityOfARowIsTheMarginalOfItsObservedCoordinates(CovarianceType type) {
    // One observed coordinate: log w_c + log N(x_j; mu_cj, S_c,jj), a closed form.
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = model(type);
    int d = p.dimension();
    double[] row = new double[d];
    Arrays.fill(row, Double.NaN);
    int j = 2;
    row[j] = 0.7;
    Dataset data = Dataset.of(row, 1, d);
    double[] out = new double[p.components()];
    family.logJoint(p, data, 0, 1, out);
    for (int c = 0; c < p.components(); c++) {
      double var = p.covariance(c)[j * d + j];
      double r = 0.7 - p.mean(c)[j];
      double expected =
          Math.log(p.weight(c)) - 0.5 * Math.log(2 * Math.PI * var) - 0.5 * r * r / var;
      assertEquals(expected, out[c], 1e-12 * Math.abs(expected));
    }
  }

  @Test
  void aboveTheMaskTableDimensionPatternsComeFromTheSharedCache() {
    // D = 14 > Lookup.TABLE_DIMENSION: one observed coordinate, closed-form marginal density.
    int d = MissingPatterns.Lookup.TABLE_DIMENSION + 2;
    double[][] mu = new double[2][d];
    double[][][] cov = new double[2][d][d];
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < d; j++) {
        mu[c][j] = c + 0.1 * j;
        for (int i = 0; i < d; i++) {
          cov[c][i][j] = i == j ? 1 + 0.1 * c + 0.05 * j : 0.3 * Math.pow(0.5, Math.abs(i - j));
        }
      }
    }
    GaussianParameters p =
        GaussianParameters.fromFull(CovarianceType.FULL, new double[] {0.3, 0.7}, mu, cov);
    double[] row = new double[2 * d];
    Arrays.fill(row, Double.NaN);
    row[5] = 1.4;
    row[d + 5] = 1.4;
    double[] out = new double[4];
    new GaussianFamily(CovarianceType.FULL).logJoint(p, Dataset.of(row, 2, d), 0, 2, out);
    for (int c = 0; c < 2; c++) {
      double var = cov[c][5][5];
      double r = 1.4 - mu[c][5];
      double expected =
          Math.log(p.weight(c)) - 0.5 * Math.log(2 * Math.PI * var) - 0.5 * r * r / var;
      assertEquals(expected, out[c], 1e-12 * Math.abs(expected));
      assertEquals(expected, out[2 + c], 1e-12 * Math.abs(expected));
    }
    assertEquals(1, p.missingCache().patterns());
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void statisticsAgreeAllAtOnceChunkedAndMerged(CovarianceType type) {
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = model(type);
    Dataset data = withHoles(sample(type, 400, 17), 0.25, 18);
    GaussianStatistics all = family.newStatistics(p);
    double llAll = family.accumulate(p, data, 0, data.rows(), all);
    GaussianStatistics chunked = family.newStatistics(p);
    double llChunked = 0;
    for (int from = 0; from < data.rows(); from += 37) {
      llChunked += family.accumulate(p, data, from, Math.min(data.rows(), from + 37), chunked);
    }
    GaussianStatistics left = family.newStatistics(p);
    GaussianStatistics right = family.newStatistics(p);
    double llMerged = family.accumulate(p, data, 0, 123, left)
        + family.accumulate(p, data, 123, data.rows(), right);
    left.merge(right);
    assertTrue(all.maxRelativeDifference(chunked) < 1e-13);
    assertTrue(all.maxRelativeDifference(left) < 1e-13);
    assertEquals(llAll, llChunked, 1e-12 * Math.abs(llAll));
    assertEquals(llAll, llMerged, 1e-12 * Math.abs(llAll));
  }

  @Test
  void eachPatternIsFactorisedOncePerParameters() {
    CovarianceType type = CovarianceType.FULL;
    GaussianFamily family = new GaussianFamily(type);
    GaussianParameters p = model(type);
    Dataset data = withHoles(sample(type, 400, 19), 0.25, 20);
    java.util.Set<String> patterns = new java.util.HashSet<>();
    int d = data.columns();
    for (int i = 0; i < data.rows(); i++) {
      int[] mis = MissingPatterns.missingOf(data.values(), i * d, d);
      if (mis.length > 0) {
        patterns.add(Arrays.toString(mis));
      }
    }
    family.accumulate(p, data, 0, data.rows(), family.newStatistics(p));
    family.accumulate(p, data, 0, data.rows(), family.newStatistics(p));
    assertEquals(patterns.size(), p.missingCache().patterns());
    assertTrue(patterns.size() > 3);
  }

  @Test
  void infiniteValuesAreRejectedNamingTheCell() {
    Dataset data = Dataset.of(new double[] {1, 2, Double.NaN, 4, 5, Double.POSITIVE_INFINITY}, 3, 2);
    InputException e =
        assertThrows(InputException.class, () -> new GaussianFamily(CovarianceType.FULL).validate(data));
    assertEquals("data row 3, column 'x2' holds an infinite value (Infinity), which a Gaussian"
        + " mixture cannot use", e.getMessage());
  }

  @Test
  void rowsNumberedAsInTheFileWhenTheReaderSkippedSome() {
    Dataset data = Dataset.of(new double[] {1, 2, Double.NaN, Double.NEGATIVE_INFINITY}, 2, 2)
        .withSkippedRows(new int[] {0, 2});
    InputException e =
        assertThrows(InputException.class, () -> new GaussianFamily(CovarianceType.DIAG).validate(data));
    assertTrue(e.getMessage().startsWith("data row 4, column 'x2'"), e.getMessage());
  }

  @Test
  void aRowWithNoObservedValueIsRejected() {
    Dataset data = Dataset.of(new double[] {1, 2, Double.NaN, Double.NaN, 3, 4}, 3, 2);
    InputException e =
        assertThrows(InputException.class, () -> new GaussianFamily(CovarianceType.FULL).validate(data));
    assertTrue(e.getMessage().startsWith("data row 2 has no observed value"), e.getMessage());
  }

  @Test
  void aColumnWithNoObservedValueIsRejected() {
    Dataset data = Dataset.of(new double[] {1, Double.NaN, 2, Double.NaN}, 2, 2);
    InputException e =
        assertThrows(InputException.class, () -> new GaussianFamily(CovarianceType.FULL).validate(data));
    assertEquals("data: column 'x2' has no observed value (every value is missing); leave it out",
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(InitMethod.class)
  void everyInitialisationCopesWithMissingValues(InitMethod method) {
    for (CovarianceType type : CovarianceType.values()) {
      Dataset data = withHoles(sample(type, 300, 23), 0.3, 24);
      EmOptions options =
          EmOptions.builder().components(2).init(method).seed(4).threads(1).build();
      MixtureModel<GaussianParameters> m =
          new MixtureFitter<>(new GaussianFamily(type), options).fit(data);
      assertTrue(Double.isFinite(m.fit().logLikelihood()));
      // predict and score use the observed coordinates of each row
      assertEquals(data.rows(), m.predict(data).length);
      assertTrue(Double.isFinite(m.logLikelihood(data)));
      assertEquals(m.fit().logLikelihood(), m.logLikelihood(data), 1e-9 * Math.abs(m.logLikelihood(data)));
    }
  }

  @Test
  void meanFillingUsesTheObservedMeanOfEachColumn() {
    Dataset data = Dataset.of(new double[] {1, Double.NaN, 3, 10, Double.NaN, 20}, 3, 2);
    assertArrayEquals(new double[] {1, 15, 3, 10, 2, 20}, MissingPatterns.meanFilled(data).values());
  }
}
