package org.em4j.cli;

import org.em4j.data.Dataset;
import org.em4j.discrete.DiscreteFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.options.DataOptions;

/** Reads data for a saved model and writes its values, as the model's family needs. */
final class ModelData {
  private ModelData() {}

  /**
   * The data to predict or score with {@code model}: categorical levels and binomial forms are
   * read the way the model was fitted; other families read numeric columns, preferring the
   * model's own columns.
   */
  static Dataset read(MixtureModel<?> model, DataOptions input, String weights) {
    Dataset discrete = DiscreteData.forModel(model, input, weights);
    return discrete != null ? discrete : input.read(weights, model.columnNames());
  }

  /** A value of column {@code j} as written in CSV output (level names for categorical data). */
  static String format(MixtureModel<?> model, int j, double value) {
    if (model.family() instanceof DiscreteFamily<?> f) {
      return f.formatValue(j, value);
    }
    return Double.toString(value);
  }
}
