package org.em4j.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import org.em4j.data.InputException;

/**
 * Writes a file so that it either appears complete or not at all: the content goes to a temporary
 * file beside the target, which is then renamed over it. A failure never destroys what the user
 * had at that path.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Something that writes the file's text. */
  @FunctionalInterface
  public interface Content {
    /** Writes to {@code out}. */
    void writeTo(Writer out) throws IOException;
  }

  /**
   * Writes {@code content} to {@code target} atomically.
   *
   * @throws InputException when the file cannot be written (naming it and why)
   */
  public static void write(Path target, Content content) {
    writeStream(
        target,
        out -> {
          Writer w = new java.io.BufferedWriter(
              new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
          content.writeTo(w);
          w.flush();
        });
  }

  /** Writes {@code bytes} to {@code target} atomically (charts, images). */
  public static void writeBytes(Path target, byte[] bytes) {
    writeStream(target, out -> out.write(bytes));
  }

  /** Something that writes the file's bytes. */
  @FunctionalInterface
  private interface ByteContent {
    void writeTo(java.io.OutputStream out) throws IOException;
  }

  private static void writeStream(Path target, ByteContent content) {
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
      // Not Files.createTempFile: its owner-only permissions would become the target's.
      tmp =
          Files.createFile(
              dir.resolve(
                  "."
                      + abs.getFileName()
                      + "."
                      + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                      + ".tmp"));
      try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
        content.writeTo(out);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (AccessDeniedException e) {
      throw new InputException(target + ": cannot be written (permission denied)", e);
    } catch (NoSuchFileException e) {
      throw new InputException(target + ": cannot be written: no such directory", e);
    } catch (IOException e) {
      throw new InputException(target + ": cannot be written: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is all that is left; nothing of the user's was touched
        }
      }
    }
  }

  /** Writes a string atomically. */
  public static void writeString(Path target, String text) {
    write(target, w -> w.write(text));
  }
}
