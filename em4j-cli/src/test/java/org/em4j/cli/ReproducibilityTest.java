package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same seed and options give the same model file, byte for byte: on 1, 2 and 8 threads, and
 * whether the data comes from a file through the command line or from memory through the library.
 */
class ReproducibilityTest {
  @TempDir Path dir;

  private static double[] values(int n) {
    SplittableRandom rnd = new SplittableRandom(17);
    double[] v = new double[n * 2];
    for (int i = 0; i < n; i++) {
      int c = rnd.nextInt(3);
      v[2 * i] = c * 3 + rnd.nextGaussian();
      v[2 * i + 1] = -c * 2 + rnd.nextGaussian();
    }
    return v;
  }

  private Path csv(double[] v) throws Exception {
    StringBuilder sb = new StringBuilder("x1,x2\n");
    for (int i = 0; i < v.length; i += 2) {
      sb.append(Double.toString(v[i])).append(',').append(Double.toString(v[i + 1])).append('\n');
    }
    Path p = dir.resolve("data.csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  private String fit(Path data, int threads, String covariance) throws Exception {
    Path out = dir.resolve("m-" + threads + "-" + covariance + ".json");
    CliRunner.Result r =
        CliRunner.run("fit", "--data", data.toString(), "-k", "3", "--restarts", "3", "--seed", "99",
            "--covariance", covariance, "--threads", Integer.toString(threads), "--quiet",
            "--tol", "1e-9", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    return Files.readString(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"full", "diag", "spherical", "tied"})
  void theSameModelFileOnOneTwoAndEightThreads(String covariance) throws Exception {
    Path data = csv(values(6000)); // 6000 rows: several chunks of the default size
    String one = fit(data, 1, covariance);
    assertEquals(one, fit(data, 2, covariance), "2 threads");
    assertEquals(one, fit(data, 8, covariance), "8 threads");
  }

  @Test
  void theSameModelFromAFileAndFromMemory() throws Exception {
    double[] v = values(3000);
    String fromFile = fit(csv(v), 2, "full");
    Dataset memory = Dataset.of(v, v.length / 2, 2);
    MixtureModel<GaussianParameters> m =
        new MixtureFitter<>(
                new GaussianFamily(CovarianceType.FULL),
                EmOptions.builder().components(3).restarts(3).seed(99).tolerance(1e-9).threads(1)
                    .build())
            .fit(memory);
    // the file's fit block names its init and the columns; the library model has the same
    // parameters and fit numbers, so the JSON is the same once written the same way
    MixtureModel<GaussianParameters> named =
        new MixtureModel<>(m.family(), m.parameters(), m.fit(), m.parameterTrace(), memory.columnNames());
    Path written = Files.createTempFile(dir, "memory", ".json");
    ModelFile.write(named, written, memory); // as the command writes it: with the data's counts
    assertEquals(fromFile, Files.readString(written));
  }

}
