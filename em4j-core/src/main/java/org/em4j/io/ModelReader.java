package org.em4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.em4j.data.InputException;

/**
 * Reads the fields of one model file, turning every problem into an {@link InputException} that
 * names the file and the field ({@code model.json: components[2].mean: expected 3 numbers, found
 * 2}).
 */
public final class ModelReader {
  private final String file;

  /** @param file the file's name, for messages */
  public ModelReader(String file) {
    this.file = file;
  }

  /** An error about a field. */
  public InputException error(String field, String message) {
    return new InputException(file + ": " + (field.isEmpty() ? "" : field + ": ") + message);
  }

  /** A field that must be present. */
  public JsonNode require(JsonNode node, String name, String path) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw error(path.isEmpty() ? name : path + "." + name, "missing");
    }
    return v;
  }

  /** A required text field. */
  public String text(JsonNode node, String name, String path) {
    JsonNode v = require(node, name, path);
    if (!v.isTextual()) {
      throw error(join(path, name), "expected a string, found " + v.getNodeType());
    }
    return v.asText();
  }

  /** A required integer field. */
  public int integer(JsonNode node, String name, String path) {
    JsonNode v = require(node, name, path);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw error(join(path, name), "expected an integer, found " + v);
    }
    return v.asInt();
  }

  /** A required finite number. */
  public double number(JsonNode v, String path) {
    if (v == null || !v.isNumber()) {
      throw error(path, "expected a number, found " + (v == null ? "nothing" : v.toString()));
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      throw error(path, "expected a finite number, found " + v);
    }
    return d;
  }

  /** A required array of exactly {@code n} finite numbers ({@code n < 0}: any length >= 1). */
  public double[] vector(JsonNode v, String path, int n) {
    if (v == null || !v.isArray()) {
      throw error(path, "expected an array of numbers");
    }
    if (n >= 0 && v.size() != n) {
      throw error(path, "expected " + n + " numbers, found " + v.size());
    }
    if (v.size() == 0) {
      throw error(path, "is empty");
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(v.get(i), path + "[" + i + "]");
    }
    return out;
  }

  /** A required {@code n x n} matrix of finite numbers. */
  public double[][] matrix(JsonNode v, String path, int n) {
    if (v == null || !v.isArray()) {
      throw error(path, "expected a " + n + " x " + n + " matrix (an array of rows)");
    }
    if (v.size() != n) {
      throw error(path, "expected " + n + " rows, found " + v.size());
    }
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = vector(v.get(i), path + "[" + i + "]", n);
    }
    return out;
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
