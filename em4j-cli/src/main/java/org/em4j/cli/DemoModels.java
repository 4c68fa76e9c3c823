package org.em4j.cli;

import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.mixture.FitSummary;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;

/**
 * Turns one EM run of a demo (which drives {@code EmEngine.run} itself to print every iteration)
 * into a {@link MixtureModel} with a {@link FitSummary}, so the demo's report and charts are the
 * standard ones of {@code em4j fit}. The summary is built exactly as {@code MixtureFitter} builds
 * it for a single run from a given start ({@link FitSummary#ofSingleRun}).
 */
final class DemoModels {
  private DemoModels() {}

  static <P extends MixtureParameters> MixtureModel<P> of(
      MixtureFamily<P, ?> family, EmRun<P> run, Dataset data, EmOptions options) {
    int p = family.freeParameters(run.parameters(), options.fixed());
    FitSummary summary = FitSummary.ofSingleRun(run, options, p, data.rows(), data.totalWeight());
    return new MixtureModel<>(
        family, run.parameters(), summary, run.parameterTrace(), data.columnNames());
  }
}
