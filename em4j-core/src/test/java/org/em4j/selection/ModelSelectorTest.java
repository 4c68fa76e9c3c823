package org.em4j.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ModelSelector} on simulated and real data. */
class ModelSelectorTest {
  static final List<CovarianceType> ALL = List.of(CovarianceType.values());

  /** Small chunks, so that every E-step is a reduction over several chunks nested in a cell. */
  static final int CHUNK_ROWS = 64;

  static Dataset faithful;
  static SelectionResult faithfulResult; // on 2 threads

  static Path resource(String name) {
    try {
      return Path.of(ModelSelectorTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static EmOptions em(int restarts, long seed, int threads) {
    return EmOptions.builder()
        .restarts(restarts)
        .seed(seed)
        .threads(threads)
        .chunkRows(CHUNK_ROWS)
        .build();
  }

  static SelectionOptions faithfulOptions(int threads) {
    return new SelectionOptions(
        Structure.gaussian(ALL, GaussianFamily.DEFAULT_REGULARIZATION),
        SelectionOptions.range(1, 9),
        Criterion.BIC,
        em(3, 7, threads));
  }

  @BeforeAll
  static void fitFaithful() {
    faithful = new CsvReader().read(resource("data/faithful.csv"));
    faithfulResult = new ModelSelector(faithfulOptions(2)).select(faithful);
  }

  /** Free parameters by hand: K - 1 weights, K D means, and the covariances of the structure. */
  static int handParameters(String structure, int k, int d) {
    int cov =
        switch (structure) {
          case "full" -> k * d * (d + 1) / 2;
          case "diag" -> k * d;
          case "spherical" -> k;
          case "tied" -> d * (d + 1) / 2;
          default -> throw new AssertionError(structure);
        };
    return (k - 1) + k * d + cov;
  }

  @Test
  void bicPicksThreeFullComponentsOnAKnownWellSeparatedMixture() {
    // Three components far apart, each with its own strongly correlated covariance, so only
    // full covariances describe them with three components.
    GaussianParameters truth =
        GaussianParameters.fromFull(
            CovarianceType.FULL,
            new double[] {0.3, 0.3, 0.4},
            new double[][] {{0, 0}, {12, 0}, {6, 12}},
            new double[][][] {
              {{4, 3.4}, {3.4, 4}},
              {{4, -3.4}, {-3.4, 4}},
              {{1, 0}, {0, 6}}
            });
    Dataset data =
        new MixtureModel<>(new GaussianFamily(CovarianceType.FULL), truth, null, null, null)
            .sample(900, 2024)
            .data();
    SelectionResult r =
        new ModelSelector(
                new SelectionOptions(
                    Structure.gaussian(ALL, GaussianFamily.DEFAULT_REGULARIZATION),
                    SelectionOptions.range(1, 6),
                    Criterion.BIC,
                    em(3, 11, 2)))
            .select(data);
    CellResult best = r.best().orElseThrow();
    assertEquals("full", best.structure(), SelectionTable.format(r));
    assertEquals(3, best.components(), SelectionTable.format(r));
    assertTrue(r.gap() > 0);
    // The chosen model recovers the truth: weights sorted, close to 0.3, 0.3, 0.4.
    double[] w = best.model().parameters().weights();
    java.util.Arrays.sort(w);
    assertEquals(0.3, w[0], 0.05);
    assertEquals(0.3, w[1], 0.05);
    assertEquals(0.4, w[2], 0.05);
  }

  @Test
  void theChosenCellIsExactlyASingleFitOfThatCell() {
    CellResult best = faithfulResult.best().orElseThrow();
    CovarianceType type = CovarianceType.parse(best.structure());
    MixtureModel<GaussianParameters> single =
        new MixtureFitter<>(
                new GaussianFamily(type),
                em(3, best.seed(), 1).toBuilder().components(best.components()).build())
            .fit(faithful);
    assertEquals(single.fit().logLikelihood(), best.logLikelihood(), 0.0);
    assertEquals(single.parameters(), best.model().parameters());
    assertEquals(single.fit().bic(), best.bic(), 0.0);
  }

  @Test
  void criteriaMatchHandComputationForEveryCell() {
    int d = faithful.columns();
    double n = faithful.rows();
    for (CellResult c : faithfulResult.cells()) {
      String where = c.structure() + " K=" + c.components();
      assertTrue(c.hasModel(), where + ": " + c.message());
      int p = handParameters(c.structure(), c.components(), d);
      assertEquals(p, c.freeParameters(), where);
      // The log-likelihood, recomputed from the model by another path (scoreSamples).
      double ll = c.model().logLikelihood(faithful);
      assertEquals(ll, c.logLikelihood(), 1e-9 * Math.abs(ll), where);
      double bic = -2 * ll + p * Math.log(n);
      double aic = -2 * ll + 2 * p;
      // ICL: BIC minus twice the sum of log max posterior, from predictProba.
      double[][] post = c.model().predictProba(faithful);
      double map = 0;
      for (double[] row : post) {
        double max = 0;
        for (double v : row) {
          max = Math.max(max, v);
        }
        map += Math.log(max);
      }
      double icl = bic - 2 * map;
      assertEquals(bic, c.bic(), 1e-9 * Math.abs(bic), where);
      assertEquals(aic, c.aic(), 1e-9 * Math.abs(aic), where);
      assertEquals(icl, c.icl(), 1e-9 * Math.abs(icl), where);
      assertTrue(c.icl() >= c.bic(), where);
      if (c.components() == 1) {
        assertEquals(c.bic(), c.icl(), 0.0, where); // one component: no classification cost
      }
    }
  }

  @Test
  void resultsAreIdenticalOnOneAndTwoThreads() {
    SelectionResult one = new ModelSelector(faithfulOptions(1)).select(faithful);
    assertEquals(faithfulResult.cells().size(), one.cells().size());
    for (int i = 0; i < one.cells().size(); i++) {
      CellResult a = one.cells().get(i);
      CellResult b = faithfulResult.cells().get(i);
      String where = a.structure() + " K=" + a.components();
      assertEquals(a.seed(), b.seed(), where);
      assertEquals(a.status(), b.status(), where);
      assertEquals(
          Double.doubleToRawLongBits(a.logLikelihood()),
          Double.doubleToRawLongBits(b.logLikelihood()),
          where);
      assertEquals(Double.doubleToRawLongBits(a.icl()), Double.doubleToRawLongBits(b.icl()), where);
      assertEquals(a.model().parameters(), b.model().parameters(), where);
    }
    assertEquals(SelectionTable.csv(one), SelectionTable.csv(faithfulResult));
  }

  @Test
  void cellsHaveDistinctSeedsAndComeInCellOrder() {
    Set<Long> seeds = new HashSet<>();
    List<CellResult> cells = faithfulResult.cells();
    for (int i = 0; i < cells.size(); i++) {
      CellResult c = cells.get(i);
      assertEquals(i, c.index());
      assertEquals(ALL.get(i / 9).label(), c.structure());
      assertEquals(i % 9 + 1, c.components());
      assertTrue(seeds.add(c.seed()));
    }
  }

  @Test
  void agreesWithMclustOnOldFaithful() {
    // scripts/golden/mclust_faithful_selection.R wrote mclust's BIC and ICL (higher is better).
    Dataset golden =
        new CsvReader()
            .columns(List.of("components", "df", "mclustBIC", "logLikelihood", "mclustICL"))
            .read(resource("golden/mclust-faithful-selection.csv"));
    List<String> structures = List.of("full", "diag", "spherical", "tied");
    double bestMclust = Double.NEGATIVE_INFINITY;
    String bestStructure = null;
    int bestK = 0;
    double bestIcl = Double.NEGATIVE_INFINITY;
    String bestIclStructure = null;
    int bestIclK = 0;
    for (int i = 0; i < golden.rows(); i++) {
      String s = structures.get(i / 9);
      int k = (int) golden.get(i, 0);
      CellResult c = faithfulResult.cell(s, k).orElseThrow();
      // Same parameter count as mclust (VVV, VVI, VII, EEE).
      assertEquals((int) golden.get(i, 1), c.freeParameters(), s + " K=" + k);
      if (k == 1) {
        // One component has a closed form: the same maximum, up to em4j's reg_covar of 1e-6.
        assertEquals(-golden.get(i, 2), c.bic(), 1e-6 * c.bic(), s);
        assertEquals(-golden.get(i, 4), c.icl(), 1e-6 * c.icl(), s);
      }
      if (golden.get(i, 2) > bestMclust) {
        bestMclust = golden.get(i, 2);
        bestStructure = s;
        bestK = k;
      }
      if (golden.get(i, 4) > bestIcl) {
        bestIcl = golden.get(i, 4);
        bestIclStructure = s;
        bestIclK = k;
      }
    }
    // The same choice as mclust (EEE = tied, 3 components), at the same maximum: mclust starts
    // from hierarchical clustering and stops at a looser tolerance, hence 0.05.
    CellResult best = faithfulResult.best().orElseThrow();
    assertEquals(bestStructure, best.structure());
    assertEquals(bestK, best.components());
    int row = structures.indexOf(bestStructure) * 9 + bestK - 1;
    assertEquals(golden.get(row, 3), best.logLikelihood(), 0.05);
    // ICL chooses as mclust's icl() does (VVV = full, 2 components).
    CellResult bestByIcl = faithfulResult.ranking(Criterion.ICL).get(0);
    assertEquals(bestIclStructure, bestByIcl.structure());
    assertEquals(bestIclK, bestByIcl.components());
  }

  @Test
  void rowWeightsCountAsRepeatedRows() {
    // Weights 1, 2, 3, 1, 2, 3, ... against the same rows written out that many times.
    int n = faithful.rows();
    double[] w = new double[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 1 + i % 3;
      total += (int) w[i];
    }
    double[][] expanded = new double[total][];
    int at = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < w[i]; r++) {
        expanded[at++] = faithful.row(i);
      }
    }
    Dataset weighted = faithful.withWeights(w);
    Dataset repeated = Dataset.ofRows(expanded);
    // The classification term of ICL, for a fixed three-component model.
    MixtureModel<?> model = faithfulResult.cell("tied", 3).orElseThrow().model();
    assertEquals(
        ModelSelector.mapLogPosterior(model, repeated),
        ModelSelector.mapLogPosterior(model, weighted),
        1e-9 * Math.abs(ModelSelector.mapLogPosterior(model, repeated)));
    // One component has a closed-form fit, so whole cells agree, n being the total weight.
    SelectionOptions o =
        new SelectionOptions(
            Structure.gaussian(ALL, 1e-6), List.of(1), Criterion.BIC, em(1, 1, 1));
    SelectionResult a = new ModelSelector(o).select(weighted);
    SelectionResult b = new ModelSelector(o).select(repeated);
    assertEquals(total, a.totalWeight(), 0.0);
    for (int i = 0; i < a.cells().size(); i++) {
      CellResult x = a.cells().get(i);
      CellResult y = b.cells().get(i);
      assertEquals(y.bic(), x.bic(), 1e-9 * y.bic(), x.structure());
      assertEquals(y.aic(), x.aic(), 1e-9 * y.aic(), x.structure());
      assertEquals(y.icl(), x.icl(), 1e-9 * y.icl(), x.structure());
    }
  }

  @Test
  void failedCellsAreShownNotDropped() {
    // Four distinct points, each ten times: K = 5 has more components than distinct rows, and
    // without regularisation a full covariance on one or two points is singular.
    double[][] pts = {{0, 0}, {1, 0.2}, {0.3, 1}, {1.2, 1.1}};
    double[][] rows = new double[40][];
    for (int i = 0; i < 40; i++) {
      rows[i] = pts[i % 4].clone();
    }
    Dataset data = Dataset.ofRows(rows);
    SelectionResult r =
        new ModelSelector(
                new SelectionOptions(
                    Structure.gaussian(List.of(CovarianceType.FULL, CovarianceType.SPHERICAL), 0),
                    List.of(1, 3, 5),
                    Criterion.BIC,
                    em(2, 3, 2)))
            .select(data);
    assertEquals(6, r.cells().size());
    CellResult five = r.cell("full", 5).orElseThrow();
    assertEquals(CellStatus.FAILED, five.status());
    assertNull(five.model());
    assertTrue(five.message().contains("distinct rows"), five.message());
    CellResult three = r.cell("full", 3).orElseThrow();
    assertEquals(CellStatus.FAILED, three.status(), "a full covariance on <= 2 points is singular");
    assertNotNull(three.message());
    assertTrue(Double.isNaN(three.bic()));
    CellResult one = r.cell("full", 1).orElseThrow();
    assertTrue(one.hasModel());
    assertTrue(r.best().isPresent());
    assertTrue(r.ranking().stream().allMatch(CellResult::hasModel));
    String table = SelectionTable.format(r);
    assertTrue(table.contains("failed: full, K = 5: "), table);
    assertTrue(table.contains("failed: full, K = 3: "), table);
    assertEquals(7, SelectionTable.csv(r).split("\n").length);
  }

  @Test
  void unconvergedCellsAreMarked() {
    SelectionResult r =
        new ModelSelector(
                new SelectionOptions(
                    Structure.gaussian(List.of(CovarianceType.DIAG), 1e-6),
                    List.of(2, 3),
                    Criterion.AIC,
                    em(1, 5, 2).toBuilder().maxIterations(2).tolerance(0).build()))
            .select(faithful);
    for (CellResult c : r.cells()) {
      assertEquals(CellStatus.NOT_CONVERGED, c.status());
      assertTrue(c.hasModel());
    }
    String table = SelectionTable.format(r);
    assertTrue(table.contains("~ not converged: diag, K = 2"), table);
    assertTrue(table.contains("(NOT converged)"), table);
  }

  @Test
  void tableMarksTheBestAndTheGap() {
    String table = SelectionTable.format(faithfulResult);
    CellResult best = faithfulResult.best().orElseThrow();
    CellResult second = faithfulResult.runnerUp().orElseThrow();
    assertEquals(second.bic() - best.bic(), faithfulResult.gap(), 0.0);
    assertTrue(faithfulResult.gap() >= 0);
    assertTrue(
        table.contains(String.format(java.util.Locale.ROOT, "%.2f*", best.bic())), table);
    assertTrue(
        table.contains(String.format(java.util.Locale.ROOT, "(gap %.4f)", faithfulResult.gap())),
        table);
    // The chart data: one series per structure, K = 1..9.
    List<SelectionResult.Series> series = faithfulResult.series(Criterion.BIC);
    assertEquals(4, series.size());
    assertEquals(best.bic(), series.get(3).values()[2], 0.0); // tied, K = 3
  }

  @Test
  void badDataAndSettingsAreRejectedClearly() {
    Dataset withInfinity =
        Dataset.ofRows(new double[][] {{1, 2}, {Double.NEGATIVE_INFINITY, 3}, {2, 2}});
    SelectionOptions o = faithfulOptions(1);
    assertThrows(InputException.class, () -> new ModelSelector(o).select(withInfinity));
    var structures = Structure.gaussian(List.of(CovarianceType.FULL), 1e-6);
    var em = em(1, 0, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> new SelectionOptions(structures, List.of(), Criterion.BIC, em));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SelectionOptions(structures, List.of(2, 2), Criterion.BIC, em));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SelectionOptions(structures, List.of(0, 1), Criterion.BIC, em));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SelectionOptions(
                List.of(structures.get(0), structures.get(0)), List.of(1), Criterion.BIC, em));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SelectionOptions(
                structures,
                List.of(1),
                Criterion.BIC,
                em.toBuilder().fixed(Set.of("weights")).build()));
    assertThrows(IllegalArgumentException.class, () -> Criterion.parse("dic"));
    assertFalse(Criterion.parse("ICL") != Criterion.ICL);
  }
}
