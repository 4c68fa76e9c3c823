package org.em4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.em4j.data.InputException;
import org.em4j.gaussian.GaussianCodec;
import org.em4j.mixture.FitSummary;
import org.em4j.mixture.MixtureFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;

/**
 * Reads and writes the em4j model file (format {@code em4j-model}, version {@value #VERSION});
 * the format is documented in {@code docs/model-format.md}. Families plug in their own part with
 * a {@link FamilyCodec}.
 */
public final class ModelFile {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "em4j-model";

  /** The newest format version this code writes and reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final Map<String, FamilyCodec<?>> CODECS = new ConcurrentHashMap<>();

  static {
    register(new GaussianCodec());
    org.em4j.discrete.DiscreteCodecs.all().forEach(ModelFile::register);
  }

  private ModelFile() {}

  /** Makes a family readable and writable. */
  public static void register(FamilyCodec<?> codec) {
    CODECS.put(codec.family(), codec);
  }

  /** The shared JSON mapper (thread-safe). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The model as JSON text. */
  public static String toJson(MixtureModel<?> model) {
    try {
      return MAPPER.writeValueAsString(toTree(model));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a model as JSON", e);
    }
  }

  /** Writes the model atomically (a failure leaves an existing file untouched). */
  public static void write(MixtureModel<?> model, Path file) {
    String json = toJson(model);
    AtomicFile.writeString(file, json + "\n");
  }

  /** The model as a JSON tree. */
  public static ObjectNode toTree(MixtureModel<?> model) {
    return tree(model);
  }

  /**
   * Writes the model atomically with the missing-value counts of the data it was fitted on in its
   * fit block: {@code fit.missingCells}, {@code fit.incompleteRows} and {@code fit.skippedRows}
   * (rows the reader dropped because every value was missing). The fields are optional: files
   * without them load as before.
   */
  public static void write(MixtureModel<?> model, Path file, org.em4j.data.Dataset data) {
    try {
      AtomicFile.writeString(file, MAPPER.writeValueAsString(toTree(model, data)) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a model as JSON", e);
    }
  }

  /** The model as a JSON tree with the data's missing-value counts in the fit block. */
  public static ObjectNode toTree(MixtureModel<?> model, org.em4j.data.Dataset data) {
    ObjectNode root = tree(model);
    JsonNode f = root.get("fit");
    if (f instanceof ObjectNode fit && data != null) {
      fit.put("missingCells", data.missingCells());
      fit.put("incompleteRows", data.incompleteRows());
      fit.put("skippedRows", data.skippedRows().length);
    }
    return root;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <P extends MixtureParameters> ObjectNode tree(MixtureModel<P> model) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("family", model.family().name());
    FamilyCodec codec = codecFor(model.family());
    root.put("dimension", model.parameters().dimension());
    if (model.columnNames() != null) {
      ArrayNode cols = root.putArray("columns");
      model.columnNames().forEach(cols::add);
    }
    codec.write(model.family(), model.parameters(), root);
    FitSummary fit = model.fit();
    if (fit != null) {
      ObjectNode f = root.putObject("fit");
      f.put("logLikelihood", fit.logLikelihood());
      f.put("iterations", fit.iterations());
      f.put("eSteps", fit.eSteps());
      f.put("acceleration", fit.acceleration());
      f.put("converged", fit.converged());
      f.put("samples", fit.samples());
      f.put("totalWeight", fit.totalWeight());
      f.put("freeParameters", fit.freeParameters());
      f.put("bic", fit.bic());
      f.put("aic", fit.aic());
      f.put("restarts", fit.restarts());
      f.put("bestRestart", fit.bestRestart());
      ArrayNode runs = f.putArray("runLogLikelihoods");
      for (double v : fit.runLogLikelihoods()) {
        if (Double.isFinite(v)) {
          runs.add(v);
        } else {
          runs.addNull(); // a run that failed
        }
      }
      f.put("init", fit.init());
      f.put("seed", fit.seed());
      f.put("tolerance", fit.tolerance());
      f.put("maxIterations", fit.maxIterations());
      ArrayNode trace = f.putArray("logLikelihoodTrace");
      fit.logLikelihoodTrace().forEach(trace::add);
      if (!fit.degenerateEvents().isEmpty()) {
        ArrayNode events = f.putArray("degenerateEvents");
        for (org.em4j.engine.DegenerateEvent e : fit.degenerateEvents()) {
          ObjectNode o = events.addObject();
          o.put("restart", e.restart());
          o.put("iteration", e.iteration());
          o.put("component", e.component());
          o.put("reason", e.reason());
          o.put("action", e.action());
        }
      }
    }
    return root;
  }

  private static FamilyCodec<?> codecFor(MixtureFamily<?, ?> family) {
    for (FamilyCodec<?> c : CODECS.values()) {
      if (c.handles(family)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no model-file codec for family " + family.name());
  }

  /**
   * Reads and validates a model file.
   *
   * @throws InputException naming the file and what is wrong with it
   */
  public static MixtureModel<?> read(Path file) {
    String name = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new InputException(name + ": cannot be read (permission denied)", e);
    } catch (IOException e) {
      throw new InputException(name + ": cannot be read: " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InputException(
          name + ": is not a JSON document (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new InputException(name + ": cannot be read: " + e.getMessage(), e);
    }
    return fromTree(root, name);
  }

  /** Reads and validates a model from a JSON tree. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static MixtureModel<?> fromTree(JsonNode root, String name) {
    ModelReader r = new ModelReader(name);
    if (root == null || !root.isObject()) {
      throw r.error("", "is not an em4j model (expected a JSON object)");
    }
    String format = r.text(root, "format", "");
    if (!FORMAT.equals(format)) {
      throw r.error("format", "expected \"" + FORMAT + "\", found \"" + format + "\"");
    }
    int version = r.integer(root, "version", "");
    if (version < 1 || version > VERSION) {
      throw r.error(
          "version",
          "unsupported version "
              + version
              + " (this em4j reads versions 1 to "
              + VERSION
              + "; a newer em4j may read it)");
    }
    String family = r.text(root, "family", "");
    FamilyCodec<?> codec = CODECS.get(family);
    if (codec == null) {
      throw r.error(
          "family", "unknown family \"" + family + "\" (known: " + String.join(", ", new java.util.TreeSet<>(CODECS.keySet())) + ")");
    }
    int dimension = r.integer(root, "dimension", "");
    if (dimension < 1) {
      throw r.error("dimension", "must be at least 1, found " + dimension);
    }
    FamilyCodec.Loaded loaded = codec.read(root, r);
    if (loaded.parameters().dimension() != dimension) {
      throw r.error(
          "dimension",
          "says " + dimension + " but the components have dimension "
              + loaded.parameters().dimension());
    }
    List<String> columns = null;
    JsonNode cols = root.get("columns");
    if (cols != null && !cols.isNull()) {
      if (!cols.isArray() || cols.size() != dimension) {
        throw r.error("columns", "expected " + dimension + " column names");
      }
      columns = new ArrayList<>();
      for (JsonNode c : cols) {
        columns.add(c.asText());
      }
    }
    FitSummary fit = null;
    JsonNode f = root.get("fit");
    if (f != null && !f.isNull()) {
      fit = readFit(f, r, loaded);
    }
    return new MixtureModel(loaded.family(), loaded.parameters(), fit, List.of(), columns);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static FitSummary readFit(JsonNode f, ModelReader r, FamilyCodec.Loaded loaded) {
    for (String optional : MISSING_FIELDS) {
      if (f.has(optional) && r.integer(f, optional, "fit") < 0) {
        throw r.error("fit." + optional, "expected a count >= 0, found " + f.get(optional));
      }
    }
    double ll = r.number(r.require(f, "logLikelihood", "fit"), "fit.logLikelihood");
    int iterations = r.integer(f, "iterations", "fit");
    int eSteps = f.has("eSteps") ? r.integer(f, "eSteps", "fit") : iterations + 1;
    JsonNode conv = r.require(f, "converged", "fit");
    if (!conv.isBoolean()) {
      throw r.error("fit.converged", "expected true or false, found " + conv);
    }
    int samples = r.integer(f, "samples", "fit");
    double totalWeight =
        f.has("totalWeight") ? r.number(f.get("totalWeight"), "fit.totalWeight") : samples;
    int p =
        f.has("freeParameters")
            ? r.integer(f, "freeParameters", "fit")
            : loaded.family().freeParameters(loaded.parameters(), java.util.Set.of());
    List<Double> runs = new ArrayList<>();
    JsonNode rl = f.get("runLogLikelihoods");
    if (rl != null && rl.isArray()) {
      for (JsonNode v : rl) {
        runs.add(v.isNull() ? Double.NaN : v.asDouble());
      }
    } else {
      runs.add(ll);
    }
    List<Double> trace = new ArrayList<>();
    JsonNode tr = f.get("logLikelihoodTrace");
    if (tr != null && tr.isArray()) {
      for (JsonNode v : tr) {
        trace.add(v.asDouble());
      }
    }
    return new FitSummary(
        ll,
        iterations,
        eSteps,
        conv.asBoolean(),
        samples,
        totalWeight,
        p,
        f.has("bic") ? r.number(f.get("bic"), "fit.bic") : FitSummary.bic(ll, p, totalWeight),
        f.has("aic") ? r.number(f.get("aic"), "fit.aic") : FitSummary.aic(ll, p),
        f.has("restarts") ? r.integer(f, "restarts", "fit") : 1,
        f.has("bestRestart") ? r.integer(f, "bestRestart", "fit") : 0,
        runs,
        f.has("init") ? f.get("init").asText() : "unknown",
        f.has("seed") ? f.get("seed").asLong() : 0,
        f.has("tolerance") ? f.get("tolerance").asDouble() : Double.NaN,
        f.has("maxIterations") ? r.integer(f, "maxIterations", "fit") : iterations,
        trace,
        readAcceleration(f, r),
        readEvents(f, r));
  }

  private static List<org.em4j.engine.DegenerateEvent> readEvents(JsonNode f, ModelReader r) {
    List<org.em4j.engine.DegenerateEvent> events = new ArrayList<>();
    JsonNode ev = f.get("degenerateEvents");
    if (ev == null || ev.isNull()) {
      return events;
    }
    if (!ev.isArray()) {
      throw r.error("fit.degenerateEvents", "expected an array");
    }
    for (int i = 0; i < ev.size(); i++) {
      JsonNode e = ev.get(i);
      String path = "fit.degenerateEvents[" + i + "]";
      if (!e.isObject()) {
        throw r.error(path, "expected an object");
      }
      events.add(
          new org.em4j.engine.DegenerateEvent(
              r.integer(e, "restart", path),
              r.integer(e, "iteration", path),
              r.integer(e, "component", path),
              r.text(e, "reason", path),
              r.text(e, "action", path)));
    }
    return events;
  }

  /** The optional missing-value counts of the fit block. */
  private static final String[] MISSING_FIELDS = {"missingCells", "incompleteRows", "skippedRows"};

  /**
   * The missing-value counts recorded in a model file's fit block ({@code missingCells}, {@code
   * incompleteRows}, {@code skippedRows}), or {@code null} when the file has no fit block or does
   * not record them (files written before they existed).
   */
  public static long[] missingCounts(JsonNode root) {
    JsonNode f = root.get("fit");
    if (f == null || !f.has(MISSING_FIELDS[0])) {
      return null;
    }
    long[] out = new long[MISSING_FIELDS.length];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = f.get(MISSING_FIELDS[i]);
      out[i] = v == null ? 0 : v.asLong();
    }
    return out;
  }

  /** The {@code fit.acceleration} field; {@code none} when absent (files before it existed). */
  private static String readAcceleration(JsonNode f, ModelReader r) {
    JsonNode a = f.get("acceleration");
    if (a == null || a.isNull()) {
      return org.em4j.engine.Acceleration.NONE.label();
    }
    try {
      return org.em4j.engine.Acceleration.parse(a.asText()).label();
    } catch (IllegalArgumentException e) {
      throw r.error("fit.acceleration", e.getMessage());
    }
  }
}
