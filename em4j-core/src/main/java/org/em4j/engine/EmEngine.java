package org.em4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;

/**
 * The EM loop, written once for every family (Dempster, Laird and Rubin, "Maximum likelihood from
 * incomplete data via the EM algorithm", JRSS B 1977).
 *
 * <p>Each iteration is one pass over the data: the family's fused E-step runs chunk by chunk on
 * the executor and returns the log-likelihood of the current parameters together with the
 * sufficient statistics, which the M-step turns into the next parameters. The log-likelihood
 * reported for a run is therefore always that of the parameters returned, never of their
 * predecessor.
 *
 * @implNote Convergence compares the change of the average log-likelihood per unit of weight
 *     between consecutive iterations with the tolerance (strictly less than), so a tolerance of 0
 *     runs exactly {@code maxIterations} M-steps and {@code maxIterations + 1} E-steps.
 */
public final class EmEngine {
  private EmEngine() {}

  /**
   * Fits with restarts: draws a start per run (or uses {@code start}), runs EM from each and keeps
   * the run with the highest final log-likelihood.
   *
   * @param start a given start, or {@code null} to draw starts with {@code options.init()}
   * @throws DegenerateFitException when every run degenerates
   */
  public static <P, S extends Statistics<S>> FitResult<P> fit(
      Family<P, S> family,
      Dataset data,
      EmOptions options,
      P start,
      ChunkExecutor exec,
      IterationListener<P> listener) {
    checkFixed(family, options);
    family.validate(data);
    double totalWeight = data.totalWeight();
    if (!(totalWeight > 0)) {
      throw new InputException(data.source() + ": the rows' weights add up to " + totalWeight);
    }
    if (start != null && options.restarts() > 1) {
      throw new IllegalArgumentException(
          "restarts need random starts; a given start is fitted once (got restarts = "
              + options.restarts()
              + ")");
    }
    StartSupplier<P> starts =
        start != null
            ? (r, random) -> start
            : (r, random) ->
                family.initialize(data, options.components(), options.init(), random, exec);
    return fit(
        family,
        (params, stats) -> eStep(family, data, params, stats, options.chunkRows(), exec),
        totalWeight,
        data.rows(),
        options,
        starts,
        listener);
  }

  /**
   * Fits with restarts wherever the data lives: the E-step is given, so the rows may be in memory
   * or on a cluster. Draws a start per run, runs EM from each and keeps the run with the highest
   * final log-likelihood.
   *
   * @param eStep one pass over all rows
   * @param totalWeight number of rows, or the sum of the row weights; positive
   * @param rows number of rows
   * @param starts the start of every run
   * @throws DegenerateFitException when every run degenerates
   */
  public static <P, S extends Statistics<S>> FitResult<P> fit(
      Family<P, S> family,
      EStep<P, S> eStep,
      double totalWeight,
      int rows,
      EmOptions options,
      StartSupplier<P> starts,
      IterationListener<P> listener) {
    checkFixed(family, options);
    if (!(totalWeight > 0) || Double.isInfinite(totalWeight)) {
      throw new IllegalArgumentException(
          "the rows' weights must add up to a positive finite number, got " + totalWeight);
    }
    SplittableRandom root = new SplittableRandom(options.seed());
    int runs = options.restarts();
    double[] lls = new double[runs];
    Arrays.fill(lls, Double.NaN);
    List<String> failures = new ArrayList<>();
    EmRun<P> best = null;
    int bestIndex = -1;
    DegenerateFitException last = null;
    for (int r = 0; r < runs; r++) {
      SplittableRandom random = root.split();
      try {
        P from = starts.start(r, random);
        EmRun<P> run = run(family, eStep, totalWeight, from, options, r, listener);
        lls[r] = run.logLikelihood();
        failures.add(null);
        if (best == null || run.logLikelihood() > best.logLikelihood()) {
          best = run;
          bestIndex = r;
        }
      } catch (DegenerateFitException e) {
        failures.add(e.getMessage());
        last = e;
      }
    }
    if (best == null) {
      throw runs == 1
          ? last
          : new DegenerateFitException(
              "all " + runs + " runs degenerated; the last: " + last.getMessage());
    }
    return new FitResult<>(best, bestIndex, lls, failures, totalWeight, rows);
  }

  /**
   * One EM run from {@code start} until convergence or the iteration limit.
   *
   * @param restart index of this run, passed to the listener
   * @throws DegenerateFitException when the log-likelihood stops being finite or the M-step
   *     cannot produce valid parameters
   */
  public static <P, S extends Statistics<S>> EmRun<P> run(
      Family<P, S> family,
      Dataset data,
      P start,
      EmOptions options,
      ChunkExecutor exec,
      int restart,
      IterationListener<P> listener) {
    return run(
        family,
        (params, stats) -> eStep(family, data, params, stats, options.chunkRows(), exec),
        data.totalWeight(),
        start,
        options,
        restart,
        listener);
  }

  /**
   * One EM run from {@code start} wherever the data lives: the E-step is given.
   *
   * @param eStep one pass over all rows
   * @param n number of rows, or the sum of the row weights
   * @param restart index of this run, passed to the listener
   * @throws DegenerateFitException when the log-likelihood stops being finite or the M-step
   *     cannot produce valid parameters
   */
  public static <P, S extends Statistics<S>> EmRun<P> run(
      Family<P, S> family,
      EStep<P, S> eStep,
      double n,
      P start,
      EmOptions options,
      int restart,
      IterationListener<P> listener) {
    List<Double> llTrace = new ArrayList<>();
    List<P> paramTrace = new ArrayList<>();
    P params = start;
    double previous = Double.NaN;
    boolean converged = false;
    int iteration = 0;
    while (true) {
      S stats = family.newStatistics(params);
      double ll = eStep.run(params, stats);
      if (!Double.isFinite(ll)) {
        throw new DegenerateFitException(
            "the log-likelihood became " + ll + " at iteration " + iteration);
      }
      llTrace.add(ll);
      if (options.traceParameters()) {
        paramTrace.add(params);
      }
      listener.onIteration(restart, iteration, ll, params);
      if (iteration > 0 && Math.abs(ll - previous) / n < options.tolerance()) {
        converged = true;
        break;
      }
      if (iteration >= options.maxIterations()) {
        break;
      }
      params = family.maximize(stats, params, options.fixed());
      previous = ll;
      iteration++;
    }
    return new EmRun<>(
        params, llTrace.get(llTrace.size() - 1), iteration, llTrace.size(), converged, llTrace,
        paramTrace);
  }

  /**
   * One E-step over all rows.
   *
   * @param stats filled with the merged statistics; should start empty
   * @return the weighted log-likelihood of all rows
   */
  public static <P, S extends Statistics<S>> double eStep(
      Family<P, S> family, Dataset data, P params, S stats, int chunkRows, ChunkExecutor exec) {
    return exec.reduce(
        data.rows(),
        chunkRows,
        stats,
        () -> family.newStatistics(params),
        (partial, from, to) -> family.accumulate(params, data, from, to, partial));
  }

  private static void checkFixed(Family<?, ?> family, EmOptions options) {
    for (String g : options.fixed()) {
      if (!family.parameterGroups().contains(g)) {
        throw new IllegalArgumentException(
            "cannot fix '"
                + g
                + "': the "
                + family.name()
                + " family's parameter groups are "
                + String.join(", ", new TreeSet<>(family.parameterGroups())));
      }
    }
  }
}
