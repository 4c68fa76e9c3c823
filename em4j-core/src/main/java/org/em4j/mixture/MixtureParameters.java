package org.em4j.mixture;

/** The parameters of a finite mixture: K mixing weights plus each family's component values. */
public interface MixtureParameters extends java.io.Serializable {
  /** Number of components K. */
  int components();

  /** Mixing weight of component {@code k}. */
  double weight(int k);

  /** The mixing weights (a copy). */
  double[] weights();

  /** Number of data columns the model describes. */
  int dimension();
}
