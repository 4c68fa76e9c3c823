package org.em4j.spark;

import java.io.Serializable;
import java.util.List;
import org.em4j.data.Dataset;

/**
 * The rows of one Spark partition in em4j's one in-memory form (a dense row-major {@code double[]}
 * plus optional weights): what a partition of {@link SparkData} caches, and what a family's E-step
 * reads, chunk by chunk, as a {@link Dataset} without copying.
 *
 * @param values row-major values, {@code rows * columns} long; not copied, not modified
 * @param rows number of rows
 * @param columns number of columns
 * @param weights per-row weights, or {@code null} for unit weights; not copied, not modified
 * @param partition the Spark partition the rows came from (for messages)
 */
public record Block(double[] values, int rows, int columns, double[] weights, int partition)
    implements Serializable {

  /**
   * The rows as a data set for a family, named so that a message about its row {@code i} reads
   * {@code SOURCE partition P row i}.
   *
   * @param columnNames names of the columns
   * @param source where the data came from
   */
  public Dataset dataset(List<String> columnNames, String source) {
    return new Dataset(values, rows, columns, columnNames, weights, source + " partition " + partition);
  }

  /** Sum of the row weights ({@code rows} when unweighted). */
  double totalWeight() {
    if (weights == null) {
      return rows;
    }
    double s = 0;
    for (double w : weights) {
      s += w;
    }
    return s;
  }
}
