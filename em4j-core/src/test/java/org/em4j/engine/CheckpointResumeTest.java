package org.em4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.CheckpointFile;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.testing.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fit resumed from any of its checkpoints reaches the same model, bit for bit (parameters,
 * log-likelihood trace, every restart's result), as the fit that was never stopped; and a
 * checkpoint is never resumed on other data or options.
 */
class CheckpointResumeTest {
  @TempDir Path dir;

  private static EmOptions options(int threads) {
    return EmOptions.builder().components(3).restarts(3).seed(2024).tolerance(1e-10)
        .maxIterations(40).threads(threads).chunkRows(97).init(InitMethod.RANDOM_POINTS).build();
  }

  /** Keeps every checkpoint file's text, as a process killed after that save would leave it. */
  private final class Recording extends CheckpointFileSpy {
    Recording(Path file) {
      super(file);
    }
  }

  private static class CheckpointFileSpy implements Checkpointer<GaussianParameters> {
    final CheckpointFile<GaussianParameters> file;
    final Path path;
    final List<String> saved = new ArrayList<>();

    CheckpointFileSpy(Path path) {
      this.path = path;
      this.file = new CheckpointFile<>(path, 3);
    }

    @Override
    public int every() {
      return file.every();
    }

    @Override
    public void save(FitState<GaussianParameters> state) {
      file.save(state);
      try {
        saved.add(Files.readString(path));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static void assertSameModel(MixtureModel<GaussianParameters> a, MixtureModel<GaussianParameters> b, String what) {
    assertEquals(ModelFile.toJson(a), ModelFile.toJson(b), what);
    assertArrayEquals(
        new GaussianFamily(a.parameters().covarianceType()).flatten(a.parameters()),
        new GaussianFamily(b.parameters().covarianceType()).flatten(b.parameters()), 0.0, what);
  }

  @ParameterizedTest
  @EnumSource(value = CovarianceType.class, names = {"FULL", "DIAG"})
  void resumingFromAnyCheckpointGivesTheUninterruptedModel(CovarianceType type) throws Exception {
    Dataset data = Reference.threeBlobs(5, 600);
    GaussianFamily family = new GaussianFamily(type);
    MixtureModel<GaussianParameters> plain = new MixtureFitter<>(family, options(1)).fit(data);

    Recording rec = new Recording(dir.resolve("fit.ckpt"));
    MixtureModel<GaussianParameters> checkpointed;
    try (ChunkExecutor exec = ChunkExecutor.create(1)) {
      checkpointed = new MixtureFitter<>(family, options(1)).fit(data, null, exec, rec, null);
    }
    assertSameModel(plain, checkpointed, "saving checkpoints changes nothing");
    assertTrue(rec.saved.size() >= 6, "saves mid-run and after restarts: " + rec.saved.size());

    for (int i = 0; i < rec.saved.size(); i++) {
      Path f = dir.resolve("state-" + i);
      Files.writeString(f, rec.saved.get(i));
      FitState<GaussianParameters> state = CheckpointFile.read(f);
      int threads = i % 2 == 0 ? 1 : 2; // another thread count resumes the same fit
      MixtureModel<GaussianParameters> resumed;
      try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
        resumed =
            new MixtureFitter<>(family, options(threads))
                .fit(data, null, exec, Checkpointer.none(), state);
      }
      assertSameModel(plain, resumed, "resumed from checkpoint " + i + " (restart "
          + state.restart() + ", iteration " + state.iteration() + ")");
    }
  }

  /**
   * Accelerated runs and runs that reinitialise degenerate components resume bit for bit too,
   * from checkpoints inside a run (a SQUAREM cycle's step cap and pass count are saved) and
   * between restarts; degenerate events survive the resume. (DAAREM refuses checkpoints:
   * DaaremTest.)
   */
  @ParameterizedTest
  @EnumSource(value = Acceleration.class, names = {"NONE", "SQUAREM"})
  void acceleratedAndReinitialisingFitsResumeToTheSameModel(Acceleration acceleration)
      throws Exception {
    Dataset data = Reference.threeBlobs(5, 400);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    // 6 components on three blobs, regularisation-free weights: components collapse or starve
    EmOptions o = options(1).toBuilder().components(6).acceleration(acceleration)
        .onDegenerate(DegeneratePolicy.REINIT).degenerateWeight(0.02).build();
    MixtureModel<GaussianParameters> plain = new MixtureFitter<>(family, o).fit(data);
    assertTrue(!plain.fit().degenerateEvents().isEmpty(), "the fit had degenerate components");
    Recording rec = new Recording(dir.resolve("a.ckpt"));
    try (ChunkExecutor exec = ChunkExecutor.create(1)) {
      new MixtureFitter<>(family, o).fit(data, null, exec, rec, null);
    }
    assertTrue(rec.saved.size() >= 3);
    int midRun = 0;
    for (int i = 0; i < rec.saved.size(); i++) {
      Path f = dir.resolve("a-" + i);
      Files.writeString(f, rec.saved.get(i));
      FitState<GaussianParameters> state = CheckpointFile.read(f);
      midRun += state.params() != null ? 1 : 0;
      MixtureModel<GaussianParameters> resumed;
      try (ChunkExecutor exec = ChunkExecutor.create(2)) {
        resumed = new MixtureFitter<>(family, o.toBuilder().threads(2).build())
            .fit(data, null, exec, Checkpointer.none(), state);
      }
      assertSameModel(plain, resumed, acceleration + ", checkpoint " + i);
    }
    assertTrue(midRun > 0, "some checkpoints were taken inside a run");
  }

  @Test
  void aCheckpointIsNotResumedOnOtherDataOrOptions() throws Exception {
    Dataset data = Reference.threeBlobs(5, 300);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    Recording rec = new Recording(dir.resolve("fit.ckpt"));
    try (ChunkExecutor exec = ChunkExecutor.create(1)) {
      new MixtureFitter<>(family, options(1)).fit(data, null, exec, rec, null);
    }
    FitState<GaussianParameters> state = CheckpointFile.read(dir.resolve("fit.ckpt"));
    Dataset other = Reference.threeBlobs(6, 300);
    try (ChunkExecutor exec = ChunkExecutor.create(1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
          new MixtureFitter<>(family, options(1)).fit(other, null, exec, Checkpointer.none(), state));
      assertTrue(e.getMessage().contains("another fit"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () ->
          new MixtureFitter<>(family, options(1).toBuilder().seed(1).build())
              .fit(data, null, exec, Checkpointer.none(), state));
      assertThrows(IllegalArgumentException.class, () ->
          new MixtureFitter<>(new GaussianFamily(CovarianceType.FULL, 1e-3), options(1))
              .fit(data, null, exec, Checkpointer.none(), state));
    }
  }

  @Test
  void aFileThatIsNotACheckpointIsNamed() throws Exception {
    Path f = dir.resolve("x.ckpt");
    Files.writeString(f, "hello\n");
    InputException e = assertThrows(InputException.class, () -> CheckpointFile.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("not an em4j checkpoint"));
    Files.writeString(f, CheckpointFile.HEADER + "\nAAAA\n");
    e = assertThrows(InputException.class, () -> CheckpointFile.read(f));
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    assertThrows(InputException.class, () -> CheckpointFile.read(dir.resolve("none")));
  }
}
