package org.em4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.mixture.MixtureModel;
import org.em4j.report.FitCharts;
import org.em4j.report.Report;

/** What {@code em4j fit --plots DIR --report FILE} writes. */
final class FitReport {
  private FitReport() {}

  /** Writes the standard charts of the fit into {@code dir}; nothing when it is {@code null}. */
  static List<Path> plots(MixtureModel<?> model, Dataset data, Path dir) {
    if (dir == null) {
      return List.of();
    }
    return FitCharts.write(dir, "", FitCharts.of(model, data, null));
  }

  /** Writes the standard report of the fit; nothing when {@code file} is {@code null}. */
  static void report(MixtureModel<?> model, Dataset data, Path file) {
    if (file == null) {
      return;
    }
    Report.forFit("em4j fit: " + data.source(), model, data, null, List.of())
        .subtitle(model.family().name() + " mixture with " + model.components()
            + " components fitted to " + data.source())
        .build()
        .write(file);
  }
}
