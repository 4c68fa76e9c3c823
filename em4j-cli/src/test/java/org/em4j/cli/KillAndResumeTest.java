package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.em4j.engine.FitState;
import org.em4j.io.CheckpointFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fitting process, killed with SIGKILL ({@link Process#destroyForcibly()}) in the middle
 * of a run, is resumed from its checkpoint and writes the same model file, byte for byte, as a
 * fit that was never stopped.
 */
class KillAndResumeTest {
  @TempDir Path dir;

  private Path data() throws IOException {
    SplittableRandom rnd = new SplittableRandom(3);
    StringBuilder sb = new StringBuilder("a,b,c\n");
    for (int i = 0; i < 5000; i++) {
      int c = rnd.nextInt(4);
      sb.append(String.format(Locale.ROOT, "%.10f,%.10f,%.10f%n",
          c * 2.0 + rnd.nextGaussian(), c * 1.5 + rnd.nextGaussian(), (c % 2) * 3 + rnd.nextGaussian()));
    }
    Path p = dir.resolve("data.csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  private static List<String> fitArgs(Path data, Path out) {
    return new ArrayList<>(List.of("fit", "--data", data.toString(), "-k", "4", "--restarts", "2",
        "--tol", "0", "--max-iter", "200", "--seed", "11", "--threads", "1", "--quiet",
        "--out", out.toString()));
  }

  @Test
  void aKilledFitResumesToTheSameModel() throws Exception {
    Path data = data();
    Path reference = dir.resolve("reference.json");
    CliRunner.Result plain = CliRunner.run(fitArgs(data, reference).toArray(String[]::new));
    assertEquals(0, plain.exitCode(), plain.err());

    Path ckpt = dir.resolve("fit.ckpt");
    Path killedOut = dir.resolve("killed.json");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Em4jCommand.class.getName());
    cmd.addAll(fitArgs(data, killedOut));
    cmd.addAll(List.of("--checkpoint", ckpt.toString(), "--checkpoint-every", "5"));
    Process child =
        new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      // wait until the child is inside a run: a checkpoint exists and it saved at least twice
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      String first = null;
      while (System.nanoTime() < deadline && child.isAlive()) {
        if (Files.exists(ckpt)) {
          String now = Files.readString(ckpt);
          if (first == null) {
            first = now;
          } else if (!now.equals(first)) {
            break;
          }
        }
        Thread.sleep(5);
      }
      assertTrue(child.isAlive(), "the child finished before it could be killed: "
          + Files.readString(dir.resolve("child.log")));
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
    assertFalse(Files.exists(killedOut), "a killed fit writes no model");
    FitState<?> state = CheckpointFile.read(ckpt);
    assertTrue(state.iteration() > 0 || state.restart() > 0, "killed after some progress");

    Path resumedOut = dir.resolve("resumed.json");
    List<String> resume = fitArgs(data, resumedOut);
    resume.addAll(List.of("--resume", ckpt.toString()));
    CliRunner.Result r = CliRunner.run(resume.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(Files.readString(reference), Files.readString(resumedOut),
        "killed at restart " + state.restart() + ", iteration " + state.iteration());
  }

  @Test
  void resumingWithOtherOptionsIsRefusedNamingTheCheckpoint() throws Exception {
    Path data = dir.resolve("small.csv");
    Files.writeString(data, "a\n1\n2\n3\n10\n11\n12\n");
    Path ckpt = dir.resolve("s.ckpt");
    CliRunner.Result r = CliRunner.run("fit", "--data", data.toString(), "-k", "2", "--quiet",
        "--checkpoint", ckpt.toString(), "--checkpoint-every", "1");
    assertEquals(0, r.exitCode(), r.err());
    r = CliRunner.run("fit", "--data", data.toString(), "-k", "2", "--seed", "5", "--quiet",
        "--resume", ckpt.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("s.ckpt") && r.err().contains("another fit"), r.err());
    r = CliRunner.run("fit", "--data", data.toString(), "-k", "2", "--checkpoint", ckpt.toString(),
        "--checkpoint-every", "0");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--checkpoint-every must be at least 1, got 0"), r.err());
  }
}
