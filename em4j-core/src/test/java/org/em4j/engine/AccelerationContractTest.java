package org.em4j.engine;

import static org.em4j.engine.SquaremTest.heights;
import static org.em4j.engine.SquaremTest.heightsStart;
import static org.em4j.engine.SquaremTest.kmeansStart;
import static org.em4j.engine.SquaremTest.options;
import static org.em4j.engine.SquaremTest.overlapping;
import static org.em4j.engine.SquaremTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every acceleration scheme owes the engine's callers, whatever it extrapolates: honest pass
 * counts, a listener and trace that see exactly the accepted iterates, the iteration limit, and
 * results that do not depend on the number of threads. The schemes' own behaviour is tested in
 * {@link SquaremTest} and {@link DaaremTest}.
 */
class AccelerationContractTest {

  @ParameterizedTest
  @EnumSource(value = Acceleration.class, names = {"SQUAREM", "DAAREM"})
  void eStepsCountEveryPassOverTheData(Acceleration a) {
    Dataset data = overlapping(900, 4);
    GaussianFamily g = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = kmeansStart(g, data, 3, 1);
    for (int chunk : new int[] {100, 10_000}) {
      CountingFamily<GaussianParameters, ?> f =
          new CountingFamily<>(g, CountingFamily.Spoil.NONE);
      EmOptions o = options(a, 1e-9).toBuilder().chunkRows(chunk).build();
      EmRun<GaussianParameters> r = run(f, data, start, o);
      assertEquals(f.passes, r.eSteps(), a + ", chunks of " + chunk);
      assertTrue(f.extrapolations > 0, a + " extrapolated");
      if (a == Acceleration.SQUAREM) {
        assertTrue(r.eSteps() > r.iterations() + 1, "SQUAREM's cycles take several passes");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Acceleration.class, names = {"SQUAREM", "DAAREM"})
  void theListenerSeesExactlyTheAcceptedIterates(Acceleration a) {
    Dataset data = heights(500, 9);
    GaussianFamily f = new GaussianFamily(CovarianceType.FULL);
    List<Integer> iterations = new ArrayList<>();
    List<Double> lls = new ArrayList<>();
    EmRun<GaussianParameters> r =
        run(
            f,
            data,
            heightsStart(data, CovarianceType.FULL),
            options(a, 1e-8).toBuilder().traceParameters(true).build(),
            (restart, it, ll, p) -> {
              iterations.add(it);
              lls.add(ll);
            });
    assertEquals(r.logLikelihoodTrace(), lls);
    assertEquals(r.iterations() + 1, r.parameterTrace().size());
    for (int i = 0; i < iterations.size(); i++) {
      assertEquals(i, iterations.get(i));
    }
    assertEquals(r.parameters(), r.parameterTrace().get(r.iterations()));
  }

  /** With tolerance 0 a run makes exactly maxIterations accepted iterates (SQUAREM: cycles). */
  @ParameterizedTest
  @EnumSource(value = Acceleration.class, names = {"SQUAREM", "DAAREM"})
  void aZeroToleranceRunsExactlyMaxIterations(Acceleration a) {
    Dataset data = heights(300, 1);
    GaussianFamily f = new GaussianFamily(CovarianceType.FULL);
    EmOptions o = options(a, 0).toBuilder().maxIterations(7).build();
    EmRun<GaussianParameters> r = run(f, data, heightsStart(data, CovarianceType.FULL), o);
    assertEquals(7, r.iterations());
    assertEquals(8, r.logLikelihoodTrace().size());
    assertFalse(r.converged());
    EmRun<GaussianParameters> none =
        run(f, data, heightsStart(data, CovarianceType.FULL), o.toBuilder().maxIterations(0).build());
    assertEquals(0, none.iterations());
    assertEquals(1, none.eSteps());
  }

  @ParameterizedTest
  @EnumSource(value = Acceleration.class, names = {"SQUAREM", "DAAREM"})
  void resultsAreBitIdenticalForAnyNumberOfThreads(Acceleration a) {
    Dataset data = overlapping(5000, 8);
    GaussianFamily f = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = kmeansStart(f, data, 3, 5);
    EmRun<GaussianParameters> reference = null;
    for (int threads : new int[] {1, 2, 3}) {
      EmOptions o =
          options(a, 1e-10).toBuilder()
              .threads(threads)
              .chunkRows(256)
              .traceParameters(true)
              .build();
      EmRun<GaussianParameters> r = run(f, data, start, o);
      if (reference == null) {
        reference = r;
        continue;
      }
      assertEquals(reference.eSteps(), r.eSteps(), threads + " threads");
      assertEquals(reference.iterations(), r.iterations(), threads + " threads");
      assertEquals(reference.logLikelihoodTrace(), r.logLikelihoodTrace(), threads + " threads");
      assertEquals(reference.parameterTrace(), r.parameterTrace(), threads + " threads");
      assertArrayEquals(f.flatten(reference.parameters()), f.flatten(r.parameters()));
    }
  }
}
