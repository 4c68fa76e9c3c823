package org.em4j.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a model selection: every cell of the grid, in cell order (structures in the
 * options' order, K in the options' order within each), failed cells included, and the ranking by
 * the options' criterion.
 *
 * <p>Ranking: cells with a model, by the criterion ascending; ties go to the cell with fewer free
 * parameters, then to the earlier cell. Failed cells are never ranked.
 */
public final class SelectionResult {
  private final SelectionOptions options;
  private final List<CellResult> cells;
  private final double totalWeight;
  private final int rows;

  /**
   * @param options the settings the cells were fitted with
   * @param cells every cell, in cell order
   * @param totalWeight n of the criteria: the number of rows, or the sum of the row weights
   * @param rows number of rows
   */
  public SelectionResult(
      SelectionOptions options, List<CellResult> cells, double totalWeight, int rows) {
    this.options = Objects.requireNonNull(options, "options");
    this.cells = List.copyOf(cells);
    if (this.cells.size() != options.cells()) {
      throw new IllegalArgumentException(
          "found " + this.cells.size() + " cells, expected " + options.cells());
    }
    this.totalWeight = totalWeight;
    this.rows = rows;
  }

  /** The settings. */
  public SelectionOptions options() {
    return options;
  }

  /** The criterion that ranks the cells. */
  public Criterion criterion() {
    return options.criterion();
  }

  /** Every cell, in cell order. */
  public List<CellResult> cells() {
    return cells;
  }

  /** n of the criteria: the number of rows, or the sum of the row weights. */
  public double totalWeight() {
    return totalWeight;
  }

  /** Number of training rows. */
  public int rows() {
    return rows;
  }

  /** The cell of this structure and K. */
  public Optional<CellResult> cell(String structure, int components) {
    return cells.stream()
        .filter(c -> c.structure().equals(structure) && c.components() == components)
        .findFirst();
  }

  /** The cells with a model, best first by the options' criterion. */
  public List<CellResult> ranking() {
    return ranking(options.criterion());
  }

  /** The cells with a model, best first by {@code criterion}. */
  public List<CellResult> ranking(Criterion criterion) {
    List<CellResult> ranked = new ArrayList<>();
    for (CellResult c : cells) {
      if (c.hasModel()) {
        ranked.add(c);
      }
    }
    ranked.sort(
        Comparator.comparingDouble((CellResult c) -> c.value(criterion))
            .thenComparingInt(CellResult::freeParameters)
            .thenComparingInt(CellResult::index));
    return ranked;
  }

  /** The best cell, or empty when every cell failed. */
  public Optional<CellResult> best() {
    List<CellResult> r = ranking();
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  /** The second-best cell, or empty when fewer than two cells have a model. */
  public Optional<CellResult> runnerUp() {
    List<CellResult> r = ranking();
    return r.size() < 2 ? Optional.empty() : Optional.of(r.get(1));
  }

  /**
   * How much worse the runner-up is than the best (at least 0), or {@code NaN} without a
   * runner-up. On the BIC scale a gap above 10 is conventionally "very strong" evidence (Kass and
   * Raftery, "Bayes factors", JASA 1995).
   */
  public double gap() {
    List<CellResult> r = ranking();
    if (r.size() < 2) {
      return Double.NaN;
    }
    Criterion c = options.criterion();
    return r.get(1).value(c) - r.get(0).value(c);
  }

  /**
   * One line of a criterion-against-K chart (mclust's BIC plot).
   *
   * @param structure the structure's label
   * @param components K of every point, in the options' order
   * @param values the criterion at every point; {@code NaN} where the cell failed
   * @param converged whether each point's fit converged
   */
  public record Series(String structure, int[] components, double[] values, boolean[] converged) {
    /** Copies the arrays. */
    public Series {
      components = components.clone();
      values = values.clone();
      converged = converged.clone();
    }

    /** K of every point (a copy). */
    @Override
    public int[] components() {
      return components.clone();
    }

    /** The criterion at every point (a copy). */
    @Override
    public double[] values() {
      return values.clone();
    }

    /** Whether each point converged (a copy). */
    @Override
    public boolean[] converged() {
      return converged.clone();
    }
  }

  /** The chart data: one series per structure, in the options' order. */
  public List<Series> series(Criterion criterion) {
    List<Series> out = new ArrayList<>();
    for (Structure s : options.structures()) {
      List<Integer> ks = options.components();
      int[] k = new int[ks.size()];
      double[] v = new double[ks.size()];
      boolean[] conv = new boolean[ks.size()];
      for (int i = 0; i < ks.size(); i++) {
        CellResult c = cell(s.label(), ks.get(i)).orElseThrow();
        k[i] = ks.get(i);
        v[i] = c.value(criterion);
        conv[i] = c.status() == CellStatus.CONVERGED;
      }
      out.add(new Series(s.label(), k, v, conv));
    }
    return out;
  }
}
