package org.em4j.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.data.Levels;
import org.em4j.data.TextTable;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.IterationListener;
import org.em4j.engine.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Every discrete family against an independent numpy / scipy EM (scripts/golden/discrete_em.py):
 * the same data (with missing cells), the same start, exactly 30 iterations; the parameters and
 * every iteration's log-likelihood must agree.
 */
class GoldenTest {
  private static final double TOL = 1e-9;
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode golden(String name) throws Exception {
    try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/discrete_" + name + ".json")) {
      return JSON.readTree(in);
    }
  }

  static TextTable table(String name) throws Exception {
    try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/discrete_" + name + ".csv")) {
      return TextTable.read(
          new InputStreamReader(in, StandardCharsets.UTF_8), name, null, CsvReader.Header.YES);
    }
  }

  static Dataset numeric(String name) throws Exception {
    try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/discrete_" + name + ".csv")) {
      return new CsvReader().read(new InputStreamReader(in, StandardCharsets.UTF_8), name);
    }
  }

  static double[] flat(JsonNode matrix) {
    List<Double> out = new ArrayList<>();
    collect(matrix, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void collect(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      n.forEach(c -> collect(c, out));
    } else {
      out.add(n.asDouble());
    }
  }

  static <P extends DiscreteParameters, S extends Statistics<S>> void check(
      DiscreteFamily<P> family, Dataset data, P start, JsonNode g, String field) {
    int iterations = g.get("iterations").asInt();
    EmOptions options = EmOptions.builder().tolerance(0).maxIterations(iterations).build();
    EmRun<P> run =
        EmEngine.run(family, data, start, options, ChunkExecutor.sequential(), 0, IterationListener.none());
    double[] w = flat(g.get("weights"));
    double[] v = flat(g.get(field));
    for (int c = 0; c < w.length; c++) {
      assertEquals(w[c], run.parameters().weight(c), TOL, "weight " + c);
    }
    double[] got = run.parameters().componentValues();
    for (int i = 0; i < v.length; i++) {
      assertEquals(v[i], got[i], TOL * Math.max(1, Math.abs(v[i])), field + " " + i);
    }
    double[] trace = flat(g.get("logLikelihoodTrace"));
    assertEquals(trace.length, run.logLikelihoodTrace().size());
    for (int i = 0; i < trace.length; i++) {
      assertEquals(trace[i], run.logLikelihoodTrace().get(i), 1e-10 * Math.abs(trace[i]), "LL " + i);
    }
  }

  @Test
  void poisson() throws Exception {
    JsonNode g = golden("poisson");
    Dataset data = numeric("poisson");
    PoissonParameters start =
        new PoissonParameters(flat(g.at("/start/weights")), 2, flat(g.at("/start/rate")));
    check(new PoissonFamily(), data, start, g, "rate");
  }

  @Test
  void bernoulli() throws Exception {
    JsonNode g = golden("bernoulli");
    Dataset data = numeric("bernoulli");
    BernoulliParameters start =
        new BernoulliParameters(flat(g.at("/start/weights")), 5, flat(g.at("/start/p")));
    check(new BernoulliFamily(), data, start, g, "p");
  }

  @Test
  void binomial() throws Exception {
    JsonNode g = golden("binomial");
    Dataset data = numeric("binomial");
    BinomialParameters start =
        new BinomialParameters(flat(g.at("/start/weights")), flat(g.at("/start/p")));
    check(new BinomialFamily(), data, start, g, "p");
  }

  @Test
  void categorical() throws Exception {
    JsonNode g = golden("categorical");
    TextTable t = table("categorical");
    Levels levels = Levels.learn(t, new int[] {0, 1, 2});
    // The learnt (sorted) levels are those the reference used.
    assertEquals(
        JSON.convertValue(g.get("levels"), List.class),
        List.of(levels.of(0), levels.of(1), levels.of(2)));
    Dataset data = levels.encode(t, new int[] {0, 1, 2}, null);
    CategoricalParameters start =
        new CategoricalParameters(
            flat(g.at("/start/weights")), levels.counts(), flat(g.at("/start/probabilities")));
    check(new CategoricalFamily(levels), data, start, g, "probabilities");
  }

  @Test
  void fixedGroupsHoldTheirValues() throws Exception {
    JsonNode g = golden("poisson");
    Dataset data = numeric("poisson");
    PoissonParameters start =
        new PoissonParameters(flat(g.at("/start/weights")), 2, flat(g.at("/start/rate")));
    EmOptions options =
        EmOptions.builder().tolerance(0).maxIterations(5).fixed(Set.of("rate")).build();
    EmRun<PoissonParameters> run =
        EmEngine.run(new PoissonFamily(), data, start, options, ChunkExecutor.sequential(), 0,
            IterationListener.none());
    assertEquals(java.util.Arrays.toString(start.componentValues()),
        java.util.Arrays.toString(run.parameters().componentValues()));
  }
}
