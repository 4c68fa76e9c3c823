package org.em4j.spark;

import org.em4j.data.InputException;
import org.em4j.engine.DegenerateFitException;

/**
 * Turns the exception Spark throws on the driver when a task failed back into the em4j exception
 * the task threw, so that a bad cell is reported as an {@link InputException} naming partition,
 * row and column rather than as a stage failure with a stack trace.
 */
final class SparkErrors {
  private SparkErrors() {}

  /**
   * The em4j exception in {@code e}'s causes; else {@code e} itself when unchecked, or wrapped in
   * an {@link IllegalStateException} (Spark throws its checked {@code SparkException} from Scala
   * code without declaring it).
   */
  static RuntimeException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputException
          || t instanceof DegenerateFitException
          || t instanceof IllegalArgumentException) {
        return (RuntimeException) t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }
}
