package org.em4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.em4j.data.Dataset;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code em4j sample}: draws rows from a model. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Draw rows from a model, as CSV.")
public final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "A model file.")
  Path modelFile;

  @Option(names = "-n", required = true, paramLabel = "N", description = "Number of rows.")
  int n;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(names = "--labels", description = "Add a last column with the component (from 1) of each row.")
  boolean labels;

  @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here instead of standard output.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (n < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "-n must be >= 0, got " + n);
    }
    MixtureModel<?> model = ModelFile.read(modelFile);
    MixtureModel.Sample sample = model.sample(n, seed);
    Dataset data = sample.data();
    List<String> names = data.columnNames();
    int d = data.columns();
    Output.write(
        out,
        spec.commandLine().getOut(),
        w -> {
          w.write(String.join(",", names));
          if (labels) {
            w.write(",component");
          }
          w.write('\n');
          double[] v = data.values();
          for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < d; j++) {
              if (j > 0) {
                w.write(',');
              }
              w.write(ModelData.format(model, j, v[i * d + j]));
            }
            if (labels) {
              w.write(',');
              w.write(Integer.toString(sample.labels()[i] + 1));
            }
            w.write('\n');
          }
        });
    return Em4jCommand.OK;
  }
}
