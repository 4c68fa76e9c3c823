package org.em4j.engine;

import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;

/**
 * A model family: everything the engine needs to fit it with EM. See {@code docs/architecture.md}.
 *
 * <p>Families, parameters and statistics are {@link java.io.Serializable} so that distributed
 * engines can ship them between machines.
 *
 * <p>A family instance holds only settings (such as a covariance type or a regularisation term);
 * the values of one model are an immutable {@code P}. Implementations must be thread-safe: the
 * engine calls {@link #accumulate} from several threads at once, each with its own statistics.
 *
 * @param <P> the immutable parameters of one model
 * @param <S> the sufficient statistics the E-step gathers
 */
public interface Family<P, S extends Statistics<S>> extends java.io.Serializable {

  /** The family's name as written in model files, e.g. {@code gaussian}. */
  String name();

  /**
   * Checks that the data suits this family (dimension, domain of every value), before any fit.
   *
   * @throws org.em4j.data.InputException naming the offending row and column
   */
  void validate(Dataset data);

  /** Empty statistics, shaped for (and, where it matters, centred at) these parameters. */
  S newStatistics(P params);

  /**
   * The fused E-step over rows {@code [from, to)}: computes each row's posterior over the hidden
   * variable under {@code params} and adds its weighted contribution to {@code stats}.
   *
   * @param stats modified: the rows' statistics are added to it
   * @return the weighted log-likelihood of these rows under {@code params}
   */
  double accumulate(P params, Dataset data, int from, int to, S stats);

  /**
   * The M-step: the parameters that maximise the expected complete-data log-likelihood given the
   * statistics. Groups named in {@code fixed} keep their values from {@code previous}.
   *
   * @param stats merged statistics over all rows; not modified
   * @param previous the parameters the statistics were gathered under; or, when an acceleration
   *     scheme forms its stabilising step, the last accepted iterate (same shapes), so that fixed
   *     groups keep their exact values: take only the values of fixed groups (and of components
   *     left without weight) from it, and everything else from {@code stats}
   * @param fixed names of parameter groups to hold fixed (see {@link #parameterGroups()})
   * @throws DegenerateFitException when no valid parameters follow from the statistics
   */
  P maximize(S stats, P previous, Set<String> fixed);

  /** Names of the parameter groups that can be held fixed, e.g. {@code weights}, {@code means}. */
  Set<String> parameterGroups();

  /**
   * Starting parameters drawn with {@code random}.
   *
   * @param components number of components (or latent states)
   * @throws org.em4j.data.InputException when the method does not suit this family or data
   */
  P initialize(
      Dataset data, int components, InitMethod method, RandomGenerator random, ChunkExecutor exec);

  /** Names of the parameters in the order of {@link #flatten}, e.g. {@code mean[1][2]}. */
  List<String> parameterNames(P params);

  /** Every parameter as one flat vector (for the trace). */
  double[] flatten(P params);

  /** Number of free parameters, not counting the groups held fixed. */
  int freeParameters(P params, Set<String> fixed);

  /**
   * The parameters as one flat vector in a space where every point is a valid model (log-ratio
   * weights, logits, logs of variances, Cholesky factors with log diagonals): what acceleration
   * schemes extrapolate in. {@link #fromUnconstrained} is its inverse (up to rounding).
   */
  double[] toUnconstrained(P params);

  /**
   * The parameters at a point of the unconstrained space.
   *
   * @param theta a vector shaped like {@code toUnconstrained(template)}; not modified
   * @param template parameters giving the shapes (components, dimension, structure)
   * @throws DegenerateFitException when the point is too extreme to give valid parameters
   */
  P fromUnconstrained(double[] theta, P template);

  /**
   * {@code params} with the values of the groups named in {@code fixed} replaced, exactly, by
   * those of {@code source}: how an acceleration scheme whose accepted iterate is an extrapolated
   * point ({@link Acceleration#DAAREM}) keeps fixed groups exact (the round trip through {@link
   * #toUnconstrained} moves them by rounding). The default returns {@code params} when nothing is
   * fixed and refuses otherwise.
   *
   * @param params the parameters to correct; not modified
   * @param source parameters of the same shapes holding the fixed values
   * @param fixed names of parameter groups held fixed (see {@link #parameterGroups()})
   * @throws UnsupportedOperationException when groups are fixed and the family cannot do this
   */
  default P withFixedGroups(P params, P source, Set<String> fixed) {
    if (fixed.isEmpty()) {
      return params;
    }
    throw new UnsupportedOperationException(
        "the " + name() + " family cannot re-impose fixed groups on an extrapolated point");
  }

  /**
   * The components of {@code params} that have degenerated: a weight below {@code minWeight} (or
   * below one row's worth, {@code 1 / totalWeight}), or a spread that collapsed onto a few
   * points. Called by the engine after every M-step. The default reports none.
   *
   * @param totalWeight the number of rows (or the sum of their weights)
   * @param minWeight the smallest weight a component may keep, in [0, 1)
   */
  default java.util.List<Degeneracy> degenerateComponents(
      P params, double totalWeight, double minWeight) {
    return java.util.List.of();
  }

  /**
   * The parameters without component {@code component} (the other weights renormalised).
   *
   * @throws UnsupportedOperationException when the family cannot (the default)
   * @throws DegenerateFitException when it is the last component
   */
  default P dropComponent(P params, int component) {
    throw new UnsupportedOperationException("the " + name() + " family cannot drop a component");
  }

  /**
   * The parameters with component {@code component} drawn again from the data, as a start would
   * draw it, with weight {@code 1 / K} (the other weights scaled to make room).
   *
   * @throws UnsupportedOperationException when the family cannot (the default)
   */
  default P reinitializeComponent(
      P params, int component, Dataset data, RandomGenerator random) {
    throw new UnsupportedOperationException(
        "the " + name() + " family cannot reinitialise a component");
  }
}
