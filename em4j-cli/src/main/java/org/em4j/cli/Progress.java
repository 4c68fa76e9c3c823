package org.em4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.em4j.engine.EmOptions;
import org.em4j.engine.IterationListener;

/**
 * A progress bar over the iterations of every run, drawn on the terminal's error stream only when
 * there is a terminal; otherwise (a pipe, a test, CI) it does nothing.
 */
final class Progress<P> implements IterationListener<P>, AutoCloseable {
  private final ProgressBar bar;
  private final int perRun;

  private Progress(ProgressBar bar, int perRun) {
    this.bar = bar;
    this.perRun = perRun;
  }

  static <P> Progress<P> create(EmOptions options, boolean enabled, PrintWriter err) {
    if (!enabled || System.console() == null) {
      return new Progress<>(null, 0);
    }
    int perRun = options.maxIterations() + 1;
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("EM")
            .setInitialMax((long) perRun * options.restarts())
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .setUpdateIntervalMillis(200)
            .hideEta()
            .build();
    return new Progress<>(bar, perRun);
  }

  @Override
  public void onIteration(int restart, int iteration, double logLikelihood, P params) {
    if (bar != null) {
      bar.stepTo((long) restart * perRun + iteration);
      bar.setExtraMessage(
          String.format(Locale.ROOT, "run %d, log-likelihood %.6g", restart + 1, logLikelihood));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
