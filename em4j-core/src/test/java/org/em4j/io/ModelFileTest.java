package org.em4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading model files: golden files of version 1 still load; every kind of bad file is named. */
class ModelFileTest {
  @TempDir Path dir;

  /** A valid two-component model; each test breaks one thing in it. */
  private static final String VALID =
      """
      {"format": "em4j-model", "version": 1, "family": "gaussian", "dimension": 2,
       "columns": ["a", "b"], "covarianceType": "full", "regularization": 1e-6,
       "components": [
         {"weight": 0.4, "mean": [0, 0], "covariance": [[1, 0.2], [0.2, 1]]},
         {"weight": 0.6, "mean": [3, 3], "covariance": [[2, 0], [0, 0.5]]}]}
      """;

  private Path write(String json) throws IOException {
    Path f = dir.resolve("model.json");
    Files.writeString(f, json, StandardCharsets.UTF_8);
    return f;
  }

  private InputException failure(String json) throws IOException {
    Path f = write(json);
    return assertThrows(InputException.class, () -> ModelFile.read(f));
  }

  private static void assertMessage(InputException e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), "'" + e.getMessage() + "' should say '" + part + "'");
    }
  }

  private static String change(String from, String to) {
    assertTrue(VALID.contains(from), from);
    return VALID.replace(from, to);
  }

  @Test
  void theValidFileLoads() throws IOException {
    MixtureModel<?> m = ModelFile.read(write(VALID));
    GaussianParameters p = (GaussianParameters) m.parameters();
    assertEquals(CovarianceType.FULL, p.covarianceType());
    assertArrayEquals(new double[] {0.4, 0.6}, p.weights(), 0.0);
    assertArrayEquals(new double[] {1, 0.2, 0.2, 1}, p.covariance(0), 0.0);
    assertEquals(List.of("a", "b"), m.columnNames());
    assertEquals(null, m.fit());
  }

  @Test
  void aMissingFileIsNamed() {
    InputException e =
        assertThrows(InputException.class, () -> ModelFile.read(dir.resolve("none.json")));
    assertMessage(e, "none.json", "no such file");
  }

  @Test
  void notJson() throws IOException {
    assertMessage(failure("{\"format\": "), "model.json", "is not a JSON document");
    assertMessage(failure("weights: 0.5"), "is not a JSON document");
    assertMessage(failure("[1, 2]"), "is not an em4j model (expected a JSON object)");
  }

  @Test
  void wrongFormat() throws IOException {
    assertMessage(
        failure(change("\"em4j-model\"", "\"sklearn\"")),
        "model.json: format: expected \"em4j-model\", found \"sklearn\"");
    assertMessage(failure(change("\"format\"", "\"fmt\"")), "format: missing");
  }

  @Test
  void unknownVersion() throws IOException {
    assertMessage(
        failure(change("\"version\": 1", "\"version\": 2")),
        "version: unsupported version 2 (this em4j reads versions 1 to 1");
    assertMessage(failure(change("\"version\": 1", "\"version\": 0")), "unsupported version 0");
    assertMessage(
        failure(change("\"version\": 1", "\"version\": \"1\"")),
        "version: expected an integer, found \"1\"");
  }

  @Test
  void unknownFamilyAndCovarianceType() throws IOException {
    assertMessage(
        failure(change("\"gaussian\"", "\"gamma\"")),
        "family: unknown family \"gamma\" (known: bernoulli, binomial, categorical, gaussian,"
            + " poisson)");
    // A known family whose fields are not there.
    assertMessage(failure(change("\"gaussian\"", "\"poisson\"")), "components[0].rate: missing");
    assertMessage(
        failure(change("\"full\"", "\"banana\"")),
        "covarianceType: unknown covariance type 'banana' (expected full, diag, spherical or tied)");
  }

  @Test
  void weightsNotSummingToOne() throws IOException {
    assertMessage(
        failure(change("\"weight\": 0.6", "\"weight\": 0.5")),
        "model.json: components: the weights sum to 0.9, not 1");
    assertMessage(
        failure(change("\"weight\": 0.4", "\"weight\": -0.4")),
        "components[0].weight: must be >= 0, found -0.4");
    assertMessage(
        failure(change("\"weight\": 0.4", "\"weight\": \"0.4\"")),
        "components[0].weight: expected a number, found \"0.4\"");
  }

  @Test
  void nonPositiveDefiniteCovariance() throws IOException {
    assertMessage(
        failure(change("[[2, 0], [0, 0.5]]", "[[1, 2], [2, 1]]")),
        "components[1].covariance: is not symmetric positive definite");
    assertMessage(
        failure(change("[[2, 0], [0, 0.5]]", "[[2, 0], [0, 0]]")),
        "components[1].covariance: is not symmetric positive definite");
    assertMessage(
        failure(change("[[2, 0], [0, 0.5]]", "[[2, 0.3], [0.1, 0.5]]")),
        "covariance of component 2 is not symmetric: 0.1 at (2, 1) but 0.3 at (1, 2)");
  }

  @Test
  void wrongShapesSayWhatWasFound() throws IOException {
    assertMessage(
        failure(change("[[1, 0.2], [0.2, 1]]", "[[1, 0.2], [0.2, 1], [0, 0]]")),
        "components[0].covariance: expected 2 rows, found 3");
    assertMessage(
        failure(change("[[1, 0.2], [0.2, 1]]", "[[1, 0.2], [0.2]]")),
        "components[0].covariance[1]: expected 2 numbers, found 1");
    assertMessage(
        failure(change("\"mean\": [3, 3]", "\"mean\": [3, 3, 3]")),
        "components[1].mean: expected 2 numbers, found 3");
    assertMessage(
        failure(change("\"covariance\": [[2, 0], [0, 0.5]]", "\"covariance\": 2")),
        "components[1].covariance: expected a 2 x 2 matrix (an array of rows)");
    assertMessage(
        failure(change("\"dimension\": 2", "\"dimension\": 3")),
        "components[0].mean: expected 3 numbers, found 2");
    assertMessage(
        failure(change("[\"a\", \"b\"]", "[\"a\"]")), "columns: expected 2 column names");
    assertMessage(
        failure(change("\"mean\": [0, 0]", "\"mean\": [0, \"x\"]")),
        "components[0].mean[1]: expected a number, found \"x\"");
    assertMessage(failure(change("\"mean\": [0, 0], ", "")), "components[0].mean: missing");
  }

  @Test
  void covariancesMustHaveTheStructureOfTheType() throws IOException {
    assertMessage(
        failure(change("\"full\"", "\"diag\"")),
        "components: a diag model needs diagonal covariances, but component 1 has 0.2 at (1, 2)");
    assertMessage(
        failure(change("\"full\"", "\"tied\"")),
        "a tied model needs equal covariances, but component 2 differs from component 1");
  }

  /**
   * Model files written by em4j 0.1 (format version 1) are kept under {@code models/} and must
   * keep loading, with the same values and the same log-likelihood on the data they were fitted
   * to.
   */
  @ParameterizedTest
  @ValueSource(strings = {"full", "diag", "spherical", "tied"})
  void goldenVersionOneFilesStillLoad(String type) throws IOException, URISyntaxException {
    Path file = Path.of(getClass().getResource("/models/v1-faithful-" + type + ".json").toURI());
    MixtureModel<?> m = ModelFile.read(file);
    GaussianFamily family = (GaussianFamily) m.family();
    assertEquals(CovarianceType.parse(type), family.covarianceType());
    assertEquals(1e-6, family.regularization());
    assertEquals(List.of("eruptions", "waiting"), m.columnNames());
    assertEquals(2, m.components());
    assertEquals(272, m.fit().samples());
    Dataset faithful;
    try (Reader r =
        new InputStreamReader(
            getClass().getResourceAsStream("/faithful.csv"), StandardCharsets.UTF_8)) {
      faithful = new CsvReader().read(r, "faithful.csv");
    }
    double ll = m.logLikelihood(faithful);
    assertEquals(m.fit().logLikelihood(), ll, 1e-12 * Math.abs(ll));
    // And the file, read and written again, is the same document, plus the fields that later
    // versions of the writer add with the values that mean "as before".
    com.fasterxml.jackson.databind.node.ObjectNode rewritten =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            ModelFile.mapper().readTree(ModelFile.toJson(m));
    com.fasterxml.jackson.databind.node.ObjectNode fit =
        (com.fasterxml.jackson.databind.node.ObjectNode) rewritten.get("fit");
    assertEquals("none", fit.remove("acceleration").asText());
    assertEquals(ModelFile.mapper().readTree(Files.readString(file)), rewritten);
  }
}
