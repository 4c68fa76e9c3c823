package org.em4j.spark.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.em4j.data.InputException;
import scala.Option;

/**
 * Spark ML persistence of em4j's stages. A saved stage is a directory holding {@code
 * metadata/part-00000}, one line of JSON in the layout of Spark's own {@code DefaultParamsWriter}
 * (class, uid, timestamp, sparkVersion, paramMap, defaultParamMap), so that {@code Pipeline} and
 * {@code PipelineModel} can save and load it like any stage; a fitted model adds {@value
 * #MODEL_FILE}, the em4j model file itself (see {@code docs/model-format.md}), which the {@code
 * em4j} command line reads as it is. Files go through Hadoop's {@code FileSystem}, so any path
 * Spark can write (local, HDFS, object stores) works.
 */
final class MlPersistence {
  /** Name of the em4j model file inside a saved model's directory. */
  static final String MODEL_FILE = "em4j-model.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MlPersistence() {}

  /** Writes a stage's params and, for a model, its em4j model file. */
  static final class ParamsWriter extends MLWriter {
    private final Params instance;
    private final String modelJson;

    /**
     * @param instance the stage
     * @param modelJson the em4j model file's text, or {@code null} for an estimator
     */
    ParamsWriter(Params instance, String modelJson) {
      this.instance = instance;
      this.modelJson = modelJson;
    }

    @Override
    public void saveImpl(String path) {
      Configuration conf = sc().hadoopConfiguration();
      write(conf, new Path(new Path(path, "metadata"), "part-00000"), metadata(instance, sc().version()) + "\n");
      if (modelJson != null) {
        write(conf, new Path(path, MODEL_FILE), modelJson + "\n");
      }
    }
  }

  /** Reads a stage saved by {@link ParamsWriter}. */
  static final class ParamsReader<T extends Params> extends MLReader<T> {
    private final Class<T> type;
    private final BiFunction<String, String, T> factory;

    /** A reader of a stage built from its uid alone. */
    ParamsReader(Class<T> type) {
      this(type, (uid, path) -> construct(type, uid));
    }

    /**
     * @param factory makes the stage from its uid and the directory (to read more files from)
     */
    ParamsReader(Class<T> type, BiFunction<String, String, T> factory) {
      this.type = type;
      this.factory = factory;
    }

    @Override
    public T load(String path) {
      Configuration conf = sc().hadoopConfiguration();
      String text = firstPart(conf, new Path(path, "metadata"));
      JsonNode meta;
      try {
        meta = JSON.readTree(text);
      } catch (IOException e) {
        throw new InputException(path + ": the stage's metadata is not JSON: " + e.getMessage(), e);
      }
      String cls = meta.path("class").asText();
      if (!type.getName().equals(cls)) {
        throw new InputException(
            path + ": holds a " + cls + ", not a " + type.getName());
      }
      T instance = factory.apply(meta.path("uid").asText(), path);
      apply(instance, meta.path("defaultParamMap"), true, path);
      apply(instance, meta.path("paramMap"), false, path);
      return instance;
    }
  }

  /** Reads a whole text file. */
  static String read(Configuration conf, Path file) {
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      throw new InputException(file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be read", e);
    }
  }

  private static void write(Configuration conf, Path file, String text) {
    try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be written", e);
    }
  }

  /** The first line of the first data file of a directory written by Spark or by us. */
  private static String firstPart(Configuration conf, Path dir) {
    FileStatus[] files;
    try {
      files = dir.getFileSystem(conf).listStatus(dir);
    } catch (java.io.FileNotFoundException e) {
      throw new InputException(dir.getParent() + ": is not a saved Spark ML stage (no metadata)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot be listed", e);
    }
    return Arrays.stream(files)
        .filter(f -> f.isFile() && !f.getPath().getName().startsWith("_")
            && !f.getPath().getName().startsWith("."))
        .sorted()
        .findFirst()
        .map(f -> read(conf, f.getPath()).lines().findFirst().orElse(""))
        .orElseThrow(() -> new InputException(dir + ": holds no metadata file"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String metadata(Params instance, String sparkVersion) {
    ObjectNode root = JSON.createObjectNode();
    root.put("class", instance.getClass().getName());
    root.put("timestamp", System.currentTimeMillis());
    root.put("sparkVersion", sparkVersion);
    root.put("uid", instance.uid());
    ObjectNode set = root.putObject("paramMap");
    ObjectNode defaults = root.putObject("defaultParamMap");
    for (Param p : instance.params()) {
      Option<Object> value = instance.get(p);
      if (value.isDefined()) {
        set.set(p.name(), parse(p.jsonEncode(value.get())));
      }
      Option<Object> def = instance.getDefault(p);
      if (def.isDefined()) {
        defaults.set(p.name(), parse(p.jsonEncode(def.get())));
      }
    }
    return root.toString();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void apply(Params instance, JsonNode values, boolean asDefaults, String path) {
    Iterator<Map.Entry<String, JsonNode>> it = values.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!instance.hasParam(e.getKey())) {
        throw new InputException(
            path + ": unknown param '" + e.getKey() + "' for " + instance.getClass().getName());
      }
      Param p = instance.getParam(e.getKey());
      Object v = p.jsonDecode(e.getValue().toString());
      if (asDefaults) {
        instance.setDefault(p, v);
      } else {
        instance.set(p, v);
      }
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("a param encoded itself as invalid JSON: " + json, e);
    }
  }

  private static <T> T construct(Class<T> type, String uid) {
    try {
      return type.getConstructor(String.class).newInstance(uid);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getName() + " has no public (String uid) constructor", e);
    }
  }
}
