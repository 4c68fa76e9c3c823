package org.em4j.engine;

import java.util.List;
import org.em4j.data.Dataset;

/**
 * EM accelerated by DAAREM, damped Anderson acceleration with restarts: Henderson and Varadhan,
 * "Damped Anderson acceleration with restarts and monotonicity control for accelerating EM and
 * EM-like algorithms", Journal of Computational and Graphical Statistics 28(4) (2019) 834-846.
 * Written once for every family, in the family's unconstrained parameter view ({@link
 * Family#toUnconstrained}), where every point is a valid model, like {@link Squarem}.
 *
 * <p>With {@code x_k} the accepted iterates in the unconstrained view and {@code f_k = G(x_k) -
 * x_k} the residual of the EM map {@code G}, iteration {@code k} keeps the differences {@code
 * X = [x_j - x_(j-1)]} and {@code F = [f_j - f_(j-1)]} of the last {@code 1 <= c <= m} steps,
 * solves the damped least-squares problem {@code min |f_k - F g|^2 + lambda |g|^2}, and proposes
 * {@code x' = (x_k - X g) + (f_k - F g)}. The damping {@code lambda} makes the squared norm of
 * {@code g} the fraction {@code delta_k = 1 / (1 + alpha^(kappa - s_k))} of the least-squares
 * one, where {@code s_k} counts the accepted proposals: strong damping at first, none later. The
 * history restarts (is emptied) every {@code m} iterations and when a proposal is not a valid
 * model. The settings are those of the R package daarem ({@code daarem()}, version 0.7):
 * order {@code m = min(10, ceil(p / 2))} for {@code p} unconstrained parameters, {@code alpha =
 * 1.2}, {@code kappa = 25}.
 *
 * <p>Monotonicity: the paper and the package accept a proposal whose objective is at least that
 * of {@code x_k} minus {@code mon.tol = 0.01} (epsilon-monotonicity) and otherwise take the EM
 * step {@code G(x_k)}. Here a proposal is accepted only when its log-likelihood is not below that
 * of {@code x_k} ({@code mon.tol = 0}), so the reported log-likelihood never decreases; otherwise
 * the EM step is taken, as in the paper. With strict acceptance the cycle-level check of the
 * package ({@code cycl.mon.tol}, which undoes damping when a cycle ends lower than it began) can
 * never fire and is left out.
 *
 * <p>Cost: the E-step is fused (one pass gives the log-likelihood of the parameters it ran under
 * and the statistics of their EM step), so an accepted proposal costs one pass, a refused one two
 * (the proposal and the EM point), an EM step one. Every pass is counted in {@link
 * EmRun#eSteps()}; {@link EmRun#iterations()} counts the accepted iterates; the trace, the
 * listener and the parameter trace see the accepted iterates only.
 *
 * <p>Convergence: the same rule as {@link Squarem}'s, the estimated gain still to come. After an
 * EM step {@code x_(k-1) -> x_k} the run knows {@code r = x_k - x_(k-1)} and {@code v = f_k -
 * r}, so it stops at {@code x_k} when the gain of that step times {@code max(1, |r| / |v|)} is
 * below the tolerance (per unit of weight). An accepted proposal whose gain is below the tolerance
 * is followed by one EM step (not a proposal) so that the test can be made; that EM step is an
 * ordinary accepted iterate of the run. An EM step that lowers the log-likelihood (by rounding,
 * at a fixed point) ends the run at the iterate before it.
 *
 * <p>Not supported: checkpoints ({@link EmEngine#fit} refuses a checkpointer or a state to resume
 * with DAAREM, since {@link FitState} does not hold the Anderson history). Measured against plain
 * EM and SQUAREM in {@code docs/performance.md} ("DAAREM"): far fewer passes when EM is slow on a
 * well-identified model, many more on over-fitted ones, where most proposals are refused.
 *
 * @implNote The damped least-squares problem is solved through the singular value decomposition
 *     of {@code F} (one-sided Jacobi, exact to rounding for the at most 10 columns); singular
 *     values below {@code 1e-13} of the largest are treated as zero. {@code lambda} solves
 *     {@code |g(lambda)| = sqrt(delta_k) |g(0)|} by bisection on {@code log lambda} with Newton
 *     steps on {@code 1 / |g(lambda)|} (Hebden's form), to a relative error of {@code 1e-10}.
 *     Fixed parameter groups are re-imposed exactly on every proposal from the accepted iterate
 *     ({@link Family#withFixedGroups}).
 */
final class Daarem {
  /** Largest order (number of differences kept), the package's {@code order}. */
  static final int ORDER = 10;

  /** Base of the damping schedule, the package's {@code alpha}. */
  static final double ALPHA = 1.2;

  /** Half-life of the damping, in accepted proposals, the package's {@code kappa}. */
  static final double KAPPA = 25;

  /** Singular values below this fraction of the largest are treated as zero. */
  static final double RANK_TOL = 1e-13;

  private Daarem() {}

  /**
   * See {@link EmEngine#run}; same contract, accelerated: records degenerate components in {@code
   * events} and handles them as {@link EmOptions#onDegenerate()} asks after every accepted iterate
   * ({@link EmEngine#degenerate}).
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
      List<DegenerateEvent> events) {
    Runner<P, S> runner = new Runner<>(family, eStep, sample, n, options, restart, listener);
    runner.events = events;
    return runner.run(start);
  }

  /**
   * The damping {@code lambda >= 0} for which the coefficients {@code c_j(lambda) = d_j b_j /
   * (d_j^2 + lambda)} have the norm {@code ratio} times that of {@code c_j(0) = b_j / d_j}.
   *
   * @param d positive singular values; not modified
   * @param b the residual's coordinates on the left singular vectors; not modified
   * @param ratio in (0, 1]
   */
  static double damping(double[] d, double[] b, double ratio) {
    double ls = 0;
    double du = 0;
    for (int j = 0; j < d.length; j++) {
      ls += (b[j] / d[j]) * (b[j] / d[j]);
      du += (d[j] * b[j]) * (d[j] * b[j]);
    }
    double target = ratio * Math.sqrt(ls);
    if (!(target > 0) || ratio >= 1) {
      return 0;
    }
    // norm(lambda) <= |D b| / lambda, so the root lies below hi.
    double lo = 0;
    double hi = Math.sqrt(du) / target;
    double lambda = Math.sqrt(hi * Math.min(hi, d[d.length - 1] * d[d.length - 1]));
    for (int it = 0; it < 200; it++) {
      double s2 = 0;
      double ds = 0;
      for (int j = 0; j < d.length; j++) {
        double q = d[j] * b[j] / (d[j] * d[j] + lambda);
        s2 += q * q;
        ds += q * q / (d[j] * d[j] + lambda);
      }
      double s = Math.sqrt(s2);
      if (Math.abs(s - target) <= 1e-10 * target) {
        return lambda;
      }
      if (s > target) {
        lo = lambda;
      } else {
        hi = lambda;
      }
      // Newton on 1/s(lambda) - 1/target (nearly linear in lambda): d(1/s)/dlambda = ds / s^3.
      double next = lambda + (1 / target - 1 / s) * s2 * s / ds;
      if (!(next > lo && next < hi)) {
        next = lo > 0 ? Math.sqrt(lo * hi) : hi / 2;
      }
      if (next == lambda || hi - lo <= 1e-15 * hi) {
        return next;
      }
      lambda = next;
    }
    return lambda;
  }

  /**
   * The Anderson coefficients {@code g} minimising {@code |f - F g|^2 + lambda |g|^2} with
   * {@code lambda} chosen so that {@code |g|^2 = delta |g_LS|^2}.
   *
   * @param cols the columns of {@code F}, each of length {@code p}; not modified
   * @param f the residual; not modified
   * @param delta the squared-norm ratio, in (0, 1]
   */
  static double[] coefficients(double[][] cols, double[] f, double delta) {
    int q = cols.length;
    int p = f.length;
    double[][] a = new double[q][];
    for (int j = 0; j < q; j++) {
      a[j] = cols[j].clone();
    }
    double[][] v = new double[q][q];
    for (int j = 0; j < q; j++) {
      v[j][j] = 1;
    }
    // One-sided Jacobi: rotate pairs of columns of A (and of V) until they are orthogonal; then
    // A = F V holds U diag(sigma).
    for (int sweep = 0; sweep < 60; sweep++) {
      boolean rotated = false;
      for (int j = 0; j < q - 1; j++) {
        for (int k = j + 1; k < q; k++) {
          double al = 0;
          double be = 0;
          double ga = 0;
          for (int i = 0; i < p; i++) {
            al += a[j][i] * a[j][i];
            be += a[k][i] * a[k][i];
            ga += a[j][i] * a[k][i];
          }
          if (ga == 0 || Math.abs(ga) <= 1e-15 * Math.sqrt(al * be)) {
            continue;
          }
          rotated = true;
          double zeta = (be - al) / (2 * ga);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          if (zeta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(1 + t * t);
          double s = c * t;
          for (int i = 0; i < p; i++) {
            double x = a[j][i];
            double y = a[k][i];
            a[j][i] = c * x - s * y;
            a[k][i] = s * x + c * y;
          }
          for (int i = 0; i < q; i++) {
            double x = v[j][i];
            double y = v[k][i];
            v[j][i] = c * x - s * y;
            v[k][i] = s * x + c * y;
          }
        }
      }
      if (!rotated) {
        break;
      }
    }
    double[] sigma = new double[q];
    double max = 0;
    for (int j = 0; j < q; j++) {
      double s2 = 0;
      for (int i = 0; i < p; i++) {
        s2 += a[j][i] * a[j][i];
      }
      sigma[j] = Math.sqrt(s2);
      max = Math.max(max, sigma[j]);
    }
    int rank = 0;
    for (int j = 0; j < q; j++) {
      if (sigma[j] > RANK_TOL * max) {
        rank++;
      }
    }
    double[] gamma = new double[q];
    if (rank == 0) {
      return gamma;
    }
    double[] d = new double[rank];
    double[] b = new double[rank];
    int[] which = new int[rank];
    int r = 0;
    for (int j = 0; j < q; j++) {
      if (sigma[j] > RANK_TOL * max) {
        double dot = 0;
        for (int i = 0; i < p; i++) {
          dot += a[j][i] * f[i];
        }
        d[r] = sigma[j];
        b[r] = dot / sigma[j];
        which[r] = j;
        r++;
      }
    }
    double lambda = damping(d, b, Math.sqrt(delta));
    for (int t = 0; t < rank; t++) {
      double c = d[t] * b[t] / (d[t] * d[t] + lambda);
      double[] vj = v[which[t]];
      for (int i = 0; i < q; i++) {
        gamma[i] += c * vj[i];
      }
    }
    return gamma;
  }

  /** The state of one run. */
  private static final class Runner<P, S extends Statistics<S>> extends AcceleratedRun<P, S> {
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
      Point<P, S> cur = evaluate(start);
      requireFinite(cur.ll());
      accept(cur);
      double[] tCur = family.toUnconstrained(cur.params());
      int p = tCur.length;
      int order = Math.max(1, Math.min(ORDER, (p + 1) / 2));
      double[][] dx = new double[order][];
      double[][] df = new double[order][];
      int count = 0;
      int shrink = 0;
      // The previous accepted iterate (null after a start or a changed model) and its residual.
      double[] tPrev = null;
      double[] fPrev = null;
      double prevLl = Double.NaN;
      boolean lastWasEm = false;
      boolean needEm = true;
      boolean converged = false;
      while (true) {
        P g = family.maximize(cur.stats(), cur.params(), fixed);
        double[] fCur = minus(family.toUnconstrained(g), tCur);
        if (lastWasEm) {
          // The EM step x_(k-1) -> x_k: r = x_k - x_(k-1) = f_(k-1), v = f_k - f_(k-1).
          double sr2 = 0;
          double sv2 = 0;
          for (int i = 0; i < p; i++) {
            sr2 += fPrev[i] * fPrev[i];
            double vi = fCur[i] - fPrev[i];
            sv2 += vi * vi;
          }
          if (small(remainingGain(cur.ll() - prevLl, sr2, sv2))) {
            converged = true;
            break;
          }
        }
        if (iteration >= options.maxIterations()) {
          break;
        }
        if (tPrev != null) {
          dx[count] = minus(tCur, tPrev);
          df[count] = minus(fCur, fPrev);
          count++;
        }
        Point<P, S> next = null;
        boolean em = needEm || count == 0;
        if (!em) {
          double delta = 1 / (1 + Math.pow(ALPHA, KAPPA - shrink));
          double[] gamma = coefficients(java.util.Arrays.copyOf(df, count), fCur, delta);
          double[] t = new double[p];
          for (int i = 0; i < p; i++) {
            double xb = tCur[i];
            double fb = fCur[i];
            for (int j = 0; j < count; j++) {
              xb -= dx[j][i] * gamma[j];
              fb -= df[j][i] * gamma[j];
            }
            t[i] = xb + fb;
          }
          next = proposal(t, cur);
          if (next == null) {
            count = 0; // an invalid proposal restarts the history, as in the package
          } else if (next.ll() >= cur.ll()) {
            shrink++;
          } else {
            next = null;
          }
        }
        boolean emStep = next == null;
        if (emStep) {
          next = evaluate(g);
          requireFinite(next.ll());
          if (next.ll() < cur.ll()) {
            // An EM step never lowers the log-likelihood: this one did by rounding alone, so cur
            // is a fixed point to machine precision; reporting next would break monotonicity.
            converged = true;
            break;
          }
        }
        if (count == order) {
          count = 0; // the restart every m iterations
        }
        prevLl = cur.ll();
        tPrev = tCur;
        fPrev = fCur;
        lastWasEm = emStep;
        // An accepted proposal that gained less than the tolerance: take an EM step next, so
        // that the convergence test (on an EM step) can be made.
        needEm = !emStep && small(next.ll() - cur.ll());
        cur = next;
        accept(cur);
        P handled =
            EmEngine.degenerate(
                family, sample, n, cur.params(), options, restart, iteration, events);
        if (handled != cur.params()) {
          cur = evaluate(handled); // a changed model: evaluated afresh, a new history
          requireFinite(cur.ll());
          tPrev = null;
          fPrev = null;
          count = 0;
          lastWasEm = false;
          needEm = true;
        }
        tCur = family.toUnconstrained(cur.params());
      }
      return result(cur, converged);
    }

    /**
     * The proposal evaluated, with the fixed groups re-imposed; {@code null} when it is not finite,
     * not a valid model or has a non-finite log-likelihood.
     */
    private Point<P, S> proposal(double[] t, Point<P, S> cur) {
      for (double x : t) {
        if (!Double.isFinite(x)) {
          return null;
        }
      }
      P proposed;
      try {
        proposed = family.withFixedGroups(family.fromUnconstrained(t, cur.params()), cur.params(),
            fixed);
      } catch (DegenerateFitException | IllegalArgumentException e) {
        return null;
      }
      Point<P, S> x = evaluate(proposed);
      return Double.isFinite(x.ll()) ? x : null;
    }

    private static double[] minus(double[] a, double[] b) {
      double[] c = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        c[i] = a[i] - b[i];
      }
      return c;
    }
  }
}
