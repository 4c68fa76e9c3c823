package org.em4j.selection;

/** What became of one cell of a selection grid. */
public enum CellStatus {
  /** The best run met the convergence tolerance. */
  CONVERGED("converged"),
  /**
   * The best run reached the iteration limit first. The cell has a model and criterion values
   * and still competes (its log-likelihood is a lower bound of what EM would reach), but the
   * table marks it.
   */
  NOT_CONVERGED("not converged"),
  /**
   * No model: every run degenerated ({@link org.em4j.engine.DegenerateFitException}) or the cell
   * cannot be fitted to this data (say, more components than distinct rows). Shown, never ranked.
   */
  FAILED("failed");

  private final String label;

  CellStatus(String label) {
    this.label = label;
  }

  /** How the table and the CSV write the status. */
  public String label() {
    return label;
  }
}
