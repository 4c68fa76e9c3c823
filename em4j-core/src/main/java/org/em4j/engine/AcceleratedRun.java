package org.em4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.em4j.data.Dataset;

/**
 * What every accelerated run ({@link Squarem}, {@link Daarem}) shares: the pass counter, the
 * accepted-iterate trace, the listener calls, the finiteness check and the stopping rule on the
 * estimated remaining gain (docs/performance.md, "Convergence of an accelerated run"). The
 * schemes differ only in how they propose the next iterate.
 *
 * @param <P> the family's parameters
 * @param <S> the family's statistics
 */
abstract class AcceleratedRun<P, S extends Statistics<S>> {
  /** Parameters evaluated by one pass: their log-likelihood and the statistics gathered. */
  record Point<P, S>(P params, double ll, S stats) {}

  final Family<P, S> family;
  final EStep<P, S> eStep;
  /** Rows to draw reinitialised components from, or {@code null}. */
  final Dataset sample;
  final EmOptions options;
  final int restart;
  final IterationListener<P> listener;
  final Set<String> fixed;
  /** The total weight of all rows. */
  final double n;
  final List<Double> llTrace = new ArrayList<>();
  final List<P> paramTrace = new ArrayList<>();
  /** Passes over the data so far (the run's {@code eSteps}). */
  int passes;
  /** Accepted iterates so far, the start not counted. */
  int iteration;
  /** Degenerate components found so far. */
  List<DegenerateEvent> events = new ArrayList<>();

  AcceleratedRun(
      Family<P, S> family,
      EStep<P, S> eStep,
      Dataset sample,
      double n,
      EmOptions options,
      int restart,
      IterationListener<P> listener) {
    this.family = family;
    this.eStep = eStep;
    this.sample = sample;
    this.options = options;
    this.restart = restart;
    this.listener = listener;
    this.fixed = options.fixed();
    this.n = n;
  }

  /**
   * The gain of one EM step times {@code max(1, |r| / |v|)}: for an EM map converging linearly at
   * rate rho, {@code |r| / |v|} estimates {@code 1 / (1 - rho)}, so the product bounds the
   * log-likelihood still to gain by EM steps (0 for a zero gain; infinite when {@code v}
   * vanishes but {@code r} does not).
   *
   * @param sr2 squared norm of the EM step {@code r}
   * @param sv2 squared norm of the change {@code v} between two successive EM steps
   */
  static double remainingGain(double gain, double sr2, double sv2) {
    if (gain == 0) {
      return 0;
    }
    double ratio = sv2 > 0 ? Math.sqrt(sr2 / sv2) : sr2 > 0 ? Double.POSITIVE_INFINITY : 1;
    return gain * Math.max(1, ratio);
  }

  /** Whether a change of the total log-likelihood is below the tolerance per unit weight. */
  boolean small(double change) {
    return Math.abs(change) / n < options.tolerance();
  }

  /** One pass over the data at {@code params}. */
  Point<P, S> evaluate(P params) {
    S stats = family.newStatistics(params);
    double ll = eStep.run(params, stats);
    passes++;
    return new Point<>(params, ll, stats);
  }

  void requireFinite(double ll) {
    if (!Double.isFinite(ll)) {
      throw new DegenerateFitException(
          "the log-likelihood became " + ll + " at iteration " + iteration);
    }
  }

  /** Reports {@code p} as the next iterate of the run (the first call reports the start). */
  void accept(Point<P, S> p) {
    if (!llTrace.isEmpty()) {
      iteration++;
    }
    llTrace.add(p.ll());
    if (options.traceParameters()) {
      paramTrace.add(p.params());
    }
    listener.onIteration(restart, iteration, p.ll(), p.params());
  }

  /** The run's result, ending at {@code last}. */
  EmRun<P> result(Point<P, S> last, boolean converged) {
    return new EmRun<>(
        last.params(), last.ll(), iteration, passes, converged, llTrace, paramTrace, events);
  }
}
