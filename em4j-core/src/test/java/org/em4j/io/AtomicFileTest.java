package org.em4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.em4j.data.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void writesAndReplacesLeavingNoTemporaryFiles() throws IOException {
    Path f = dir.resolve("out.json");
    AtomicFile.writeString(f, "one");
    AtomicFile.writeString(f, "two");
    assertEquals("two", Files.readString(f));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void aFailedWriteKeepsTheOldFile() throws IOException {
    Path f = dir.resolve("out.json");
    AtomicFile.writeString(f, "old");
    assertThrows(
        InputException.class,
        () ->
            AtomicFile.write(
                f,
                w -> {
                  w.write("partial");
                  throw new IOException("disk full");
                }));
    assertEquals("old", Files.readString(f));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void aMissingDirectoryIsNamed() {
    InputException e =
        assertThrows(
            InputException.class,
            () -> AtomicFile.writeString(dir.resolve("no/such/out.json"), "x"));
    assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
  }

  /**
   * A written file gets the permissions any new file gets (the umask's), not the owner-only
   * permissions of a temporary file: a model file is meant to be shared.
   */
  @Test
  void aWrittenFileHasTheUsualPermissions() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
    Path atomic = dir.resolve("atomic.txt");
    AtomicFile.writeString(atomic, "x");
    assertEquals(
        Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
  }
}
