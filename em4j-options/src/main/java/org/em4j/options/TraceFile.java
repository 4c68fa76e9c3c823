package org.em4j.options;

import java.nio.file.Path;
import java.util.List;
import org.em4j.io.AtomicFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;

/**
 * Writes a fit's trace: one CSV row per iteration, the log-likelihood, then every parameter. When
 * a component degenerated during the fit, a {@code degenerate} column follows the log-likelihood:
 * empty, or the events of that iteration ({@code "component 2 ...: dropped"}, joined by {@code
 * ;}). After a component is dropped the rows have fewer parameter
 * columns: the remaining components, renumbered. {@code em4j fit --trace} and {@code em4j-spark
 * fit --trace} both write it.
 */
public final class TraceFile {
  private TraceFile() {}

  /** Writes the trace of {@code model} (fitted with its parameter trace kept) to {@code file}. */
  public static <P extends MixtureParameters> void write(MixtureModel<P> model, Path file) {
    MixtureFamily<P, ?> family = model.family();
    List<P> params = model.parameterTrace();
    List<Double> lls = model.fit().logLikelihoodTrace();
    AtomicFile.write(
        file,
        w -> {
          boolean events = !model.fit().degenerateEvents().isEmpty();
          w.write(events ? "iteration,logLikelihood,degenerate" : "iteration,logLikelihood");
          for (String name : family.parameterNames(params.isEmpty() ? model.parameters() : params.get(0))) {
            w.write(',');
            w.write(name);
          }
          w.write('\n');
          for (int i = 0; i < params.size(); i++) {
            w.write(Integer.toString(i));
            w.write(',');
            w.write(Double.toString(lls.get(i)));
            if (events) {
              w.write(',');
              w.write(eventsAt(model, i));
            }
            for (double v : family.flatten(params.get(i))) {
              w.write(',');
              w.write(Double.toString(v));
            }
            w.write('\n');
          }
        });
  }

  /** The chosen run's degenerate events at one iteration, as a CSV cell (quoted, or empty). */
  private static String eventsAt(MixtureModel<?> model, int iteration) {
    StringBuilder ev = new StringBuilder();
    for (org.em4j.engine.DegenerateEvent e : model.fit().degenerateEvents()) {
      if (e.restart() == model.fit().bestRestart() && e.iteration() == iteration) {
        ev.append(ev.length() == 0 ? "" : "; ")
            .append("component ").append(e.component() + 1).append(' ')
            .append(e.reason()).append(": ").append(e.action());
      }
    }
    return ev.length() == 0 ? "" : '"' + ev.toString().replace("\"", "\"\"") + '"';
  }
}
