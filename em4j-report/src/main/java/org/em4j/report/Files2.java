package org.em4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.em4j.data.InputException;

/**
 * The chart directory of {@code --plots} (the chart files themselves are written by {@link
 * org.em4j.io.AtomicFile}).
 */
final class Files2 {
  private Files2() {}

  /**
   * Makes sure {@code dir} is a directory, creating it (and missing parents) if needed.
   *
   * @throws InputException when it is a file or cannot be created
   */
  static void ensureDirectory(Path dir) {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (Files.exists(dir)) {
      throw new InputException(dir + ": is a file, not a directory for charts");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputException(dir + ": cannot create the directory: " + e.getMessage(), e);
    }
  }
}
