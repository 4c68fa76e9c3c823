package org.em4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.em4j.data.Dataset;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureModel;
import org.em4j.options.DataOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code em4j predict}: the most probable component of every row, optionally with probabilities. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Assign every row to its most probable component (numbered from 1, as in the fit"
            + " summary).")
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "A model file.")
  Path modelFile;

  @Mixin DataOptions input;

  @Option(names = "--proba", description = "Also write each component's posterior probability.")
  boolean proba;

  @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here instead of standard output.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    MixtureModel<?> model = ModelFile.read(modelFile);
    Dataset data = ModelData.read(model, input, null);
    int[] labels = model.predict(data);
    double[][] p = proba ? model.predictProba(data) : null;
    int k = model.components();
    int[] order = MissingNote.sourceOrder(data);
    MissingNote.warnSkipped(data, spec.commandLine().getErr());
    Output.write(
        out,
        spec.commandLine().getOut(),
        w -> {
          w.write("component");
          if (p != null) {
            for (int c = 1; c <= k; c++) {
              w.write(",p" + c);
            }
          }
          w.write('\n');
          for (int i : order) {
            // A row the reader skipped (every value missing) keeps its line, as NA.
            w.write(i < 0 ? "NA" : Integer.toString(labels[i] + 1));
            if (p != null) {
              for (int c = 0; c < k; c++) {
                w.write(',');
                w.write(i < 0 ? "NA" : Double.toString(p[i][c]));
              }
            }
            w.write('\n');
          }
        });
    return Em4jCommand.OK;
  }
}
