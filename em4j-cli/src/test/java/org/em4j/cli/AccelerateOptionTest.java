package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code em4j fit --accelerate}: the choice, what the model file and trace report, bad values. */
class AccelerateOptionTest {
  private static final String FAITHFUL = Path.of("..", "data", "faithful.csv").toString();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Em4jCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private JsonNode fitBlock(Path model) throws Exception {
    return ModelFile.mapper().readTree(Files.readString(model)).get("fit");
  }

  @Test
  void squaremAndPlainReachTheSameFitAndReportTheirPassesHonestly() throws Exception {
    Path plain = dir.resolve("plain.json");
    Path fast = dir.resolve("fast.json");
    Path trace = dir.resolve("trace.csv");
    String[] common = {"fit", "--data", FAITHFUL, "-k", "3", "--seed", "2", "--tol", "1e-10"};
    assertEquals(0, run(concat(common, "--accelerate", "none", "--out", plain.toString())), err.toString());
    assertEquals(
        0,
        run(concat(common, "--accelerate", "squarem", "--out", fast.toString(), "--trace", trace.toString())),
        err.toString());
    JsonNode p = fitBlock(plain);
    JsonNode f = fitBlock(fast);
    assertEquals("none", p.get("acceleration").asText());
    assertEquals("squarem", f.get("acceleration").asText());
    assertEquals(p.get("iterations").asInt() + 1, p.get("eSteps").asInt());
    assertTrue(f.get("eSteps").asInt() > f.get("iterations").asInt() + 1);
    assertTrue(f.get("eSteps").asInt() < p.get("eSteps").asInt());
    assertEquals(p.get("logLikelihood").asDouble(), f.get("logLikelihood").asDouble(), 1e-6);
    assertEquals(f.get("iterations").asInt() + 1, f.get("logLikelihoodTrace").size());
    // One trace row per accepted iterate, plus the header.
    assertEquals(f.get("iterations").asInt() + 2, Files.readAllLines(trace).size());
    assertTrue(out.toString().contains("passes over the data, squarem)"), out.toString());
    MixtureModel<?> again = ModelFile.read(fast);
    assertEquals("squarem", again.fit().acceleration());
  }

  @Test
  void daaremReachesThePlainFitAndSaysSoInTheModelFile() throws Exception {
    Path plain = dir.resolve("plain.json");
    Path fast = dir.resolve("daarem.json");
    String[] common = {"fit", "--data", FAITHFUL, "-k", "3", "--seed", "2", "--tol", "1e-10"};
    assertEquals(0, run(concat(common, "--out", plain.toString())), err.toString());
    assertEquals(
        0, run(concat(common, "--accelerate", "daarem", "--out", fast.toString())), err.toString());
    JsonNode p = fitBlock(plain);
    JsonNode f = fitBlock(fast);
    assertEquals("daarem", f.get("acceleration").asText());
    assertTrue(f.get("eSteps").asInt() < p.get("eSteps").asInt());
    assertTrue(f.get("eSteps").asInt() >= f.get("iterations").asInt() + 1);
    assertEquals(p.get("logLikelihood").asDouble(), f.get("logLikelihood").asDouble(), 1e-6);
    assertTrue(out.toString().contains("passes over the data, daarem)"), out.toString());
    assertEquals("daarem", ModelFile.read(fast).fit().acceleration());
  }

  @Test
  void daaremWithCheckpointsIsAUsageError() {
    Path cp = dir.resolve("state.json");
    assertEquals(
        2,
        run("fit", "--data", FAITHFUL, "-k", "2", "--accelerate", "daarem", "--checkpoint",
            cp.toString()));
    assertTrue(err.toString().contains("--checkpoint"), err.toString());
    assertTrue(err.toString().contains("daarem"), err.toString());
    assertTrue(!Files.exists(cp));
  }

  @Test
  void theDefaultIsPlainEm() throws Exception {
    Path model = dir.resolve("m.json");
    assertEquals(0, run("fit", "--data", FAITHFUL, "-k", "2", "--quiet", "--out", model.toString()));
    assertEquals("none", fitBlock(model).get("acceleration").asText());
  }

  @Test
  void anUnknownSchemeIsAUsageErrorNamingTheOption() {
    assertEquals(2, run("fit", "--data", FAITHFUL, "-k", "2", "--accelerate", "fast"));
    assertTrue(err.toString().contains("--accelerate"), err.toString());
    assertTrue(err.toString().contains("none, squarem or daarem"), err.toString());
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
