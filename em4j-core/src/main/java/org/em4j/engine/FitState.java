package org.em4j.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.em4j.data.Dataset;

/**
 * Everything a fit with restarts needs to continue exactly where it stopped: which restart was
 * running, what the finished restarts reached (and the best of them, whole), and the running
 * restart's parameters, iteration counter and log-likelihood trace. Written by a {@link
 * Checkpointer} every few iterations; {@link EmEngine#fit(Family, Dataset, EmOptions, Object,
 * ChunkExecutor, IterationListener, Checkpointer, FitState)} continues from it.
 *
 * <p>No random generator state is stored: restart {@code r} draws its start from the {@code
 * (r+1)}-th {@code split()} of {@code new SplittableRandom(seed)}, which the engine recomputes,
 * and a running restart needs no randomness after its start. The EM steps themselves are
 * deterministic (chunks merged in a fixed order), so a resumed fit reaches the same model, bit
 * for bit, as one that was never stopped.
 *
 * @param fingerprint the family, the settings that change results, and the data, so a state is
 *     never resumed on something else (see {@link #fingerprint})
 * @param restart the restart running when the state was saved (or the next one to run)
 * @param runLogLikelihoods final log-likelihood of restarts {@code 0 .. restart-1} (NaN: failed)
 * @param runFailures why each of those failed, or {@code null}
 * @param bestRestart index of the best finished restart, or -1
 * @param best that restart's whole run, or {@code null}
 * @param params the running restart's parameters at iteration {@code iteration}, before its
 *     E-step; {@code null} when restart {@code restart} has not started
 * @param iteration M-steps done in the running restart
 * @param logLikelihoodTrace log-likelihoods of its iterations {@code 0 .. iteration-1}
 * @param parameterTrace its parameters at those iterations (empty unless traced)
 * @param degenerateEvents every degenerate component so far, of finished restarts and of the
 *     running one
 * @param eSteps passes over the data done by the running restart
 * @param stepMax the running restart's SQUAREM step-length cap ({@code NaN} for plain EM)
 * @param <P> the family's parameters
 */
public record FitState<P>(
    String fingerprint,
    int restart,
    double[] runLogLikelihoods,
    List<String> runFailures,
    int bestRestart,
    SavedRun<P> best,
    P params,
    int iteration,
    List<Double> logLikelihoodTrace,
    List<P> parameterTrace,
    List<DegenerateEvent> degenerateEvents,
    int eSteps,
    double stepMax)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Copies the arrays and lists. */
  public FitState {
    runLogLikelihoods = runLogLikelihoods.clone();
    runFailures = new ArrayList<>(runFailures);
    logLikelihoodTrace = new ArrayList<>(logLikelihoodTrace);
    parameterTrace = new ArrayList<>(parameterTrace);
    degenerateEvents = new ArrayList<>(degenerateEvents);
  }

  /** Final log-likelihoods of the finished restarts (a copy). */
  @Override
  public double[] runLogLikelihoods() {
    return runLogLikelihoods.clone();
  }

  /**
   * A finished run in serialisable form ({@link EmRun} itself is not serialisable).
   *
   * @param <P> the family's parameters
   */
  public record SavedRun<P>(
      P parameters,
      double logLikelihood,
      int iterations,
      int eSteps,
      boolean converged,
      List<Double> logLikelihoodTrace,
      List<P> parameterTrace,
      List<DegenerateEvent> degenerateEvents)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the lists into serialisable ones. */
    public SavedRun {
      logLikelihoodTrace = new ArrayList<>(logLikelihoodTrace);
      parameterTrace = new ArrayList<>(parameterTrace);
      degenerateEvents = new ArrayList<>(degenerateEvents);
    }

    static <P> SavedRun<P> of(EmRun<P> run) {
      return new SavedRun<>(
          run.parameters(), run.logLikelihood(), run.iterations(), run.eSteps(), run.converged(),
          run.logLikelihoodTrace(), run.parameterTrace(), run.degenerateEvents());
    }

    EmRun<P> toRun() {
      return new EmRun<>(
          parameters, logLikelihood, iterations, eSteps, converged, logLikelihoodTrace,
          parameterTrace, degenerateEvents);
    }
  }

  /**
   * What a state must match to be resumed: the family with its settings (its serialised form),
   * every option except the thread count (which does not change results), and the data (shape,
   * a hash of every value and weight).
   */
  public static String fingerprint(Family<?, ?> family, EmOptions options, Dataset data) {
    int familyHash;
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(family);
      out.flush();
      familyHash = Arrays.hashCode(bytes.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("the family cannot be serialised", e);
    }
    int dataHash = Arrays.hashCode(data.values());
    double[] w = new double[data.rows()];
    for (int i = 0; i < w.length; i++) {
      w[i] = data.weight(i);
    }
    dataHash = 31 * dataHash + Arrays.hashCode(w);
    return family.name() + "#" + Integer.toHexString(familyHash)
        + " k=" + options.components() + " maxIter=" + options.maxIterations()
        + " tol=" + options.tolerance() + " restarts=" + options.restarts()
        + " seed=" + options.seed() + " chunkRows=" + options.chunkRows()
        + " init=" + options.init() + " fixed=" + new TreeSet<>(options.fixed())
        + " trace=" + options.traceParameters()
        + " onDegenerate=" + options.onDegenerate() + " degenerateWeight=" + options.degenerateWeight()
        + " data=" + data.rows() + "x" + data.columns() + "#" + Integer.toHexString(dataHash);
  }
}
