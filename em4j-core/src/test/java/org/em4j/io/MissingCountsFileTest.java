package org.em4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional missing-value counts of a model file's fit block (issue 7). */
class MissingCountsFileTest {
  @TempDir Path dir;

  /** Eight rows, three columns; four cells missing in three rows; rows 4 and 9 of the file skipped. */
  private static Dataset data() {
    double nan = Double.NaN;
    double[] v = {
      1, 2, 0, //
      1.5, nan, 0.2, //
      7, 8, 5, //
      nan, nan, 5.5, //
      0.5, 1.8, 0.1, //
      6.9, 8.1, nan, //
      1.1, 2.2, 0.3, //
      7.2, 7.7, 4.8
    };
    return Dataset.of(v, 8, 3).withSkippedRows(new int[] {4, 9});
  }

  private static MixtureModel<GaussianParameters> fit(Dataset data) {
    return new MixtureFitter<>(new GaussianFamily(CovarianceType.DIAG),
        EmOptions.builder().components(2).seed(1).threads(1).build()).fit(data);
  }

  @Test
  void countsAreWrittenAndTheFileLoads() throws Exception {
    Dataset data = data();
    MixtureModel<GaussianParameters> m = fit(data);
    Path f = dir.resolve("m.json");
    ModelFile.write(m, f, data);
    JsonNode root = ModelFile.mapper().readTree(Files.readString(f));
    // counted by hand from the array above
    assertArrayEquals(new long[] {4, 3, 2}, ModelFile.missingCounts(root));
    assertEquals(4, root.get("fit").get("missingCells").asInt());
    MixtureModel<?> back = ModelFile.read(f);
    assertEquals(m.fit().logLikelihood(), back.fit().logLikelihood(), 0.0);
  }

  @Test
  void filesWithoutCountsLoadAndSayNothing() throws Exception {
    MixtureModel<GaussianParameters> m = fit(data());
    Path f = dir.resolve("old.json");
    ModelFile.write(m, f);
    JsonNode root = ModelFile.mapper().readTree(Files.readString(f));
    assertTrue(root.get("fit").has("logLikelihood"));
    assertNull(ModelFile.missingCounts(root), "no counts in a file written without data");
    assertEquals(m.parameters(), ModelFile.read(f).parameters());
  }

  @Test
  void aNegativeCountIsANamedError() throws Exception {
    Dataset data = data();
    ObjectNode root = ModelFile.toTree(fit(data), data);
    ((ObjectNode) root.get("fit")).put("incompleteRows", -1);
    Path f = dir.resolve("bad.json");
    Files.writeString(f, root.toString());
    InputException e = assertThrows(InputException.class, () -> ModelFile.read(f));
    assertTrue(e.getMessage().contains("fit.incompleteRows"), e.getMessage());
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
  }
}
