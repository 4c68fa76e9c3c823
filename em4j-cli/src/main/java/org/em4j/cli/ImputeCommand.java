package org.em4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.em4j.data.CsvTable;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.gaussian.GaussianImputer;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureModel;
import org.em4j.options.DataOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code em4j impute}: fills the missing values of a data file under a fitted Gaussian mixture
 * (see {@link GaussianImputer}). The file is written back as it was (same columns, header and
 * delimiter; every other cell with its original text); only the missing cells of the model's
 * columns change. With {@code --draws M} it writes M multiple imputations one after another, with
 * a first column {@code draw} numbering them from 1.
 */
@Command(
    name = "impute",
    mixinStandardHelpOptions = true,
    description = {
      "Fill missing values under a fitted Gaussian mixture.",
      "Each missing value (empty, NA, NaN, nan) of the model's columns gets its conditional"
          + " expectation given the row's observed values, or, with --draws M, M multiple"
          + " imputations are drawn from the conditional distribution.",
      "The file is written back unchanged otherwise. With --draws, a first column 'draw'"
          + " (1..M) is added and the M imputed copies of the data follow one another."
    })
public final class ImputeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "A model file.")
  Path modelFile;

  @Mixin DataOptions input;

  @Option(
      names = "--out",
      paramLabel = "FILE.csv",
      description = "Write here instead of standard output.")
  Path out;

  @Option(
      names = "--draws",
      paramLabel = "M",
      description = "Write M imputations drawn from the conditional distribution.")
  Integer draws;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Random seed of the draws (default: 0).")
  Long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (draws != null && draws < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--draws must be at least 1, got " + draws);
    }
    if (seed != null && draws == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--seed goes with --draws (the conditional expectation is not random)");
    }
    MixtureModel<?> model = ModelFile.read(modelFile);
    if (!(model.parameters() instanceof GaussianParameters params)) {
      throw new InputException(
          modelFile + ": is a " + model.family().name() + " model; impute needs a gaussian one");
    }
    CsvTable table = input.readTable(model.columnNames());
    Dataset data = table.data();
    List<double[]> filled = new ArrayList<>();
    if (draws == null) {
      filled.add(GaussianImputer.conditionalMeans(params, data));
    } else {
      SplittableRandom root = new SplittableRandom(seed == null ? 0 : seed);
      for (int m = 0; m < draws; m++) {
        filled.add(GaussianImputer.draw(params, data, root.split()));
      }
    }
    Output.write(out, spec.commandLine().getOut(), w -> write(table, filled, w));
    if (out != null) {
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "imputed %d missing values in %d rows%s; written to %s%n",
              data.missingCells(),
              data.incompleteRows(),
              draws == null ? "" : " (" + draws + " draws)",
              out);
      spec.commandLine().getOut().flush();
    }
    return Em4jCommand.OK;
  }

  private void write(CsvTable table, List<double[]> filled, Writer w) throws IOException {
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setDelimiter(table.delimiter()).setRecordSeparator("\n").build();
    CSVPrinter printer = new CSVPrinter(w, format);
    boolean numbered = draws != null;
    if (table.header() != null) {
      List<String> head = new ArrayList<>();
      if (numbered) {
        head.add("draw");
      }
      head.addAll(table.header());
      printer.printRecord(head);
    }
    int[] columns = table.columns();
    Dataset data = table.data();
    int d = data.columns();
    double[] x = data.values();
    for (int m = 0; m < filled.size(); m++) {
      double[] values = filled.get(m);
      for (int i = 0; i < data.rows(); i++) {
        List<String> cells = new ArrayList<>(table.cells().get(i));
        for (int j = 0; j < d; j++) {
          if (Double.isNaN(x[i * d + j])) {
            cells.set(columns[j], Double.toString(values[i * d + j]));
          }
        }
        if (numbered) {
          cells.add(0, Integer.toString(m + 1));
        }
        printer.printRecord(cells);
      }
    }
    printer.flush();
  }
}
