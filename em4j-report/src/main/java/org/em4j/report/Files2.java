package org.em4j.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.em4j.data.InputException;

/**
 * Binary files written atomically (a temporary file beside the target, then renamed over it), as
 * {@link org.em4j.io.AtomicFile} does for text.
 */
final class Files2 {
  private Files2() {}

  static void writeAtomically(Path target, byte[] bytes) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new InputException(target + ": cannot be written: no such directory " + dir);
    }
    if (Files.isDirectory(abs)) {
      throw new InputException(target + ": cannot be written: it is a directory");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new InputException(target + ": cannot be written: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // only our temporary file is left behind
        }
      }
    }
  }

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
