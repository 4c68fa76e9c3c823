package org.em4j.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.mixture.MixtureFamily;

/**
 * One column of a selection grid: a named model structure and the family that fits it. A family
 * instance holds only settings (a covariance type, a regularisation), never the number of
 * components, so it serves as the factory of every cell in its column: the selector fits it with
 * K = each value of the grid. Any {@link MixtureFamily} can be swept, and structures of different
 * families can share a grid.
 *
 * @param label the column's name in the table, e.g. {@code full}; not blank
 * @param family the family, with the settings of this structure
 */
public record Structure(String label, MixtureFamily<?, ?> family) {

  /** Checks the label and the family. */
  public Structure {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(family, "family");
    if (label.isBlank()) {
      throw new IllegalArgumentException("a structure needs a label");
    }
  }

  /**
   * Gaussian structures, one per covariance type, labelled {@code full}, {@code diag}, ...
   *
   * @param regularization added to every covariance diagonal (see {@link GaussianFamily})
   */
  public static List<Structure> gaussian(List<CovarianceType> types, double regularization) {
    List<Structure> out = new ArrayList<>();
    for (CovarianceType t : types) {
      out.add(new Structure(t.label(), new GaussianFamily(t, regularization)));
    }
    return List.copyOf(out);
  }
}
