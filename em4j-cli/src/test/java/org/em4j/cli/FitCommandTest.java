package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.em4j.io.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
  static Path faithful;

  @TempDir Path dir;

  @BeforeAll
  static void data() throws URISyntaxException {
    faithful = Path.of(FitCommandTest.class.getResource("/faithful.csv").toURI());
  }

  @Test
  void fitsOldFaithfulAndWritesAValidModelFile() throws IOException {
    Path model = dir.resolve("m.json");
    CliRunner.Result r =
        CliRunner.run(
            "fit", "--data", faithful.toString(), "--components", "2", "--restarts", "3",
            "--out", model.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("converged"), r.out());
    JsonNode root = ModelFile.mapper().readTree(Files.readString(model));
    assertEquals("em4j-model", root.get("format").asText());
    assertEquals(1, root.get("version").asInt());
    assertEquals("gaussian", root.get("family").asText());
    assertEquals("full", root.get("covarianceType").asText());
    assertEquals(2, root.get("dimension").asInt());
    assertEquals(2, root.get("components").size());
    JsonNode fit = root.get("fit");
    assertEquals(272, fit.get("samples").asInt());
    // The well-known maximum of the two-component full-covariance fit on Old Faithful.
    assertEquals(-1130.264, fit.get("logLikelihood").asDouble(), 1e-3);
    assertEquals(fit.get("iterations").asInt() + 1, fit.get("eSteps").asInt());
    double ll = fit.get("logLikelihood").asDouble();
    int p = fit.get("freeParameters").asInt();
    assertEquals(11, p);
    assertEquals(-2 * ll + p * Math.log(272), fit.get("bic").asDouble(), 1e-9);
    assertEquals(-2 * ll + 2 * p, fit.get("aic").asDouble(), 1e-9);
    double w = 0;
    for (JsonNode c : root.get("components")) {
      w += c.get("weight").asDouble();
      assertEquals(2, c.get("covariance").size());
    }
    assertEquals(1.0, w, 1e-12);
  }

  @Test
  void zeroToleranceRunsExactlyMaxIterationsAndTraceHasARowPerPass() throws IOException {
    Path trace = dir.resolve("t.csv");
    Path model = dir.resolve("m.json");
    CliRunner.Result r =
        CliRunner.run(
            "fit", "--data", faithful.toString(), "-k", "2", "--tol", "0", "--max-iter", "7",
            "--covariance", "diag", "--trace", trace.toString(), "--out", model.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode fit = ModelFile.mapper().readTree(Files.readString(model)).get("fit");
    assertEquals(7, fit.get("iterations").asInt());
    assertEquals(8, fit.get("eSteps").asInt());
    assertFalse(fit.get("converged").asBoolean());
    List<String> lines = Files.readAllLines(trace);
    assertEquals(
        "iteration,logLikelihood,weight[1],weight[2],mean[1][1],mean[1][2],mean[2][1],mean[2][2],"
            + "var[1][1],var[1][2],var[2][1],var[2][2]",
        lines.get(0));
    assertEquals(9, lines.size());
    double previous = Double.NEGATIVE_INFINITY;
    for (String line : lines.subList(1, lines.size())) {
      double ll = Double.parseDouble(line.split(",")[1]);
      assertTrue(ll >= previous - 1e-9, "log-likelihood decreased: " + line);
      previous = ll;
    }
    assertEquals(fit.get("logLikelihood").asDouble(), previous, 0.0);
  }

  @Test
  void aModelFileIsAStartAndFixedWeightsStayFixed() throws IOException {
    Path start = dir.resolve("start.json");
    Files.writeString(
        start,
        """
        {"format":"em4j-model","version":1,"family":"gaussian","covarianceType":"full",
         "dimension":2,
         "components":[{"weight":0.5,"mean":[2,55],"covariance":[[1,0],[0,30]]},
                       {"weight":0.5,"mean":[4.5,80],"covariance":[[1,0],[0,30]]}]}
        """);
    Path model = dir.resolve("m.json");
    CliRunner.Result r =
        CliRunner.run(
            "fit", "--data", faithful.toString(), "--init", start.toString(), "--fix", "weights",
            "--out", model.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode comps = ModelFile.mapper().readTree(Files.readString(model)).get("components");
    assertEquals(0.5, comps.get(0).get("weight").asDouble(), 0.0);
    assertEquals(0.5, comps.get(1).get("weight").asDouble(), 0.0);
  }

  @Test
  void predictScoreAndSampleUseTheModel() throws IOException {
    Path model = dir.resolve("m.json");
    assertEquals(
        0,
        CliRunner.run("fit", "--data", faithful.toString(), "-k", "2", "--out", model.toString())
            .exitCode());
    CliRunner.Result p =
        CliRunner.run("predict", "--model", model.toString(), "--data", faithful.toString(), "--proba");
    assertEquals(0, p.exitCode(), p.err());
    List<String> rows = p.out().lines().toList();
    assertEquals("component,p1,p2", rows.get(0));
    assertEquals(273, rows.size());
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      int label = Integer.parseInt(f[0]);
      double p1 = Double.parseDouble(f[1]);
      double p2 = Double.parseDouble(f[2]);
      assertEquals(1.0, p1 + p2, 1e-12);
      assertEquals(p1 >= p2 ? 1 : 2, label);
    }
    CliRunner.Result s = CliRunner.run("score", "--model", model.toString(), "--data", faithful.toString());
    assertEquals(0, s.exitCode(), s.err());
    assertTrue(s.out().contains("total log-likelihood -1130.26"), s.out());
    Path sample = dir.resolve("s.csv");
    CliRunner.Result g =
        CliRunner.run("sample", "--model", model.toString(), "-n", "50", "--seed", "3", "--out", sample.toString());
    assertEquals(0, g.exitCode(), g.err());
    List<String> drawn = Files.readAllLines(sample);
    assertEquals("eruptions,waiting", drawn.get(0));
    assertEquals(51, drawn.size());
    CliRunner.Result again =
        CliRunner.run("sample", "--model", model.toString(), "-n", "50", "--seed", "3");
    assertEquals(String.join("\n", drawn) + "\n", again.out());
  }

  @Test
  void sameSeedSameModelWhateverTheThreads() throws IOException {
    Path one = dir.resolve("one.json");
    Path two = dir.resolve("two.json");
    CliRunner.run("fit", "--data", faithful.toString(), "-k", "3", "--restarts", "2", "--seed", "9",
        "--threads", "1", "--out", one.toString());
    CliRunner.run("fit", "--data", faithful.toString(), "-k", "3", "--restarts", "2", "--seed", "9",
        "--threads", "2", "--out", two.toString());
    assertEquals(Files.readString(one), Files.readString(two));
  }
}
