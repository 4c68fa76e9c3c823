package org.em4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.em4j.data.InputException;
import org.em4j.engine.EmOptions;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.mixture.MixtureParameters;
import org.em4j.properties.FamilyCase;
import org.em4j.properties.FamilyCases;

/**
 * Fuzzes the model-file loader (jqwik, fixed seeds, bounded tries; see {@link CsvReaderFuzzTest}
 * for why not Jazzer): random bytes, and valid model files of every family with random edits to
 * their JSON tree (a value replaced by one of another type or an extreme number, a field removed,
 * an array element added or removed). The loader may only answer with a model or an {@link
 * InputException}; a model it accepts must be usable: finite parameters, weights summing to 1,
 * and it predicts, scores and samples.
 */
class ModelFileFuzzTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final List<JsonNode> REPLACEMENTS =
      List.of(
          JSON.nullNode(), JSON.numberNode(0), JSON.numberNode(-1), JSON.numberNode(1e308),
          JSON.numberNode(-1e308), JSON.numberNode(1e-320), JSON.numberNode(0.5),
          JSON.numberNode(2147483648L), JSON.numberNode(3), JSON.numberNode(1.0000001),
          JSON.textNode("x"), JSON.textNode("NaN"), JSON.textNode("Infinity"), JSON.textNode(""),
          JSON.booleanNode(true), JSON.arrayNode(), JSON.objectNode(),
          JSON.arrayNode().add(1).add(2), JSON.arrayNode().add(JSON.arrayNode().add(1)));

  @Property(tries = 1500, seed = "5151")
  void editedModelFilesLoadOrAreRefusedWithAnInputException(
      @ForAll @IntRange(min = 0, max = 1000) int which,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 3) int d,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int edits) {
    List<FamilyCase<?, ?>> cases = FamilyCases.all();
    FamilyCase<?, ?> c = cases.get(which % cases.size());
    SplittableRandom rnd = new SplittableRandom(seed);
    JsonNode tree = ModelFile.toTree(model(c, k, d, rnd));
    for (int e = 0; e < edits; e++) {
      tree = edit(tree, rnd);
    }
    String text = tree.toString();
    JsonNode input = tree;
    Throwable t =
        Bounded.run(
            () -> {
              MixtureModel<?> m = ModelFile.fromTree(input, "fuzz.json");
              checkUsable(m, seed);
              return null;
            },
            text);
    if (t != null && !(t instanceof InputException)) {
      AssertionError err = new AssertionError("undocumented " + t + " for " + text);
      err.initCause(t);
      throw err;
    }
    if (t != null) {
      assertTrue(t.getMessage().startsWith("fuzz.json"), "names the file: " + t.getMessage());
    }
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> jsonish =
        Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ truefalsnul\n".toCharArray())
            .ofMaxLength(200).map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Arbitraries.oneOf(random, jsonish);
  }

  @Property(tries = 500, seed = "5252")
  void randomBytesAreRefusedWithAnInputException(@ForAll("bytes") byte[] bytes) throws Exception {
    Path file = Files.createTempFile("fuzz", ".json");
    try {
      Files.write(file, bytes);
      Throwable t = Bounded.run(() -> ModelFile.read(file), java.util.Arrays.toString(bytes));
      assertTrue(t instanceof InputException, "expected an InputException, got " + t);
      assertTrue(t.getMessage().startsWith(file.toString()), t.getMessage());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static <P extends MixtureParameters> MixtureModel<P> model(
      FamilyCase<P, ?> c, int k, int d, SplittableRandom rnd) {
    P p = c.randomModel(rnd, k, d);
    MixtureModel<P> given = new MixtureModel<>(c.family(), p, null, List.of(), null);
    if (rnd.nextBoolean()) {
      return given; // without a fit block
    }
    return new MixtureFitter<>(
            c.family(), EmOptions.builder().components(k).maxIterations(2).threads(1).build())
        .fit(given.sample(60, rnd.nextLong()).data());
  }

  /** Every node of the tree with its parent (null for the root) and its key or index. */
  private record Place(JsonNode parent, String field, int index, JsonNode node) {}

  private static void collect(JsonNode parent, String field, int index, JsonNode node, List<Place> out) {
    out.add(new Place(parent, field, index, node));
    if (node.isObject()) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        collect(node, n, -1, node.get(n), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node, null, i, node.get(i), out);
      }
    }
  }

  private static JsonNode edit(JsonNode root, SplittableRandom rnd) {
    List<Place> places = new ArrayList<>();
    collect(null, null, -1, root, places);
    Place p = places.get(rnd.nextInt(places.size()));
    JsonNode replacement = REPLACEMENTS.get(rnd.nextInt(REPLACEMENTS.size()));
    int kind = rnd.nextInt(4);
    if (p.parent() == null) {
      return kind == 0 ? replacement.deepCopy() : root;
    }
    if (p.parent() instanceof ObjectNode o) {
      if (kind == 0) {
        o.remove(p.field());
      } else if (kind == 1 && p.node().isNumber()) {
        o.put(p.field(), p.node().asDouble() * (rnd.nextBoolean() ? -1 : 1.5));
      } else {
        o.set(p.field(), replacement.deepCopy());
      }
    } else if (p.parent() instanceof ArrayNode a) {
      if (kind == 0) {
        a.remove(p.index());
      } else if (kind == 1) {
        a.add(p.node().deepCopy());
      } else {
        a.set(p.index(), replacement.deepCopy());
      }
    }
    return root;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void checkUsable(MixtureModel<?> m, long seed) {
    MixtureModel raw = m;
    MixtureParameters p = m.parameters();
    double sum = 0;
    for (double w : p.weights()) {
      assertTrue(w >= 0 && w <= 1, "weight " + w);
      sum += w;
    }
    assertEquals(1.0, sum, 1e-6, "weights sum");
    for (double v : ((org.em4j.mixture.MixtureFamily) m.family()).flatten(p)) {
      assertTrue(Double.isFinite(v), "a loaded parameter is " + v);
    }
    MixtureModel.Sample s = raw.sample(20, seed);
    try {
      raw.family().validateFor(p, s.data());
    } catch (InputException e) {
      return; // a sample beyond the data limits (a mean near 1e150) is refused, as data would be
    }
    for (double v : s.data().values()) {
      assertTrue(!Double.isNaN(v), "a sampled value is NaN");
    }
    double[][] proba = raw.predictProba(s.data());
    for (double[] row : proba) {
      double rs = 0;
      for (double q : row) {
        assertTrue(q >= 0 && q <= 1, "responsibility " + q);
        rs += q;
      }
      assertEquals(1.0, rs, 1e-9);
    }
    raw.predict(s.data());
    raw.scoreSamples(s.data());
  }
}
