package org.em4j.engine;

import java.util.List;
import org.em4j.data.Dataset;

/**
 * EM accelerated by SQUAREM, scheme S3: Varadhan and Roland, "Simple and globally convergent
 * methods for accelerating the convergence of any EM algorithm", Scandinavian Journal of
 * Statistics 35 (2008) 335-353. Written once for every family: the extrapolation happens in the
 * family's unconstrained parameter view ({@link Family#toUnconstrained}), where every point is a
 * valid model.
 *
 * <p>One iteration (a cycle) from the accepted iterate {@code p0}: two EM steps {@code p1 =
 * F(p0)}, {@code p2 = F(p1)}; with {@code r = t(p1) - t(p0)} and {@code v = t(p2) - 2 t(p1) +
 * t(p0)} in the unconstrained view {@code t}, the step length {@code a = |r| / |v|} (S3), clamped
 * to {@code [1, stepMax]}; the extrapolated point {@code p' = t^-1(t(p0) + 2 a r + a^2 v)}; then
 * the safeguards of the reference implementation (R package SQUAREM, {@code squarem1} with its
 * defaults {@code step.min0 = 1, step.max0 = 1, mstep = 4}):
 *
 * <ul>
 *   <li>a stabilising EM step: the new iterate is {@code F(p')}, not {@code p'};
 *   <li>a monotonicity check: when {@code F(p')} cannot be formed or its log-likelihood is below
 *       that of {@code p0}, the cycle falls back to the plain EM iterate {@code p2};
 *   <li>the adaptive step cap: {@code stepMax} is multiplied by {@code mstep} whenever the step
 *       length reaches it, and divided by {@code mstep} (not below {@code step.max0}) when a
 *       step of that length had to be rejected.
 * </ul>
 *
 * <p>Because the E-step is fused (one pass gives both the log-likelihood of the parameters it ran
 * under and the statistics of the next M-step), a cycle costs two passes when the step length is
 * 1 (it is then two EM steps), three when the extrapolation is accepted ({@code p1}, {@code p'},
 * {@code F(p')}), and four when it is rejected ({@code p1}, {@code p'}, {@code F(p')}, {@code
 * p2}). Every pass is counted in {@link EmRun#eSteps()}.
 *
 * <p>What a run reports: the trace, the listener and the parameter trace see the accepted
 * iterates only, and the reported log-likelihood never decreases (not even by rounding); {@link
 * EmRun#iterations()} counts the accepted iterates (cycles), {@link EmRun#eSteps()} every pass
 * over the data.
 *
 * <p>Convergence: each cycle begins with the EM step {@code p0 -> p1} from the accepted iterate
 * (as {@code squarem1} tests its residual {@code q1}), and the run stops at {@code p1} when the
 * gain of that step times {@code max(1, |r| / |v|)} is below the tolerance (change of the mean
 * log-likelihood per unit of weight). For an EM map converging linearly at rate {@code rho},
 * {@code |r| / |v|} estimates {@code 1 / (1 - rho)}, so the product bounds the gain still to come
 * (the gains fall by {@code rho^2} per step, leaving {@code rho^2 / (1 - rho^2)} of a step's gain,
 * which is below {@code 1 / (1 - rho)}). Plain EM's test, one step's gain, stops on a flat stretch
 * wherever the path meets one; an accelerated run meets flat stretches in other places than plain
 * EM, and with that test it stopped up to 3e-4 per row below plain EM on Old Faithful (full, K =
 * 3). An EM step that lowers the log-likelihood (by rounding, at a fixed point) ends the run at
 * the iterate before it. The tighter estimate {@code rho^2 / (1 - rho^2)} was measured and still
 * stopped below plain EM on flat stretches, so the bound is used.
 *
 * @implNote Deviations from {@code squarem1}, each on the side of safety: (1) the monotonicity
 *     check allows no decrease at all ({@code objfn.inc = 0}, where the R default 1 lets the
 *     log-likelihood drop by up to 1); (2) a step length within 0.01 of 1 takes the EM iterate
 *     {@code p2} itself, exactly, instead of the extrapolated point with no stabilising step (the
 *     two differ by about 2% of a step at most there, and {@code p2} keeps fixed groups exact); (3) fixed
 *     parameter groups are re-imposed exactly: the stabilising M-step takes their values from
 *     {@code p0} (the last accepted iterate), so extrapolation never moves them, not even by
 *     rounding; (4) an extrapolated point that is not finite, not a valid model or has a
 *     non-finite log-likelihood is rejected like a decrease. The {@code kr} setting of the R
 *     package plays no role in {@code squarem1}. Scheme S3's step is {@code -|r| / |v|} in the
 *     paper's sign convention; the R package and this class write it positive with {@code +2 a
 *     r}.
 */
final class Squarem {
  /** Initial lower bound of the step length ({@code step.min0}). */
  static final double STEP_MIN0 = 1;

  /** Initial cap of the step length ({@code step.max0}). */
  static final double STEP_MAX0 = 1;

  /** Factor by which the cap grows and shrinks ({@code mstep}). */
  static final double MSTEP = 4;

  /** A step length this close to 1 takes the plain EM iterate. */
  static final double NEAR_ONE = 0.01;

  private Squarem() {}

  /**
   * See {@link EmEngine#run}; same contract, accelerated: records degenerate components in {@code
   * events} and handles them as {@link EmOptions#onDegenerate()} asks after every cycle ({@link
   * EmEngine#degenerate}), and saves the run's state with {@code saver} (when not null) every
   * {@code every} cycles.
   *
   * @param eStep one E-step over all rows
   * @param sample rows to draw reinitialised components from, or {@code null}
   * @param n the total weight of all rows
   */
  static <P, S extends Statistics<S>> EmRun<P> run(
      Family<P, S> family,
      EStep<P, S> eStep,
      Dataset sample,
      double n,
      P start,
      EmOptions options,
      int restart,
      IterationListener<P> listener,
      List<DegenerateEvent> events,
      EmEngine.RunSaver<P> saver,
      int every) {
    Runner<P, S> runner = new Squarem.Runner<>(family, eStep, sample, n, options, restart, listener);
    runner.events = events;
    runner.saver = saver;
    runner.every = every;
    return runner.run(start);
  }

  /**
   * Continues a run saved by a checkpoint: the saved parameters are evaluated again (the E-step is
   * deterministic, so this gives the statistics the run had) and the counters, traces and step
   * cap are restored, so the run goes on exactly as if it had not stopped.
   */
  static <P, S extends Statistics<S>> EmRun<P> resume(
      Family<P, S> family,
      EStep<P, S> eStep,
      Dataset sample,
      double n,
      FitState<P> state,
      List<DegenerateEvent> events,
      EmOptions options,
      int restart,
      IterationListener<P> listener,
      EmEngine.RunSaver<P> saver,
      int every) {
    Runner<P, S> runner = new Squarem.Runner<>(family, eStep, sample, n, options, restart, listener);
    runner.events = events;
    runner.saver = saver;
    runner.every = every;
    runner.resumed = state;
    return runner.run(state.params());
  }

  /** The state of one run. */
  private static final class Runner<P, S extends Statistics<S>> extends AcceleratedRun<P, S> {
    /** Saves the run's state every {@code every} cycles, or {@code null}. */
    private EmEngine.RunSaver<P> saver;
    private int every = 1;
    /** The state this run continues, or {@code null} for a fresh run. */
    private FitState<P> resumed;

    Runner(
        Family<P, S> family,
        EStep<P, S> eStep,
        Dataset sample,
        double n,
        EmOptions options,
        int restart,
        IterationListener<P> listener) {
      super(family, eStep, sample, n, options, restart, listener);
    }

    EmRun<P> run(P start) {
      Point<P, S> cur;
      double stepMax = STEP_MAX0;
      if (resumed == null) {
        cur = evaluate(start);
        requireFinite(cur.ll());
        accept(cur);
      } else {
        llTrace.addAll(resumed.logLikelihoodTrace());
        paramTrace.addAll(resumed.parameterTrace());
        iteration = resumed.iteration();
        cur = evaluate(start);
        passes = resumed.eSteps();
        stepMax = resumed.stepMax();
      }
      boolean converged = false;
      while (iteration < options.maxIterations()) {
        // Two EM steps.
        P p1 = family.maximize(cur.stats(), cur.params(), fixed);
        Point<P, S> x1 = evaluate(p1);
        requireFinite(x1.ll());
        P p2 = family.maximize(x1.stats(), p1, fixed);
        double[] t0 = family.toUnconstrained(cur.params());
        double[] t1 = family.toUnconstrained(p1);
        double[] t2 = family.toUnconstrained(p2);
        int m = t0.length;
        double[] r = new double[m];
        double[] v = new double[m];
        double sr2 = 0;
        double sv2 = 0;
        for (int i = 0; i < m; i++) {
          r[i] = t1[i] - t0[i];
          v[i] = (t2[i] - t1[i]) - r[i];
          sr2 += r[i] * r[i];
          sv2 += v[i] * v[i];
        }
        if (x1.ll() < cur.ll()) {
          // An EM step never lowers the log-likelihood: this one did by rounding alone, so cur
          // is a fixed point to machine precision; reporting x1 would break monotonicity.
          converged = true;
          break;
        }
        // The convergence test, on the EM step p0 -> p1 from the accepted iterate: its gain times
        // the estimated number of EM steps still to go, |r| / |v| ~ 1 / (1 - rho) for an EM map
        // converging at rate rho, bounds the gain left to the fixed point. Plain EM's test (one
        // step's gain) stops on a flat stretch; an accelerated run reaches such stretches in
        // other places than plain EM, so it must not stop before the remaining gain is small.
        if (small(remainingGain(x1.ll() - cur.ll(), sr2, sv2))) {
          cur = x1;
          accept(cur);
          converged = true;
          break;
        }
        double alpha = stepLength(sr2, sv2, stepMax);
        Point<P, S> next = null;
        if (alpha - 1 > NEAR_ONE) {
          double[] t = new double[m];
          for (int i = 0; i < m; i++) {
            t[i] = t0[i] + 2 * alpha * r[i] + alpha * alpha * v[i];
          }
          next = stabilised(t, cur);
          if (next == null && alpha == stepMax) {
            stepMax = Math.max(STEP_MAX0, stepMax / MSTEP);
          }
        }
        if (next == null) {
          alpha = 1;
          next = evaluate(p2);
          requireFinite(next.ll());
          if (next.ll() < x1.ll()) {
            // The same rounding at the fixed point: keep the EM iterate p1 and stop.
            next = x1;
            converged = true;
          }
        }
        if (alpha == stepMax) {
          stepMax *= MSTEP;
        }
        cur = next;
        accept(cur);
        P handled =
            EmEngine.degenerate(
                family, sample, n, cur.params(), options, restart, iteration, events);
        if (handled != cur.params()) {
          cur = evaluate(handled); // a changed model: evaluated afresh, no convergence yet
          requireFinite(cur.ll());
          converged = false;
        }
        if (converged) {
          break;
        }
        if (saver != null && iteration % every == 0) {
          saver.save(cur.params(), iteration, llTrace, paramTrace, events, passes, stepMax);
        }
      }
      return result(cur, converged);
    }

    /**
     * The S3 step length {@code |r| / |v|} clamped to {@code [STEP_MIN0, stepMax]}; the cap when
     * {@code v} vanishes (progress along a straight line).
     */
    private static double stepLength(double sr2, double sv2, double stepMax) {
      double alpha = sv2 > 0 ? Math.sqrt(sr2 / sv2) : Double.POSITIVE_INFINITY;
      if (Double.isNaN(alpha)) {
        return STEP_MIN0;
      }
      return Math.max(STEP_MIN0, Math.min(stepMax, alpha));
    }

    /**
     * The stabilised extrapolation {@code F(p')} evaluated, or {@code null} when the extrapolated
     * point or its EM step is not a valid model, or its log-likelihood is below {@code p0}'s.
     */
    private Point<P, S> stabilised(double[] t, Point<P, S> p0) {
      for (double x : t) {
        if (!Double.isFinite(x)) {
          return null;
        }
      }
      P extrapolated;
      try {
        extrapolated = family.fromUnconstrained(t, p0.params());
      } catch (DegenerateFitException e) {
        return null;
      }
      Point<P, S> x = evaluate(extrapolated);
      if (!Double.isFinite(x.ll())) {
        return null;
      }
      P stable;
      try {
        // The values of fixed groups come from p0, exactly (see the class comment).
        stable = family.maximize(x.stats(), p0.params(), fixed);
      } catch (DegenerateFitException e) {
        return null;
      }
      Point<P, S> y = evaluate(stable);
      if (!Double.isFinite(y.ll()) || y.ll() < p0.ll()) {
        return null;
      }
      return y;
    }
  }
}
