package org.em4j.spark.cli;

import java.io.PrintWriter;
import org.em4j.data.InputException;
import org.em4j.engine.DegenerateFitException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code em4j-spark} command: em4j's commands with Apache Spark doing the passes over the
 * data. The main class of {@code em4j-spark.jar} for {@code spark-submit}, and what {@code ./em4j
 * fit --spark MASTER ...} runs. Exit codes as {@code em4j}'s: 0 success, 2 bad usage or input, 1
 * a failed fit or an internal error.
 */
@Command(
    name = "em4j-spark",
    mixinStandardHelpOptions = true,
    description = "Fit latent-variable models with EM on Apache Spark.",
    subcommands = {SparkFitCommand.class, CommandLine.HelpCommand.class})
public final class Em4jSparkCommand implements Runnable {
  /** Exit code of a success. */
  public static final int OK = 0;

  /** Exit code of a failure of the fit or of em4j itself. */
  public static final int FAILURE = 1;

  /** Exit code of bad usage or bad input. */
  public static final int BAD_INPUT = 2;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a command");
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** A configured command line, for {@link #main} and for in-process tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Em4jSparkCommand());
    cl.setExitCodeExceptionMapper(Em4jSparkCommand::exitCode);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          boolean debugging =
              parseResult.hasMatchedOption("--debug")
                  || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
          report(ex, err, debugging);
          return exitCode(ex);
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("em4j: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return BAD_INPUT;
        });
    return cl;
  }

  private static void report(Exception ex, PrintWriter err, boolean debugging) {
    if (ex instanceof InputException || ex instanceof IllegalArgumentException) {
      err.println("em4j: " + ex.getMessage());
    } else if (ex instanceof DegenerateFitException) {
      err.println("em4j: the fit failed: " + ex.getMessage());
    } else {
      err.println("em4j: internal error: " + ex + " (run with --debug for details)");
    }
    if (debugging) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  private static int exitCode(Throwable ex) {
    if (ex instanceof InputException
        || ex instanceof IllegalArgumentException
        || ex instanceof CommandLine.ParameterException) {
      return BAD_INPUT;
    }
    return FAILURE;
  }
}
