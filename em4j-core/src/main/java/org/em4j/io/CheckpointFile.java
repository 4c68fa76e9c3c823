package org.em4j.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import org.em4j.data.InputException;
import org.em4j.engine.Checkpointer;
import org.em4j.engine.FitState;

/**
 * A fit's {@link FitState} in a file, for {@code em4j fit --checkpoint FILE} and {@code --resume
 * FILE}. The file is a first line {@value #HEADER} followed by the state in Java serialisation
 * (which keeps every double exactly), Base64-encoded; it is written atomically ({@link
 * AtomicFile}), so a fit killed while saving leaves the previous complete checkpoint.
 *
 * <p>A checkpoint is for resuming the same fit with the same em4j: it is not an exchange format
 * (models are, see {@link ModelFile}). Reading accepts only em4j's own classes and the JDK's
 * collections and numbers (an {@link ObjectInputFilter}), never arbitrary classes.
 *
 * @param <P> the family's parameters
 */
public final class CheckpointFile<P> implements Checkpointer<P> {
  /** First line of every checkpoint file. */
  public static final String HEADER = "em4j-checkpoint 1";

  private final Path file;
  private final int every;

  /**
   * @param file where to save
   * @param every iterations between two saves within a run, at least 1
   */
  public CheckpointFile(Path file, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("checkpoint every must be at least 1, got " + every);
    }
    this.file = file;
    this.every = every;
  }

  @Override
  public int every() {
    return every;
  }

  @Override
  public void save(FitState<P> state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    } catch (IOException e) {
      throw new IllegalStateException("the fit's state cannot be serialised", e);
    }
    String text = HEADER + "\n" + Base64.getMimeEncoder().encodeToString(bytes.toByteArray()) + "\n";
    AtomicFile.writeString(file, text);
  }

  /**
   * Reads a checkpoint.
   *
   * @throws InputException naming the file when it is missing, unreadable or not a checkpoint
   */
  @SuppressWarnings("unchecked")
  public static <P> FitState<P> read(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new InputException(name + ": cannot be read (permission denied)", e);
    } catch (IOException e) {
      throw new InputException(name + ": cannot be read: " + e.getMessage(), e);
    }
    int nl = text.indexOf('\n');
    if (nl < 0 || !text.substring(0, nl).equals(HEADER)) {
      throw new InputException(name + ": is not an em4j checkpoint (expected a first line '" + HEADER + "')");
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(text.substring(nl + 1).trim());
    } catch (IllegalArgumentException e) {
      throw new InputException(name + ": is a damaged em4j checkpoint (" + e.getMessage() + ")", e);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(CheckpointFile::allowed);
      Object o = in.readObject();
      if (!(o instanceof FitState<?> state)) {
        throw new InputException(name + ": is not an em4j checkpoint");
      }
      return (FitState<P>) state;
    } catch (InvalidClassException e) {
      throw new InputException(
          name + ": was written by another version of em4j or holds a foreign class (" + e.getMessage() + ")", e);
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new InputException(name + ": is a damaged em4j checkpoint (" + e + ")", e);
    }
  }

  private static ObjectInputFilter.Status allowed(ObjectInputFilter.FilterInfo info) {
    Class<?> c = info.serialClass();
    if (c == null) {
      return info.depth() > 64 ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
    }
    while (c.isArray()) {
      c = c.getComponentType();
    }
    if (c.isPrimitive()) {
      return ObjectInputFilter.Status.ALLOWED;
    }
    String n = c.getName();
    boolean ok =
        n.startsWith("org.em4j.")
            || n.startsWith("java.lang.")
            || n.startsWith("java.util.")
            || n.equals("java.lang.Enum");
    return ok ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
  }
}
