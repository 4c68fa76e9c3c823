package org.em4j.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
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
 * What a fit must not depend on: where the data sits (a shift by 1e8), the order of the rows,
 * their multiplicity; and what restarts and prediction must agree with. Each runs from the same
 * given start on both sides for a fixed number of iterations, so the two fits are comparable
 * iteration by iteration.
 */
class InvarianceTest {
  private static final int ITERATIONS = 25;

  @Provide
  Arbitrary<FamilyCase<?, ?>> cases() {
    return Arbitraries.of(FamilyCases.all());
  }

  private static <P extends MixtureParameters> MixtureModel<P> fitFrom(
      MixtureFamily<P, ?> f, Dataset data, P start) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    MixtureFitter<P, ?> fitter =
        new MixtureFitter(f, EmPropertyTest.fixedIterations(start.components(), ITERATIONS).build());
    return fitter.fit(data, start);
  }

  private static void assertClose(double[] a, double[] b, double rel, double abs, String what) {
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], abs + rel * Math.abs(a[i]), what + " [" + i + "]");
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 40, seed = "9101")
  void shiftingTheDataBy1e8ShiftsOnlyTheMeans(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed) {
    shift(c, k, d, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void shift(
      FamilyCase<P, S> c, int k, int d, long seed) {
    double delta = 1e8;
    SplittableRandom rnd = new SplittableRandom(seed);
    MixtureFamily<P, S> f = c.family();
    P truth = c.randomModel(rnd, k, d);
    Dataset data = EmPropertyTest.given(f, truth).sample(200, rnd.nextLong()).data();
    Dataset shifted = c.shift(data, delta);
    Assume.that(shifted != null); // families without a location have nothing to shift
    P start = c.randomModel(rnd, k, d);
    MixtureModel<P> a = fitFrom(f, data, start);
    MixtureModel<P> b = fitFrom(f, shifted, c.shift(start, delta));
    // shifting back the shifted fit must give the plain fit; data at 1e8 carries an absolute
    // rounding of ulp(1e8) = 1.5e-8 per value, which bounds what can agree
    double[] back = f.flatten(c.shift(b.parameters(), -delta));
    assertClose(f.flatten(a.parameters()), back, 1e-6, 1e-5, c.name() + " parameters");
    assertEquals(a.fit().logLikelihood(), b.fit().logLikelihood(),
        1e-6 * Math.abs(a.fit().logLikelihood()) + 1e-4, c.name() + " log-likelihood");
    assertArrayEquals(a.predict(data), b.predict(shifted), c.name() + " labels");
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 40, seed = "9102")
  void permutingTheRowsChangesNothingBeyondRounding(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed) {
    permute(c, k, d, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void permute(
      FamilyCase<P, S> c, int k, int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    MixtureFamily<P, S> f = c.family();
    Dataset data = EmPropertyTest.given(f, c.randomModel(rnd, k, dim)).sample(200, rnd.nextLong()).data();
    int d = data.columns();
    int n = data.rows();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    double[] v = new double[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(data.values(), perm[i] * d, v, i * d, d);
    }
    Dataset permuted = new Dataset(v, n, d, data.columnNames(), null, "permuted");
    P start = c.randomModel(rnd, k, dim);
    MixtureModel<P> a = fitFrom(f, data, start);
    MixtureModel<P> b = fitFrom(f, permuted, start);
    assertClose(f.flatten(a.parameters()), f.flatten(b.parameters()), 1e-8, 1e-10, c.name());
    assertEquals(a.fit().logLikelihood(), b.fit().logLikelihood(),
        1e-10 * Math.abs(a.fit().logLikelihood()), c.name());
    int[] la = a.predict(data);
    int[] lb = b.predict(permuted);
    for (int i = 0; i < n; i++) {
      assertEquals(la[perm[i]], lb[i], c.name() + " label of row " + perm[i]);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 40, seed = "9103")
  void duplicatingEveryRowKeepsTheParametersAndDoublesTheLogLikelihood(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed) {
    duplicate(c, k, d, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void duplicate(
      FamilyCase<P, S> c, int k, int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    MixtureFamily<P, S> f = c.family();
    Dataset data = EmPropertyTest.given(f, c.randomModel(rnd, k, dim)).sample(150, rnd.nextLong()).data();
    int d = data.columns();
    int n = data.rows();
    double[] v = new double[2 * n * d];
    System.arraycopy(data.values(), 0, v, 0, n * d);
    System.arraycopy(data.values(), 0, v, n * d, n * d);
    Dataset twice = new Dataset(v, 2 * n, d, data.columnNames(), null, "twice");
    P start = c.randomModel(rnd, k, dim);
    MixtureModel<P> a = fitFrom(f, data, start);
    MixtureModel<P> b = fitFrom(f, twice, start);
    assertClose(f.flatten(a.parameters()), f.flatten(b.parameters()), 1e-8, 1e-10, c.name());
    assertEquals(2 * a.fit().logLikelihood(), b.fit().logLikelihood(),
        1e-10 * Math.abs(a.fit().logLikelihood()), c.name());
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 30, seed = "9104")
  void theBestOfSeveralRestartsIsAtLeastEverySingleRun(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 2, max = 4) int k,
      @ForAll @IntRange(min = 2, max = 5) int restarts,
      @ForAll long seed) {
    restarts(c, k, restarts, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void restarts(
      FamilyCase<P, S> c, int k, int restarts, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    MixtureFamily<P, S> f = c.family();
    Dataset data = EmPropertyTest.given(f, c.randomModel(rnd, k, 2)).sample(150, rnd.nextLong()).data();
    EmOptions one = EmOptions.builder().components(k).init(InitMethod.RANDOM).seed(seed)
        .maxIterations(60).threads(1).build();
    MixtureModel<P> best = new MixtureFitter<>(f, one.toBuilder().restarts(restarts).build()).fit(data);
    double[] runs = best.fit().runLogLikelihoods().stream().mapToDouble(Double::doubleValue).toArray();
    assertEquals(restarts, runs.length);
    for (double r : runs) {
      assertTrue(best.fit().logLikelihood() >= r, c.name() + ": " + best.fit().logLikelihood() + " < " + r);
    }
    // the first restart is the run a single fit with the same seed makes, exactly
    MixtureModel<P> single = new MixtureFitter<>(f, one).fit(data);
    assertEquals(single.fit().logLikelihood(), runs[0], 0.0, c.name());
    assertTrue(best.fit().logLikelihood() >= single.fit().logLikelihood(), c.name());
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 40, seed = "9105")
  void predictingWithTheFittedModelReproducesTheFitsOwnLabels(
      @ForAll("cases") FamilyCase<?, ?> c,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed)
      throws Exception {
    labels(c, k, d, seed);
  }

  private static <P extends MixtureParameters, S extends Statistics<S>> void labels(
      FamilyCase<P, S> c, int k, int d, long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    MixtureFamily<P, S> f = c.family();
    Dataset data = EmPropertyTest.given(f, c.randomModel(rnd, k, d)).sample(150, rnd.nextLong()).data();
    MixtureModel<P> model =
        new MixtureFitter<>(f, EmOptions.builder().components(k).seed(seed).threads(1).build()).fit(data);
    // the fit's own labels: the argmax of the responsibilities of its last E-step, which ran
    // under the returned parameters; a zero-iteration fit from the model repeats that E-step
    MixtureModel<P> again =
        new MixtureFitter<>(f, EmPropertyTest.fixedIterations(k, 0).build()).fit(data, model.parameters());
    assertArrayEquals(f.flatten(model.parameters()), f.flatten(again.parameters()), 0.0);
    assertEquals(model.fit().logLikelihood(), again.fit().logLikelihood(), 0.0, c.name());
    int[] labels = model.predict(data);
    assertArrayEquals(labels, again.predict(data));
    @SuppressWarnings("unchecked")
    MixtureModel<P> loaded = (MixtureModel<P>) ModelFile.fromTree(
        ModelFile.mapper().readTree(ModelFile.toJson(model)), "m");
    assertArrayEquals(labels, loaded.predict(data), c.name() + ": after a save and load");
    List<Double> trace = model.fit().logLikelihoodTrace();
    assertEquals(trace.get(trace.size() - 1), model.logLikelihood(data), 1e-9 * Math.abs(model.logLikelihood(data)),
        "the fit's log-likelihood is that of the returned parameters");
  }
}
