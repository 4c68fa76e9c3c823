package org.em4j.data;

/**
 * A problem with what the user gave: a file, a cell, an option or a model file. The message names
 * the place (file, row, column or parameter) and is meant to be shown as it is.
 */
public class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what is wrong and where */
  public InputException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong and where
   * @param cause the underlying failure
   */
  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
