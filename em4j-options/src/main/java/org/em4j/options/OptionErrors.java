package org.em4j.options;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns the library's messages about a setting ({@code restarts must be at least 1, got 0}) into
 * messages that name the command-line option the user typed ({@code --restarts must be at least
 * 1, got 0}), so every bad option value is reported by its option name with exit code 2.
 */
public final class OptionErrors {
  /** Leading words of {@link org.em4j.engine.EmOptions} and family messages, and their option. */
  private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    OPTIONS.put("components ", "--components");
    OPTIONS.put("max iterations ", "--max-iter");
    OPTIONS.put("tolerance ", "--tol");
    OPTIONS.put("restarts ", "--restarts");
    OPTIONS.put("threads ", "--threads");
    OPTIONS.put("regularization ", "--reg");
    OPTIONS.put("checkpoint every ", "--checkpoint-every");
    OPTIONS.put("on-degenerate ", "--on-degenerate");
    OPTIONS.put("degenerate weight ", "--degenerate-weight");
  }

  private OptionErrors() {}

  /**
   * The message with its leading setting name replaced by the option name, or the message as it
   * is when it does not start with a known setting.
   */
  public static String rename(String message) {
    for (Map.Entry<String, String> e : OPTIONS.entrySet()) {
      if (message.startsWith(e.getKey())) {
        return e.getValue() + " " + message.substring(e.getKey().length());
      }
    }
    return message;
  }

  /** A usage error (exit code 2) for a setting the library refused. */
  public static CommandLine.ParameterException of(CommandLine cl, IllegalArgumentException e) {
    return new CommandLine.ParameterException(cl, rename(e.getMessage()), e);
  }
}
