package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.em4j.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --on-degenerate}: a start with a component on an isolated row makes that component
 * collapse at iteration 1; every policy reports it in the summary, the trace and the model file.
 */
class OnDegenerateTest {
  @TempDir Path dir;

  private Path data() throws Exception {
    SplittableRandom rnd = new SplittableRandom(1);
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 200; i++) {
      double c = i < 100 ? 0 : 8;
      sb.append(String.format(Locale.ROOT, "%.12f,%.12f%n", c + rnd.nextGaussian(), c + rnd.nextGaussian()));
    }
    sb.append("40,-40\n");
    Path p = dir.resolve("d.csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  private Path start() throws Exception {
    Path p = dir.resolve("start.json");
    Files.writeString(p, """
        {"format":"em4j-model","version":1,"family":"gaussian","covarianceType":"full","dimension":2,
         "components":[{"weight":0.45,"mean":[0.5,0.5],"covariance":[[2,0],[0,2]]},
                       {"weight":0.45,"mean":[7,7],"covariance":[[2,0],[0,2]]},
                       {"weight":0.1,"mean":[40,-40],"covariance":[[1e-4,0],[0,1e-4]]}]}
        """);
    return p;
  }

  private CliRunner.Result fit(String policy, Path out, Path trace) throws Exception {
    return CliRunner.run("fit", "--data", data().toString(), "--init", start().toString(),
        "--on-degenerate", policy, "--max-iter", "30", "--out", out.toString(), "--trace",
        trace.toString());
  }

  @Test
  void dropRemovesTheCollapsedComponentAndSaysSoEverywhere() throws Exception {
    Path out = dir.resolve("m.json");
    Path trace = dir.resolve("t.csv");
    CliRunner.Result r = fit("drop", out, trace);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("degenerate components: 1"), r.out());
    assertTrue(r.out().contains("iteration 1: component 3") && r.out().contains("dropped"), r.out());
    JsonNode m = ModelFile.mapper().readTree(out.toFile());
    assertEquals(2, m.get("components").size());
    JsonNode ev = m.at("/fit/degenerateEvents/0");
    assertEquals(1, ev.get("iteration").asInt());
    assertEquals(2, ev.get("component").asInt());
    assertEquals("dropped", ev.get("action").asText());
    String t = Files.readString(trace);
    assertTrue(t.startsWith("iteration,logLikelihood,degenerate,"), t);
    assertTrue(t.lines().skip(2).findFirst().orElseThrow().contains("component 3"), t);
    assertFalse(Files.readString(out).contains("NaN"));
  }

  @Test
  void warnKeepsItAndFailExitsWithOne() throws Exception {
    CliRunner.Result r = fit("warn", dir.resolve("w.json"), dir.resolve("w.csv"));
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("collapsed") && r.out().contains("kept"), r.out());
    r = fit("fail", dir.resolve("f.json"), dir.resolve("f.csv"));
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("component 3") && r.err().contains("iteration 1"), r.err());
    assertFalse(Files.exists(dir.resolve("f.json")));
  }

  @Test
  void badPolicyAndThresholdNameTheirOption() throws Exception {
    CliRunner.Result r = fit("ignore", dir.resolve("x.json"), dir.resolve("x.csv"));
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--on-degenerate must be warn, reinit, drop or fail, got 'ignore'"), r.err());
    r = CliRunner.run("fit", "--data", data().toString(), "-k", "2", "--degenerate-weight", "1.5");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--degenerate-weight must be in [0, 1), got 1.5"), r.err());
  }
}
