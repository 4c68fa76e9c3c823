package org.em4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code em4j demo}: classic EM experiments, run for real and printed as tables. Each demo is a
 * subcommand whose data and starting values are options.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a classic EM experiment and print what EM does.",
    subcommands = {HeightsCommand.class, CoinsDemo.class, ThreeCoinsDemo.class})
public final class DemoCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing a demo name");
  }
}
