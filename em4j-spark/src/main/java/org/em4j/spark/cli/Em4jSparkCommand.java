package org.em4j.spark.cli;

import org.em4j.options.ErrorHandling;
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
  public static final int OK = ErrorHandling.OK;

  /** Exit code of a failure of the fit or of em4j itself. */
  public static final int FAILURE = ErrorHandling.FAILURE;

  /** Exit code of bad usage or bad input. */
  public static final int BAD_INPUT = ErrorHandling.BAD_INPUT;

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
    return ErrorHandling.install(new CommandLine(new Em4jSparkCommand()));
  }
}
