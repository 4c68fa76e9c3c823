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
    return fit(family, data, options, start, exec, listener, Checkpointer.none(), null);
  }

  /**
   * Fits with restarts as {@link #fit(Family, Dataset, EmOptions, Object, ChunkExecutor,
   * IterationListener)} does, saving the state with {@code checkpointer} every {@code
   * checkpointer.every()} iterations and after every restart, and continuing from {@code resume}
   * when it is given. A resumed fit reaches the same result, bit for bit, as an uninterrupted one.
   *
   * @param resume a state saved by an earlier fit with the same family, options (threads aside)
   *     and data, or {@code null} to start afresh
   * @throws IllegalArgumentException when {@code resume} was saved for another fit
   */
  public static <P, S extends Statistics<S>> FitResult<P> fit(
      Family<P, S> family,
      Dataset data,
      EmOptions options,
      P start,
      ChunkExecutor exec,
      IterationListener<P> listener,
      Checkpointer<P> checkpointer,
      FitState<P> resume) {
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
    String fingerprint =
        resume == null && checkpointer == Checkpointer.<P>none()
            ? null
            : FitState.fingerprint(family, options, data);
    if (fingerprint != null && options.acceleration() == Acceleration.DAAREM) {
      throw new IllegalArgumentException(
          "checkpoints and resuming are not available with DAAREM acceleration (its"
              + " Anderson history is not saved); use squarem or none");
    }
    StartSupplier<P> starts =
        start != null
            ? (r, random) -> start
            : (r, random) ->
                family.initialize(data, options.components(), options.init(), random, exec);
    return fitRuns(
        family, local(family, data, options, exec), data, totalWeight, data.rows(), options,
        starts, listener, checkpointer, resume, fingerprint);
  }

  /**
   * Fits with restarts over rows that live elsewhere (a cluster): the engine drives the loop,
   * convergence, trace, restarts and degenerate-component policy around {@code eStep}.
   *
   * @param eStep one E-step over all rows
   * @param totalWeight sum of the row weights of all rows
   * @param rows number of rows
   * @param sample rows at hand to draw replacement components from under {@code
   *     --on-degenerate reinit} (a sample collected to the driver), or {@code null}
   * @param starts where each run starts
   * @throws DegenerateFitException when every run degenerates
   */
  public static <P, S extends Statistics<S>> FitResult<P> fit(
      Family<P, S> family,
      EStep<P, S> eStep,
      double totalWeight,
      int rows,
      Dataset sample,
      EmOptions options,
      StartSupplier<P> starts,
      IterationListener<P> listener) {
    checkFixed(family, options);
    if (!(totalWeight > 0) || Double.isInfinite(totalWeight)) {
      throw new IllegalArgumentException(
          "the rows' weights must add up to a positive finite number, got " + totalWeight);
    }
    return fitRuns(
        family, eStep, sample, totalWeight, rows, options, starts, listener,
        Checkpointer.none(), null, null);
  }

  /** The E-step over rows in memory, chunk by chunk on {@code exec}. */
  private static <P, S extends Statistics<S>> EStep<P, S> local(
      Family<P, S> family, Dataset data, EmOptions options, ChunkExecutor exec) {
    return (params, stats) -> eStep(family, data, params, stats, options.chunkRows(), exec);
  }

  /** Restarts, best-run selection and checkpoints around any E-step. */
  private static <P, S extends Statistics<S>> FitResult<P> fitRuns(
      Family<P, S> family,
      EStep<P, S> eStep,
      Dataset sample,
      double totalWeight,
      int rows,
      EmOptions options,
      StartSupplier<P> starts,
      IterationListener<P> listener,
      Checkpointer<P> checkpointer,
      FitState<P> resume,
      String fingerprint) {
    SplittableRandom root = new SplittableRandom(options.seed());
    int runs = options.restarts();
    double[] lls = new double[runs];
    Arrays.fill(lls, Double.NaN);
    List<String> failures = new ArrayList<>();
    EmRun<P> best = null;
    int bestIndex = -1;
    DegenerateFitException last = null;
    List<DegenerateEvent> events = new ArrayList<>();
    int firstRun = 0;
    if (resume != null) {
      if (!resume.fingerprint().equals(fingerprint)) {
        throw new IllegalArgumentException(
            "the saved state is of another fit: it was saved for ["
                + resume.fingerprint()
                + "] but this fit is ["
                + fingerprint
                + "]");
      }
      firstRun = resume.restart();
      double[] saved = resume.runLogLikelihoods();
      System.arraycopy(saved, 0, lls, 0, Math.min(saved.length, runs));
      failures.addAll(resume.runFailures());
      bestIndex = resume.bestRestart();
      for (DegenerateEvent e : resume.degenerateEvents()) {
        if (e.restart() < firstRun) {
          events.add(e);
        }
      }
      best = resume.best() == null ? null : resume.best().toRun();
      for (String f : failures) {
        if (f != null) {
          last = new DegenerateFitException(f);
        }
      }
    }
    for (int r = 0; r < runs; r++) {
      SplittableRandom random = root.split(); // split for every restart, so restart r gets the same generator when resumed
      if (r < firstRun) {
        continue;
      }
      final int restart = r;
      final int bestSoFar = bestIndex;
      final EmRun<P> bestRunSoFar = best;
      RunSaver<P> saver =
          fingerprint == null
              ? null
              : (params, iteration, llTrace, paramTrace, runEvents, eSteps, stepMax) -> {
                List<DegenerateEvent> all = new ArrayList<>(events);
                all.addAll(runEvents);
                checkpointer.save(
                    new FitState<>(
                        fingerprint, restart, Arrays.copyOf(lls, restart), failures, bestSoFar,
                        bestRunSoFar == null ? null : FitState.SavedRun.of(bestRunSoFar),
                        params, iteration, llTrace, paramTrace, all, eSteps, stepMax));
              };
      List<DegenerateEvent> runEvents = new ArrayList<>();
      try {
        EmRun<P> run;
        if (resume != null && r == firstRun && resume.params() != null) {
          for (DegenerateEvent e : resume.degenerateEvents()) {
            if (e.restart() == r) {
              runEvents.add(e);
            }
          }
          run =
              options.acceleration() == Acceleration.SQUAREM
                  ? Squarem.resume(family, eStep, sample, totalWeight, resume, runEvents, options,
                      r, listener, saver, checkpointer.every())
                  : runFrom(family, eStep, sample, totalWeight, resume.params(),
                      resume.iteration(), resume.logLikelihoodTrace(), resume.parameterTrace(),
                      runEvents, options, r, listener, saver, checkpointer.every());
        } else {
          P from = starts.start(r, random);
          run =
              options.acceleration() == Acceleration.SQUAREM
                  ? Squarem.run(family, eStep, sample, totalWeight, from, options, r, listener,
                      runEvents, saver, checkpointer.every())
                  : options.acceleration() == Acceleration.DAAREM
                      ? Daarem.run(family, eStep, sample, totalWeight, from, options, r,
                          listener, runEvents)
                      : runFrom(family, eStep, sample, totalWeight, from, 0, List.of(),
                          List.of(), runEvents, options, r, listener, saver,
                          checkpointer.every());
        }
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
      events.addAll(runEvents);
      if (fingerprint != null) {
        checkpointer.save(
            new FitState<>(
                fingerprint, r + 1, Arrays.copyOf(lls, r + 1), failures, bestIndex,
                best == null ? null : FitState.SavedRun.of(best), null, 0, List.of(), List.of(),
                events, 0, Double.NaN));
      }
    }
    if (best == null) {
      throw runs == 1
          ? last
          : new DegenerateFitException(
              "all " + runs + " runs degenerated; the last: " + last.getMessage());
    }
    return new FitResult<>(best, bestIndex, lls, failures, totalWeight, rows, events);
  }

  /**
   * One EM run from {@code start} until convergence or the iteration limit, with plain EM steps
   * or, as {@link EmOptions#acceleration()} asks, accelerated ones ({@link Squarem}, {@link
   * Daarem}).
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
    EStep<P, S> eStep = local(family, data, options, exec);
    if (options.acceleration() == Acceleration.SQUAREM) {
      return Squarem.run(family, eStep, data, data.totalWeight(), start, options, restart,
          listener, new ArrayList<>(), null, 1);
    }
    if (options.acceleration() == Acceleration.DAAREM) {
      return Daarem.run(family, eStep, data, data.totalWeight(), start, options, restart,
          listener, new ArrayList<>());
    }
    return runFrom(family, eStep, data, data.totalWeight(), start, 0, List.of(), List.of(),
        new ArrayList<>(), options, restart, listener, null, Integer.MAX_VALUE);
  }

  /** Saves a running restart's state (see {@link FitState}). */
  @FunctionalInterface
  interface RunSaver<P> {
    void save(
        P params, int iteration, List<Double> llTrace, List<P> paramTrace,
        List<DegenerateEvent> events, int eSteps, double stepMax);
  }

  /**
   * The EM loop from parameters at a given iteration, with the log-likelihoods (and parameters)
   * of the iterations before it: a fresh run starts at iteration 0 with empty traces, a resumed
   * one where its checkpoint left it. Calls {@code saver} (when not null) every {@code every}
   * iterations, after the M-step, with the state from which the loop would go on.
   */
  private static <P, S extends Statistics<S>> EmRun<P> runFrom(
      Family<P, S> family,
      EStep<P, S> eStep,
      Dataset sample,
      double n,
      P start,
      int startIteration,
      List<Double> llPrefix,
      List<P> paramPrefix,
      List<DegenerateEvent> events,
      EmOptions options,
      int restart,
      IterationListener<P> listener,
      RunSaver<P> saver,
      int every) {
    List<Double> llTrace = new ArrayList<>(llPrefix);
    List<P> paramTrace = new ArrayList<>(paramPrefix);
    P params = start;
    double previous = llTrace.isEmpty() ? Double.NaN : llTrace.get(llTrace.size() - 1);
    boolean converged = false;
    int iteration = startIteration;
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
      P handled = degenerate(family, sample, n, params, options, restart, iteration, events);
      if (handled != params) {
        params = handled;
        previous = Double.NaN; // a changed model: no convergence against the old log-likelihood
      }
      if (saver != null && iteration % every == 0) {
        saver.save(params, iteration, llTrace, paramTrace, events, llTrace.size(), Double.NaN);
      }
    }
    return new EmRun<>(
        params, llTrace.get(llTrace.size() - 1), iteration, llTrace.size(), converged, llTrace,
        paramTrace, events);
  }

  /**
   * Asks the family for degenerate components of the parameters an M-step just produced and
   * applies {@link EmOptions#onDegenerate()}: records each event, then warns (parameters
   * unchanged), reinitialises or drops the components, or fails the run. Reinitialisation draws
   * from a generator derived from the seed, the restart and the iteration only, so checkpoints
   * and thread counts do not change it.
   *
   * @param sample rows to draw reinitialised components from (all rows locally), or {@code null}
   * @param totalWeight sum of the row weights of all rows
   * @return the parameters to go on with ({@code params} itself when nothing changed)
   * @throws DegenerateFitException under {@link DegeneratePolicy#FAIL}
   */
  static <P, S extends Statistics<S>> P degenerate(
      Family<P, S> family,
      Dataset sample,
      double totalWeight,
      P params,
      EmOptions options,
      int restart,
      int iteration,
      List<DegenerateEvent> events) {
    List<Degeneracy> bad =
        family.degenerateComponents(params, totalWeight, options.degenerateWeight());
    if (bad.isEmpty()) {
      return params;
    }
    DegeneratePolicy policy = options.onDegenerate();
    String action =
        switch (policy) {
          case WARN -> "kept (--on-degenerate warn)";
          case REINIT -> "reinitialised";
          case DROP -> "dropped";
          case FAIL -> "the run failed";
        };
    for (Degeneracy d : bad) {
      // under warn a component stays degenerate from one iteration to the next: it is reported
      // the first time only, so a long fit does not record the same event a thousand times
      boolean reported =
          policy == DegeneratePolicy.WARN
              && events.stream()
                  .anyMatch(e -> e.restart() == restart && e.component() == d.component());
      if (!reported) {
        events.add(new DegenerateEvent(restart, iteration, d.component(), d.reason(), action));
      }
    }
    switch (policy) {
      case WARN:
        return params;
      case FAIL: {
        Degeneracy d = bad.get(0);
        throw new DegenerateFitException(
            "component " + (d.component() + 1) + " " + d.reason() + " at iteration " + iteration
                + " (--on-degenerate fail)");
      }
      case DROP: {
        P p = params;
        for (int i = bad.size() - 1; i >= 0; i--) { // from the last, so indices stay valid
          p = family.dropComponent(p, bad.get(i).component());
        }
        return p;
      }
      case REINIT: {
        if (sample == null) {
          throw new IllegalArgumentException(
              "--on-degenerate reinit needs rows at hand to draw a new component from");
        }
        SplittableRandom random =
            new SplittableRandom(options.seed() ^ (0x9E3779B97F4A7C15L * (restart + 1)))
                .split()
                .split();
        random = new SplittableRandom(random.nextLong() + iteration);
        P p = params;
        for (Degeneracy d : bad) {
          p = family.reinitializeComponent(p, d.component(), sample, random);
        }
        return p;
      }
      default:
        throw new AssertionError(policy);
    }
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
