package org.em4j.cli;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.em4j.selection.CellListener;
import org.em4j.selection.CellResult;

/**
 * A progress bar over the cells of a selection grid, drawn on the terminal's error stream only
 * when there is a terminal; otherwise (a pipe, a test, CI) it does nothing.
 */
final class SelectProgress implements CellListener, AutoCloseable {
  private final ProgressBar bar;

  private SelectProgress(ProgressBar bar) {
    this.bar = bar;
  }

  static SelectProgress create(int cells, boolean enabled) {
    if (!enabled || System.console() == null) {
      return new SelectProgress(null);
    }
    return new SelectProgress(
        new ProgressBarBuilder()
            .setTaskName("cells")
            .setInitialMax(cells)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .setUpdateIntervalMillis(200)
            .build());
  }

  @Override
  public synchronized void onCell(CellResult cell) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(
          String.format(Locale.ROOT, "%s K=%d %s", cell.structure(), cell.components(),
              cell.status().label()));
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
