package org.em4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.Acceleration;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.Checkpointer;
import org.em4j.engine.EmOptions;
import org.em4j.engine.FitState;
import org.em4j.engine.InitMethod;
import org.em4j.engine.Statistics;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.ScaleCheck;
import org.em4j.io.CheckpointFile;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import org.em4j.options.DataOptions;
import org.em4j.options.FamilyOptions;
import org.em4j.options.FitOptions;
import org.em4j.options.OptionErrors;
import org.em4j.options.RunOptions;
import org.em4j.options.TraceFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code em4j fit}: fits a mixture to a data file and writes the model. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = "Fit a mixture model with EM and print a summary.")
public final class FitCommand implements Callable<Integer> {
  @Mixin DataOptions input;

  @Mixin RunOptions run;

  @Mixin ReportOptions reporting;

  @Mixin FamilyOptions families;

  @Mixin FitOptions fitting;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description =
          "Save the fit's whole state here (atomically) every --checkpoint-every iterations and"
              + " after every restart, so that --resume can continue it.")
  Path checkpoint;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "N",
      description = "Iterations between two checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointEvery = 10;

  @Option(
      names = "--resume",
      paramLabel = "FILE",
      description =
          "Continue the fit saved in this checkpoint (same data and options; the thread count may"
              + " differ): the model is the same, bit for bit, as an uninterrupted fit's.")
  Path resume;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (checkpointEvery < 1) {
      throw new CommandLine.ParameterException(
          cl, "--checkpoint-every must be at least 1, got " + checkpointEvery);
    }
    if ((checkpoint != null || resume != null) && fitting.acceleration(cl) == Acceleration.DAAREM) {
      throw new CommandLine.ParameterException(
          cl,
          (checkpoint != null ? "--checkpoint" : "--resume")
              + " cannot be used with --accelerate daarem (its Anderson history is not saved);"
              + " use --accelerate squarem or none");
    }
    MixtureModel<?> start = fitting.startModel();
    InitMethod method = fitting.initMethod(cl);
    DiscreteData.Fit discrete = null;
    Dataset data;
    String familyName = families.name(start, cl);
    if (DiscreteData.handles(familyName)) {
      families.discreteOnly(cl);
      discrete =
          DiscreteData.forFit(
              familyName, input, run.weights(), families.successes(), families.trials(), start,
              cl.getErr());
      data = discrete.data();
    } else {
      families.gaussianOnly(cl);
      data = input.read(run.weights(), null);
    }
    int k = fitting.components(start, cl);
    Path trace = fitting.trace();
    Path out = fitting.out();
    boolean quiet = fitting.quiet();
    EmOptions options =
        fitting.emOptions(
            run, k, method, start != null, trace != null || reporting.wanted(), cl);
    MixtureFamily<?, ?> fam =
        discrete != null
            ? discrete.family()
            : families.gaussian(start, fitting.init(), run.regularization(), cl);
    if (!quiet && fam instanceof GaussianFamily g) {
      for (String w : ScaleCheck.warnings(data, g.regularization())) {
        cl.getErr().println("em4j: warning: " + w);
      }
    }
    MixtureModel<?> model = fit(fam, data, options, start == null ? null : start.parameters());
    PrintWriter o = cl.getOut();
    if (out != null) {
      ModelFile.write(model, out, data);
    }
    if (trace != null) {
      TraceFile.write(model, trace);
    }
    List<Path> plotted = FitReport.plots(model, data, reporting.plots);
    FitReport.report(model, data, reporting.report);
    if (!quiet) {
      Summary.print(model, data, o);
      if (out != null) {
        o.println("model written to " + out);
      }
      if (trace != null) {
        o.println("trace written to " + trace);
      }
      if (reporting.plots != null) {
        o.println(plotted.size() + " chart files written to " + reporting.plots);
      }
      if (reporting.report != null) {
        o.println("report written to " + reporting.report);
      }
      o.flush();
    }
    return Em4jCommand.OK;
  }

  @SuppressWarnings("unchecked")
  private <P extends MixtureParameters, S extends Statistics<S>> MixtureModel<P> fit(
      MixtureFamily<P, S> fam, Dataset data, EmOptions options, Object start) {
    Checkpointer<P> saver = Checkpointer.none();
    if (checkpoint != null) {
      try {
        saver = new CheckpointFile<>(checkpoint, checkpointEvery);
      } catch (IllegalArgumentException e) {
        throw OptionErrors.of(spec.commandLine(), e);
      }
    }
    FitState<P> state = resume == null ? null : CheckpointFile.read(resume);
    try (Progress<P> progress =
            Progress.create(options, !fitting.quiet(), spec.commandLine().getErr());
        ChunkExecutor exec = ChunkExecutor.create(options.threads())) {
      MixtureFitter<P, S> fitter = new MixtureFitter<>(fam, options, progress);
      try {
        return fitter.fit(data, (P) start, exec, saver, state);
      } catch (IllegalArgumentException e) {
        if (state != null && e.getMessage().startsWith("the saved state is of another fit")) {
          throw new InputException(resume + ": " + e.getMessage(), e);
        }
        throw e;
      }
    }
  }

}
