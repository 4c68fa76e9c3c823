package org.em4j.options;

import java.io.PrintWriter;
import org.em4j.data.InputException;
import org.em4j.engine.DegenerateFitException;
import picocli.CommandLine;

/**
 * How every em4j command line ({@code em4j}, {@code em4j-spark}) answers an error: one line
 * starting with {@code em4j: } on stderr (a stack trace only with {@code --debug}) and the exit
 * code: {@value #OK} success, {@value #BAD_INPUT} bad usage or bad input, {@value #FAILURE} a
 * failed fit or an internal error (docs/errors.md).
 */
public final class ErrorHandling {
  /** Exit code of a success. */
  public static final int OK = 0;

  /** Exit code of a failure of the fit or of em4j itself. */
  public static final int FAILURE = 1;

  /** Exit code of bad usage or bad input. */
  public static final int BAD_INPUT = 2;

  private ErrorHandling() {}

  /** Installs the exit-code mapper and both exception handlers on {@code cl}; returns it. */
  public static CommandLine install(CommandLine cl) {
    cl.setExitCodeExceptionMapper(ErrorHandling::exitCode);
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
