package org.em4j.selection;

import java.util.Objects;
import org.em4j.mixture.MixtureModel;

/**
 * The outcome of one cell of a selection grid.
 *
 * @param index position in the grid's cell order (structures in order, K ascending within each)
 * @param structure the structure's label
 * @param components number of components K
 * @param seed the seed this cell was fitted with: {@code em4j fit} with this seed, K and
 *     structure (and the same restart policy) gives exactly this cell's model
 * @param status converged, not converged or failed
 * @param model the best run's model, or {@code null} when the cell failed
 * @param logLikelihood weighted log-likelihood of the training rows ({@code NaN} when failed)
 * @param freeParameters number of free parameters ({@code -1} when failed)
 * @param bic BIC, lower is better ({@code NaN} when failed)
 * @param aic AIC, lower is better ({@code NaN} when failed)
 * @param icl ICL, lower is better ({@code NaN} when failed)
 * @param mapLogPosterior {@code sum_i w_i log max_k r_ik}, the classification term of ICL
 *     ({@code NaN} when failed)
 * @param runs number of runs (restarts) of the cell
 * @param failedRuns how many of them degenerated
 * @param message why the cell failed, or {@code null}
 */
public record CellResult(
    int index,
    String structure,
    int components,
    long seed,
    CellStatus status,
    MixtureModel<?> model,
    double logLikelihood,
    int freeParameters,
    double bic,
    double aic,
    double icl,
    double mapLogPosterior,
    int runs,
    int failedRuns,
    String message) {

  /** Checks that a failed cell has a message and no model, and any other cell a model. */
  public CellResult {
    Objects.requireNonNull(structure, "structure");
    Objects.requireNonNull(status, "status");
    if ((status == CellStatus.FAILED) != (model == null)) {
      throw new IllegalArgumentException("a cell has a model exactly when it did not fail");
    }
    if (status == CellStatus.FAILED && message == null) {
      throw new IllegalArgumentException("a failed cell needs a message");
    }
  }

  /** A cell that produced no model. */
  static CellResult failed(
      int index, String structure, int components, long seed, int runs, String message) {
    return new CellResult(
        index,
        structure,
        components,
        seed,
        CellStatus.FAILED,
        null,
        Double.NaN,
        -1,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        runs,
        runs,
        message);
  }

  /** Whether the cell has a model (converged or not). */
  public boolean hasModel() {
    return model != null;
  }

  /** The value of a criterion ({@code NaN} when the cell failed). */
  public double value(Criterion criterion) {
    return switch (criterion) {
      case BIC -> bic;
      case AIC -> aic;
      case ICL -> icl;
    };
  }
}
