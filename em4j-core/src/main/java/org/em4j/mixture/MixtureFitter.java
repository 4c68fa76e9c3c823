package org.em4j.mixture;

import java.util.List;
import java.util.Objects;
import org.em4j.data.Dataset;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.FitResult;
import org.em4j.engine.IterationListener;
import org.em4j.engine.Statistics;

/**
 * Fits a mixture family with EM: the settings (family and {@link EmOptions}) live here, the result
 * is an immutable {@link MixtureModel}. A fitter can be reused for any number of fits; each fit
 * draws its random starts from the options' seed alone.
 *
 * <pre>{@code
 * var fitter = new MixtureFitter<>(new GaussianFamily(CovarianceType.FULL),
 *     EmOptions.builder().components(2).restarts(10).seed(1).build());
 * MixtureModel<GaussianParameters> model = fitter.fit(data);
 * }</pre>
 *
 * @param <P> the family's parameters
 * @param <S> the family's statistics
 */
public final class MixtureFitter<P extends MixtureParameters, S extends Statistics<S>> {
  private final MixtureFamily<P, S> family;
  private final EmOptions options;
  private final IterationListener<P> listener;

  /** A fitter with no iteration listener. */
  public MixtureFitter(MixtureFamily<P, S> family, EmOptions options) {
    this(family, options, IterationListener.none());
  }

  /**
   * @param family the family and its settings
   * @param options the EM settings
   * @param listener told about every iteration of every run
   */
  public MixtureFitter(
      MixtureFamily<P, S> family, EmOptions options, IterationListener<P> listener) {
    this.family = Objects.requireNonNull(family, "family");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The family. */
  public MixtureFamily<P, S> family() {
    return family;
  }

  /** The EM settings. */
  public EmOptions options() {
    return options;
  }

  /** Fits from starts drawn with the options' initialisation method, keeping the best run. */
  public MixtureModel<P> fit(Dataset data) {
    return fit(data, null);
  }

  /**
   * Fits from a given start (or, when {@code start} is {@code null}, from drawn starts).
   *
   * @throws org.em4j.engine.DegenerateFitException when every run degenerates
   */
  public MixtureModel<P> fit(Dataset data, P start) {
    try (ChunkExecutor exec = ChunkExecutor.create(options.threads())) {
      return fit(data, start, exec);
    }
  }

  /**
   * Fits on a given executor (whose thread count then applies, not the options'): for callers
   * that run many fits on one pool, such as model selection.
   *
   * @param start a start, or {@code null} to draw starts
   * @throws org.em4j.engine.DegenerateFitException when every run degenerates
   */
  public MixtureModel<P> fit(Dataset data, P start, ChunkExecutor exec) {
    return fit(data, start, exec, org.em4j.engine.Checkpointer.none(), null);
  }

  /**
   * Fits as {@link #fit(Dataset, Object, ChunkExecutor)} does, saving the fit's state with {@code
   * checkpointer} and continuing from {@code resume} when given (see {@link
   * org.em4j.engine.FitState}): the model is the same, bit for bit, as an uninterrupted fit's.
   *
   * @param resume a state saved by the same fit (family, options, data), or {@code null}
   */
  public MixtureModel<P> fit(
      Dataset data,
      P start,
      ChunkExecutor exec,
      org.em4j.engine.Checkpointer<P> checkpointer,
      org.em4j.engine.FitState<P> resume) {
    Objects.requireNonNull(exec, "exec");
    if (start != null) {
      family.validateFor(start, data);
      if (start.components() != options.components()) {
        throw new IllegalArgumentException(
            "the start has "
                + start.components()
                + " components but the options ask for "
                + options.components());
      }
    }
    FitResult<P> result =
        EmEngine.fit(family, data, options, start, exec, listener, checkpointer, resume);
    return toModel(result, data, start == null ? options.init().label() : "given");
  }

  private MixtureModel<P> toModel(FitResult<P> result, Dataset data, String init) {
    return toModel(family, options, result, data.columnNames(), init);
  }

  /**
   * The fitted model and its summary from the engine's result, for front ends that run the engine
   * themselves (such as the Spark module).
   *
   * @param columnNames names of the training columns, or {@code null}
   * @param init how the starts were drawn ({@code kmeans++}, ..., or {@code given})
   */
  public static <P extends MixtureParameters> MixtureModel<P> toModel(
      MixtureFamily<P, ?> family,
      EmOptions options,
      FitResult<P> result,
      List<String> columnNames,
      String init) {
    EmRun<P> run = result.best();
    int p = family.freeParameters(run.parameters(), options.fixed());
    double ll = run.logLikelihood();
    double n = result.totalWeight();
    List<Double> lls = new java.util.ArrayList<>();
    for (double v : result.runLogLikelihoods()) {
      lls.add(v);
    }
    FitSummary summary =
        new FitSummary(
            ll,
            run.iterations(),
            run.eSteps(),
            run.converged(),
            result.rows(),
            n,
            p,
            FitSummary.bic(ll, p, n),
            FitSummary.aic(ll, p),
            options.restarts(),
            result.bestRestart(),
            lls,
            init,
            options.seed(),
            options.tolerance(),
            options.maxIterations(),
            run.logLikelihoodTrace(),
            options.acceleration().label(),
            result.degenerateEvents());
    return new MixtureModel<>(family, run.parameters(), summary, run.parameterTrace(), columnNames);
  }
}
