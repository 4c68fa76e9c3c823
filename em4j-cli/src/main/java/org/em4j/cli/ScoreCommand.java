package org.em4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.em4j.data.Dataset;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureModel;
import org.em4j.options.DataOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code em4j score}: log-likelihood of data under a model. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Log-likelihood of the data under a model: mean and total, or per row.")
public final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "A model file.")
  Path modelFile;

  @Mixin DataOptions input;

  @Option(names = "--weights", paramLabel = "COLUMN", description = "Column of per-row weights.")
  String weights;

  @Option(names = "--per-row", description = "Write every row's log density instead.")
  boolean perRow;

  @Option(names = "--out", paramLabel = "FILE.csv", description = "With --per-row: write here.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    MixtureModel<?> model = ModelFile.read(modelFile);
    Dataset data = ModelData.read(model, input, weights);
    if (perRow) {
      double[] s = model.scoreSamples(data);
      int[] order = MissingNote.sourceOrder(data);
      MissingNote.warnSkipped(data, spec.commandLine().getErr());
      Output.write(
          out,
          spec.commandLine().getOut(),
          w -> {
            w.write("logDensity\n");
            for (int i : order) {
              // A row the reader skipped (every value missing) keeps its line, as NA.
              w.write(i < 0 ? "NA" : Double.toString(s[i]));
              w.write('\n');
            }
          });
      return Em4jCommand.OK;
    }
    if (out != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--out goes with --per-row");
    }
    double total = model.logLikelihood(data);
    var o = spec.commandLine().getOut();
    o.printf(Locale.ROOT, "rows %d%n", data.rows());
    String missing = MissingNote.describe(data);
    if (missing != null) {
      o.println(missing);
    }
    o.printf(Locale.ROOT, "mean log-likelihood %.10g%n", total / data.totalWeight());
    o.printf(Locale.ROOT, "total log-likelihood %.10g%n", total);
    o.printf(Locale.ROOT, "BIC %.10g%n", model.bic(data));
    o.printf(Locale.ROOT, "AIC %.10g%n", model.aic(data));
    o.flush();
    return Em4jCommand.OK;
  }
}
