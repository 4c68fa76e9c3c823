package org.em4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --report FILE.html} and {@code --plots DIR}: a mixin for {@code fit} and every demo. */
public final class ReportOptions {
  @Option(
      names = "--report",
      paramLabel = "REPORT.html",
      description = "Write a self-contained HTML report (charts inline, no network needed).")
  Path report;

  @Option(
      names = "--plots",
      paramLabel = "DIR",
      description = "Write the charts as PNG and SVG files into DIR (created if missing).")
  Path plots;

  /** Whether a report or charts were asked for (so the fit must keep its parameter trace). */
  boolean wanted() {
    return report != null || plots != null;
  }
}
