package org.em4j.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.DegenerateFitException;
import org.em4j.engine.EmOptions;
import org.em4j.engine.Statistics;
import org.em4j.kernel.LogSumExp;
import org.em4j.mixture.FitSummary;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;

/**
 * Chooses the number of components and the structure of a mixture: fits every cell of a grid
 * (K x structure) with the same restart policy and ranks the cells by an information criterion
 * (see {@link Criterion}), as mclust's {@code Mclust} does (Fraley and Raftery, "Model-based
 * clustering, discriminant analysis, and density estimation", JASA 2002).
 *
 * <pre>{@code
 * var options = new SelectionOptions(
 *     Structure.gaussian(List.of(CovarianceType.values()), GaussianFamily.DEFAULT_REGULARIZATION),
 *     SelectionOptions.range(1, 9), Criterion.BIC,
 *     EmOptions.builder().restarts(5).seed(42).build());
 * SelectionResult result = new ModelSelector(options).select(data);
 * MixtureModel<?> best = result.best().orElseThrow().model();
 * }</pre>
 *
 * <p>Determinism: cell {@code i} (in cell order) is fitted with the seed {@code
 * root.split().nextLong()} of the {@code i}-th split of {@code new SplittableRandom(seed)}, drawn
 * in cell order before any fitting starts. Cells run in parallel as tasks of one {@link
 * ChunkExecutor} (the larger K first, to balance the load), and each cell's fit runs its chunk
 * reductions on that same executor, whose reductions do not depend on the thread count; so the
 * result is bit-identical for any number of threads.
 */
public final class ModelSelector {
  private static final int CHUNK = 1024;

  private final SelectionOptions options;
  private final CellListener listener;

  /** A selector with these settings; reusable for any number of data sets. */
  public ModelSelector(SelectionOptions options) {
    this(options, CellListener.none());
  }

  /**
   * @param options the settings
   * @param listener told about every cell as it finishes (from any thread)
   */
  public ModelSelector(SelectionOptions options, CellListener listener) {
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The settings. */
  public SelectionOptions options() {
    return options;
  }

  /** Fits the grid on a pool of {@code options.em().threads()} threads. */
  public SelectionResult select(Dataset data) {
    try (ChunkExecutor exec = ChunkExecutor.create(options.em().threads())) {
      return select(data, exec);
    }
  }

  /**
   * Fits the grid on the given executor.
   *
   * @throws InputException when the data does not suit one of the structures' families (checked
   *     before any fit); a cell that cannot be fitted (more components than distinct rows, a
   *     degenerate fit) fails alone and is reported in its {@link CellResult}
   */
  public SelectionResult select(Dataset data, ChunkExecutor exec) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(exec, "exec");
    for (Structure s : options.structures()) {
      s.family().validate(data);
    }
    double totalWeight = data.totalWeight();
    if (!(totalWeight > 0)) {
      throw new InputException(data.source() + ": the rows' weights add up to " + totalWeight);
    }
    List<Integer> ks = options.components();
    SplittableRandom root = new SplittableRandom(options.em().seed());
    List<Cell> cells = new ArrayList<>();
    for (Structure s : options.structures()) {
      for (int k : ks) {
        cells.add(new Cell(cells.size(), s, k, root.split().nextLong()));
      }
    }
    // Larger K first: the costliest cells start early, so the pool is not left waiting on one.
    List<Cell> order = new ArrayList<>(cells);
    order.sort(
        Comparator.comparingInt((Cell c) -> -c.components).thenComparingInt(c -> c.index));
    List<Callable<CellResult>> tasks = new ArrayList<>();
    for (Cell c : order) {
      tasks.add(
          () -> {
            CellResult r = fitCell(c, data, exec);
            listener.onCell(r);
            return r;
          });
    }
    List<CellResult> done = exec.map(tasks);
    CellResult[] byIndex = new CellResult[cells.size()];
    for (CellResult r : done) {
      byIndex[r.index()] = r;
    }
    return new SelectionResult(options, List.of(byIndex), totalWeight, data.rows());
  }

  private record Cell(int index, Structure structure, int components, long seed) {}

  private CellResult fitCell(Cell cell, Dataset data, ChunkExecutor exec) {
    return fitCell(cell, cell.structure().family(), data, exec);
  }

  private <P extends MixtureParameters, S extends Statistics<S>> CellResult fitCell(
      Cell cell, MixtureFamily<P, S> family, Dataset data, ChunkExecutor exec) {
    EmOptions em =
        options.em().toBuilder()
            .components(cell.components())
            .seed(cell.seed())
            .traceParameters(false)
            .build();
    String label = cell.structure().label();
    MixtureModel<P> model;
    try {
      model = new MixtureFitter<>(family, em).fit(data, null, exec);
    } catch (DegenerateFitException | InputException e) {
      return CellResult.failed(
          cell.index(), label, cell.components(), cell.seed(), em.restarts(), e.getMessage());
    }
    FitSummary fit = model.fit();
    int failedRuns = 0;
    for (double v : fit.runLogLikelihoods()) {
      if (Double.isNaN(v)) {
        failedRuns++;
      }
    }
    double ll = fit.logLikelihood();
    int p = fit.freeParameters();
    double bic = Criterion.bic(ll, p, fit.totalWeight());
    double map = mapLogPosterior(model, data);
    return new CellResult(
        cell.index(),
        label,
        cell.components(),
        cell.seed(),
        fit.converged() ? CellStatus.CONVERGED : CellStatus.NOT_CONVERGED,
        model,
        ll,
        p,
        bic,
        Criterion.aic(ll, p),
        Criterion.icl(bic, map),
        map,
        em.restarts(),
        failedRuns,
        null);
  }

  /**
   * {@code sum_i w_i log max_k r_ik}: the weighted log posterior of every row's most probable
   * component, in log space ({@code max_k log(w_k f_k(x_i)) - logsumexp_k ...}), chunk by chunk.
   */
  static <P extends MixtureParameters> double mapLogPosterior(MixtureModel<P> model, Dataset data) {
    MixtureFamily<P, ?> family = model.family();
    P params = model.parameters();
    int k = params.components();
    double[] buf = new double[CHUNK * k];
    double sum = 0;
    for (int from = 0; from < data.rows(); from += CHUNK) {
      int to = Math.min(data.rows(), from + CHUNK);
      family.logJoint(params, data, from, to, buf);
      for (int i = from; i < to; i++) {
        double w = data.weight(i);
        if (w == 0) {
          continue;
        }
        int off = (i - from) * k;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, buf[off + c]);
        }
        sum += w * Math.min(0, max - LogSumExp.of(buf, off, k));
      }
    }
    return sum;
  }
}
