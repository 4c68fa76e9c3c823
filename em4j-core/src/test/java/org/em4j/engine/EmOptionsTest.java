package org.em4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.em4j.data.Dataset;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.MixtureFitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid setting is refused on construction with a message carrying the bad value. */
class EmOptionsTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.components(0),
            "components must be at least 1, got 0"),
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.maxIterations(-1),
            "max iterations must be >= 0, got -1"),
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.tolerance(-1e-3),
            "tolerance must be a finite number >= 0, got -0.001"),
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.tolerance(Double.NaN),
            "tolerance must be a finite number >= 0, got NaN"),
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.tolerance(Double.POSITIVE_INFINITY),
            "tolerance must be a finite number >= 0, got Infinity"),
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.restarts(0),
            "restarts must be at least 1, got 0"),
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.threads(-2),
            "threads must be >= 0 (0 = all cores), got -2"),
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.chunkRows(0),
            "chunk rows must be at least 1, got 0"),
        Arguments.of((UnaryOperator<EmOptions.Builder>) b -> b.init(null),
            "init must not be null"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void invalidSettingsAreRefused(UnaryOperator<EmOptions.Builder> change, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> change.apply(EmOptions.builder()).build());
    assertEquals(message, e.getMessage());
  }

  @Test
  void defaultsAreValidAndToBuilderKeepsEverything() {
    EmOptions o =
        EmOptions.builder().components(3).seed(9).restarts(4).fixed(Set.of("weights")).build();
    assertEquals(o, o.toBuilder().build());
    assertEquals(EmOptions.DEFAULT_TOLERANCE, EmOptions.builder().build().tolerance());
  }

  @Test
  void anUnknownFixedGroupNamesTheKnownOnes() {
    Dataset data = Dataset.ofRows(new double[][] {{1}, {2}, {3}, {4}});
    MixtureFitter<GaussianParameters, ?> fitter =
        new MixtureFitter<>(
            new GaussianFamily(CovarianceType.FULL),
            EmOptions.builder().fixed(Set.of("mean")).build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fitter.fit(data));
    assertEquals(
        "cannot fix 'mean': the gaussian family's parameter groups are covariances, means, weights",
        e.getMessage());
  }

  @Test
  void aGivenStartMustMatchTheOptions() {
    Dataset data = Dataset.ofRows(new double[][] {{1}, {2}, {3}, {4}});
    GaussianParameters start =
        GaussianParameters.fromFull(
            CovarianceType.FULL, new double[] {1}, new double[][] {{0}}, new double[][][] {{{1}}});
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    IllegalArgumentException k =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new MixtureFitter<>(family, EmOptions.builder().components(2).build())
                    .fit(data, start));
    assertEquals("the start has 1 components but the options ask for 2", k.getMessage());
    IllegalArgumentException restarts =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MixtureFitter<>(family, EmOptions.builder().restarts(3).build()).fit(data, start));
    assertTrue(restarts.getMessage().contains("got restarts = 3"), restarts.getMessage());
  }

  @Test
  void infiniteValuesAreRefusedBeforeFitting() {
    Dataset data = Dataset.ofRows(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}, {5, 6}});
    org.em4j.data.InputException e =
        assertThrows(
            org.em4j.data.InputException.class,
            () ->
                new MixtureFitter<>(
                        new GaussianFamily(CovarianceType.DIAG), EmOptions.builder().build())
                    .fit(data));
    assertEquals(
        "data row 2, column 'x2' holds an infinite value (Infinity), which a Gaussian mixture cannot use",
        e.getMessage());
  }
}
