package org.em4j.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.engine.Statistics;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;

/**
 * Property-based tests (jqwik) over random valid models and data drawn from them, for every
 * family in {@link FamilyCases}: the EM monotonicity theorem (Dempster, Laird and Rubin 1977,
 * theorem 1), responsibilities on the simplex, exact model-file round trips, recovery of the
 * generating parameters, and statistics that merge the same in any order. Seeds are fixed so a
 * failure reproduces; tries are kept small so the suite stays fast.
 */
class EmPropertyTest {

  @Provide
  Arbitrary<FamilyCase<?, ?>> cases() {
    return Arbitraries.of(FamilyCases.all());
  }

  static <P extends MixtureParameters> MixtureModel<P> given(MixtureFamily<P, ?> f, P p) {
    return new MixtureModel<>(f, p, null, List.of(), null);
  }

  static EmOptions.Builder fixedIterations(int k, int iterations) {
    return EmOptions.builder().components(k).maxIterations(iterations).tolerance(0).threads(1);
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 60, seed = "9001")
  void theLogLikelihoodNeverDecreases(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed) {
    monotone(c, k, d, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void monotone(
      FamilyCase<P, S> c, int k, int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    P truth = c.randomModel(rnd, k, d);
    Dataset data = given(c.family(), truth).sample(150, rnd.nextLong()).data();
    EmOptions options =
        fixedIterations(k, 40).init(InitMethod.RANDOM).seed(rnd.nextLong()).build();
    List<Double> trace =
        new MixtureFitter<>(c.family(), options).fit(data).fit().logLikelihoodTrace();
    for (int i = 1; i < trace.size(); i++) {
      double before = trace.get(i - 1);
      double after = trace.get(i);
      // the default regularisation makes the M-step a near-exact maximiser: rounding only
      assertTrue(
          after >= before - 1e-9 * Math.abs(before),
          c.name() + ": iteration " + i + " lowered the log-likelihood " + before + " -> " + after);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 100, seed = "9002")
  void responsibilitiesLieOnTheSimplexAndPredictIsTheirArgmax(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 4) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed) {
    simplex(c, k, d, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void simplex(
      FamilyCase<P, S> c, int k, int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    MixtureModel<P> model = given(c.family(), c.randomModel(rnd, k, d));
    // data from another model: many rows lie far from every component (tiny densities)
    Dataset data =
        given(c.family(), c.randomModel(rnd, 1 + rnd.nextInt(3), d)).sample(50, rnd.nextLong()).data();
    double[][] proba = model.predictProba(data);
    int[] labels = model.predict(data);
    for (int i = 0; i < data.rows(); i++) {
      double sum = 0;
      int argmax = 0;
      for (int j = 0; j < k; j++) {
        assertTrue(proba[i][j] >= 0 && proba[i][j] <= 1, c.name() + ": " + proba[i][j]);
        sum += proba[i][j];
        if (proba[i][j] > proba[i][argmax]) {
          argmax = j;
        }
      }
      assertEquals(1.0, sum, 1e-12, c.name() + " row " + i);
      assertEquals(argmax, labels[i], c.name() + " row " + i);
    }
    for (double s : model.scoreSamples(data)) {
      assertTrue(Double.isFinite(s), c.name() + ": log density " + s);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 60, seed = "9003")
  void savedThenLoadedModelsAreIdentical(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 4) int k,
      @ForAll @IntRange(min = 1, max = 4) int d,
      @ForAll long seed,
      @ForAll boolean fitted)
      throws Exception {
    roundTrip(c, k, d, seed, fitted);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void roundTrip(
      FamilyCase<P, S> c, int k, int d, long seed, boolean fitted) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    MixtureModel<P> model = given(c.family(), c.randomModel(rnd, k, d));
    Dataset data = model.sample(100, rnd.nextLong()).data();
    if (fitted) {
      model = new MixtureFitter<>(c.family(), fixedIterations(k, 5).seed(seed).build()).fit(data);
    }
    JsonNode tree = ModelFile.mapper().readTree(ModelFile.toJson(model));
    @SuppressWarnings("unchecked")
    MixtureModel<P> back = (MixtureModel<P>) ModelFile.fromTree(tree, "round-trip");
    assertArrayEquals(
        c.family().flatten(model.parameters()), c.family().flatten(back.parameters()), 0.0,
        c.name() + ": parameters changed");
    assertArrayEquals(model.predict(data), back.predict(data));
    assertArrayEquals(model.scoreSamples(data), back.scoreSamples(data), 0.0);
    assertEquals(ModelFile.toJson(model), ModelFile.toJson(back), "the file is a fixed point");
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 40, seed = "9004")
  void fittingASampleRecoversTheModelItCameFrom(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed) {
    recovery(c, k, d, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void recovery(
      FamilyCase<P, S> c, int k, int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    P truth = c.randomModel(rnd, k, d);
    int n = 3000;
    Dataset data = given(c.family(), truth).sample(n, rnd.nextLong()).data();
    EmOptions options =
        EmOptions.builder().components(k).restarts(3).seed(rnd.nextLong()).threads(1)
            .tolerance(1e-9).build();
    P fitted = new MixtureFitter<>(c.family(), options).fit(data).parameters();
    c.assertRecovers(truth, fitted, n);
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 80, seed = "9005")
  void statisticsMergedInAnyOrderGiveTheSameMStep(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed) {
    mergeOrder(c, k, d, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void mergeOrder(
      FamilyCase<P, S> c, int k, int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    MixtureFamily<P, S> f = c.family();
    P params = c.randomModel(rnd, k, d);
    Dataset data = given(f, c.randomModel(rnd, k, d)).sample(200, rnd.nextLong()).data();
    S whole = f.newStatistics(params);
    double llWhole = f.accumulate(params, data, 0, data.rows(), whole);
    // random chunk boundaries, merged in a random order
    List<int[]> chunks = new ArrayList<>();
    int from = 0;
    while (from < data.rows()) {
      int to = Math.min(data.rows(), from + 1 + rnd.nextInt(60));
      chunks.add(new int[] {from, to});
      from = to;
    }
    Collections.shuffle(chunks, new java.util.Random(rnd.nextLong()));
    S merged = f.newStatistics(params);
    double llMerged = 0;
    for (int[] ch : chunks) {
      S part = f.newStatistics(params);
      llMerged += f.accumulate(params, data, ch[0], ch[1], part);
      merged.merge(part);
    }
    assertEquals(llWhole, llMerged, 1e-10 * Math.abs(llWhole), c.name() + ": log-likelihood");
    double[] a = f.flatten(f.maximize(whole, params, Set.of()));
    double[] b = f.flatten(f.maximize(merged, params, Set.of()));
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-9 * Math.max(1, Math.abs(a[i])), c.name() + ": parameter " + i);
    }
  }
}
