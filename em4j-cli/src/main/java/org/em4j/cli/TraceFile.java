package org.em4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.em4j.io.AtomicFile;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;

/** Writes a fit's trace: one CSV row per iteration, log-likelihood then every parameter. */
final class TraceFile {
  private TraceFile() {}

  static <P extends MixtureParameters> void write(MixtureModel<P> model, Path file) {
    MixtureFamily<P, ?> family = model.family();
    List<P> params = model.parameterTrace();
    List<Double> lls = model.fit().logLikelihoodTrace();
    AtomicFile.write(
        file,
        w -> {
          w.write("iteration,logLikelihood");
          for (String name : family.parameterNames(model.parameters())) {
            w.write(',');
            w.write(name);
          }
          w.write('\n');
          for (int i = 0; i < params.size(); i++) {
            w.write(Integer.toString(i));
            w.write(',');
            w.write(Double.toString(lls.get(i)));
            for (double v : family.flatten(params.get(i))) {
              w.write(',');
              w.write(Double.toString(v));
            }
            w.write('\n');
          }
        });
  }
}
