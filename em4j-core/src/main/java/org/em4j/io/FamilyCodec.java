package org.em4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureParameters;

/**
 * How one family's settings and parameters appear in the model file. Each family registers one
 * with {@link ModelFile#register}; the rest of the file (format, version, fit block) is shared.
 *
 * @param <P> the family's parameters
 */
public interface FamilyCodec<P extends MixtureParameters> {
  /** The {@code family} value this codec reads and writes. */
  String family();

  /** Whether this codec writes models of this family instance. */
  boolean handles(MixtureFamily<?, ?> family);

  /** Writes the family's settings and the parameters (including {@code components}). */
  void write(MixtureFamily<P, ?> family, P params, ObjectNode root);

  /**
   * Reads the family and its parameters, validating every field.
   *
   * @throws org.em4j.data.InputException naming the file and field
   */
  Loaded<P> read(JsonNode root, ModelReader reader);

  /**
   * A family with parameters read from a file.
   *
   * @param family the family with its settings
   * @param parameters the validated parameters
   * @param <P> the family's parameters
   */
  record Loaded<P extends MixtureParameters>(MixtureFamily<P, ?> family, P parameters) {}
}
