package org.em4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.testing.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same seed gives the same model, bit for bit, on 1, 2 or 8 threads: chunks are fixed and
 * merged in chunk order, so not even the order of floating-point additions depends on threads.
 */
class ThreadCountTest {

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void sameModelOnOneTwoAndEightThreads(CovarianceType type) {
    Dataset data = Reference.threeBlobs(41, 2000);
    for (InitMethod init : InitMethod.values()) {
      MixtureModel<GaussianParameters> reference = null;
      for (int threads : new int[] {1, 2, 8}) {
        EmOptions options =
            EmOptions.builder()
                .components(3)
                .seed(77)
                .restarts(2)
                .threads(threads)
                .chunkRows(37) // 55 chunks
                .tolerance(1e-9)
                .maxIterations(30)
                .init(init)
                .build();
        MixtureModel<GaussianParameters> model =
            new MixtureFitter<>(new GaussianFamily(type), options).fit(data);
        if (reference == null) {
          reference = model;
          assertTrue(model.fit().iterations() > 5, "enough iterations to amplify any difference");
          continue;
        }
        GaussianParameters a = reference.parameters();
        GaussianParameters b = model.parameters();
        assertEquals(a, b, init + ", " + threads + " threads");
        assertArrayEquals(a.weights(), b.weights(), 0.0);
        assertArrayEquals(a.means(), b.means(), 0.0);
        assertTrue(Arrays.equals(a.compactCovariances(), b.compactCovariances()), "covariances");
        assertTrue(
            reference.fit().logLikelihood() == model.fit().logLikelihood(),
            "log-likelihood on " + threads + " threads");
        assertEquals(reference.fit().logLikelihoodTrace(), model.fit().logLikelihoodTrace());
        assertEquals(reference.fit().runLogLikelihoods(), model.fit().runLogLikelihoods());
        assertEquals(reference.fit().bestRestart(), model.fit().bestRestart());
      }
    }
  }
}
