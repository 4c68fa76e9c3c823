package org.em4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.em4j.io.AtomicFile;

/** Where a command's table goes: a file (written atomically) or standard output. */
final class Output {
  private Output() {}

  static void write(Path file, PrintWriter stdout, AtomicFile.Content content) {
    if (file != null) {
      AtomicFile.write(file, content);
      return;
    }
    try {
      content.writeTo(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stdout.flush();
  }
}
