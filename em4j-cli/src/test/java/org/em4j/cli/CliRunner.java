package org.em4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process with captured output. */
final class CliRunner {
  private CliRunner() {}

  /** What a run printed and returned. */
  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Em4jCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
