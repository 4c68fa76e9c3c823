package org.em4j.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.DegenerateFitException;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.junit.jupiter.api.Test;

/** Data from which no model follows is refused or reported, with a message that says why. */
class DegenerateInputsTest {

  private static MixtureFitter<?, ?> fitter(double reg, int k, int restarts) {
    return new MixtureFitter<>(
        new GaussianFamily(CovarianceType.FULL, reg),
        EmOptions.builder().components(k).restarts(restarts).seed(1).build());
  }

  @Test
  void fewerDistinctRowsThanComponents() {
    Dataset same = Dataset.ofRows(new double[][] {{1, 1}, {1, 1}, {1, 1}, {1, 1}});
    InputException e = assertThrows(InputException.class, () -> fitter(1e-6, 2, 1).fit(same));
    assertEquals(
        "data has only 1 distinct rows (with positive weight), fewer than the 2 components asked"
            + " for",
        e.getMessage());
  }

  @Test
  void fewerRowsThanComponents() {
    Dataset two = Dataset.ofRows(new double[][] {{1}, {2}});
    InputException e = assertThrows(InputException.class, () -> fitter(1e-6, 3, 1).fit(two));
    assertEquals("data has 2 rows, fewer than the 3 components asked for", e.getMessage());
  }

  @Test
  void weightsAddingUpToZero() {
    Dataset d = Dataset.ofRows(new double[][] {{1}, {2}}).withWeights(new double[] {0, 0});
    InputException e = assertThrows(InputException.class, () -> fitter(1e-6, 1, 1).fit(d));
    assertEquals("data: the rows' weights add up to 0.0", e.getMessage());
  }

  /** Without regularisation a component on a single point collapses; every restart does. */
  @Test
  void aCollapsingComponentIsADegenerateFit() {
    Dataset d = Dataset.ofRows(new double[][] {{0, 0}, {10, 10}, {10.5, 9}, {9, 10.5}});
    DegenerateFitException one =
        assertThrows(DegenerateFitException.class, () -> fitter(0, 2, 1).fit(d));
    assertTrue(one.getMessage().contains("is no longer positive definite"), one.getMessage());
    DegenerateFitException all =
        assertThrows(DegenerateFitException.class, () -> fitter(0, 2, 3).fit(d));
    assertTrue(all.getMessage().startsWith("all 3 runs degenerated; the last: "), all.getMessage());
    // With the default regularisation the same data fits.
    assertEquals(2, fitter(1e-6, 2, 1).fit(d).components());
  }

  @Test
  void scoringDataOfAnotherDimension() {
    MixtureModel<?> m =
        fitter(1e-6, 1, 1).fit(Dataset.ofRows(new double[][] {{1, 2}, {2, 1}, {3, 3}}));
    InputException e =
        assertThrows(
            InputException.class, () -> m.predict(Dataset.ofRows(new double[][] {{1, 2, 3}})));
    assertEquals("data has 3 columns but the model has dimension 2", e.getMessage());
  }
}
