package org.em4j.cli;

import org.em4j.options.ErrorHandling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code em4j} command; the work is done by its subcommands. */
@Command(
    name = "em4j",
    mixinStandardHelpOptions = true,
    versionProvider = Em4jCommand.Version.class,
    description = "Fit latent-variable models with the Expectation-Maximization algorithm.",
    subcommands = {
      FitCommand.class,
      SelectCommand.class,
      PredictCommand.class,
      ScoreCommand.class,
      SampleCommand.class,
      ImputeCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Em4jCommand implements Runnable {
  /** Exit code of a success. */
  public static final int OK = ErrorHandling.OK;

  /** Exit code of a failure of the fit or of em4j itself. */
  public static final int FAILURE = ErrorHandling.FAILURE;

  /** Exit code of bad usage or bad input. */
  public static final int BAD_INPUT = ErrorHandling.BAD_INPUT;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces of errors.")
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
    return ErrorHandling.install(new CommandLine(new Em4jCommand()));
  }

  /** The version from the jar's manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Em4jCommand.class.getPackage().getImplementationVersion();
      return new String[] {"em4j " + (v == null ? "development" : v)};
    }
  }
}
