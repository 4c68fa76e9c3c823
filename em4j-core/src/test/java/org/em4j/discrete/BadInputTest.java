package org.em4j.discrete;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.em4j.data.BinomialInput;
import org.em4j.data.CsvReader;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.data.Levels;
import org.em4j.data.MissingRows;
import org.em4j.data.TextTable;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmOptions;
import org.em4j.engine.InitMethod;
import org.em4j.io.ModelFile;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.junit.jupiter.api.Test;

/** Every kind of bad input to the discrete families gets a clear error naming where it is. */
class BadInputTest {
  static TextTable table(String csv) throws Exception {
    return TextTable.read(new StringReader(csv), "d.csv", null, CsvReader.Header.AUTO);
  }

  static void assertMessage(Throwable e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void negativeCount() throws Exception {
    TextTable t = table("heads,tosses\n3,10\n-1,10\n");
    assertMessage(
        assertThrows(InputException.class, () -> BinomialInput.fromCounts(t, 0, 1, null)),
        "d.csv row 2, column 'heads'", "successes", "-1");
  }

  @Test
  void successesExceedTrials() throws Exception {
    TextTable t = table("heads,tosses\n3,10\n11,10\n");
    assertMessage(
        assertThrows(InputException.class, () -> BinomialInput.fromCounts(t, 0, 1, null)),
        "d.csv row 2, column 'heads'", "11 successes exceed the 10 trials", "'tosses'");
  }

  @Test
  void fractionalTrials() throws Exception {
    TextTable t = table("heads,tosses\n3,10.5\n");
    assertMessage(
        assertThrows(InputException.class, () -> BinomialInput.fromCounts(t, 0, 1, null)),
        "row 1, column 'tosses'", "whole number");
  }

  @Test
  void badFlipCharacter() throws Exception {
    TextTable t = table("flips\nHTTH\nHTXH\n");
    assertMessage(
        assertThrows(InputException.class, () -> BinomialInput.fromColumn(t, 0, null)),
        "d.csv row 2, column 'flips'", "character 3 is 'X'");
  }

  @Test
  void nonBinaryOneTrialColumn() throws Exception {
    TextTable t = table("x\n1\n0\n2\n");
    assertMessage(
        assertThrows(InputException.class, () -> BinomialInput.fromColumn(t, 0, null)),
        "d.csv row 3, column 'x'", "not 0 or 1");
  }

  @Test
  void missingCountIsReportedAndSkipped() throws Exception {
    TextTable t = table("flips\nHTTH\nNA\nHHHT\n\"\"\n");
    Dataset d = BinomialInput.fromColumn(t, 0, null);
    assertMessage(
        assertThrows(InputException.class, () -> new BinomialFamily().validate(d)),
        "d.csv row 2 has a missing count");
    MissingRows.Result r = MissingRows.dropAny(d);
    assertEquals(2, r.data().rows());
    assertArrayEquals(new int[] {1, 3}, r.removed());
    // the model file's fit.skippedRows counts them: they were not fitted
    assertArrayEquals(new int[] {1, 3}, r.data().skippedRows());
    assertEquals(
        "skipped 2 rows of d.csv with a missing count (rows 2, 4)",
        r.describe("d.csv", "with a missing count"));
    new BinomialFamily().validate(r.data());
  }

  @Test
  void nonBinaryBernoulli() {
    Dataset d = Dataset.ofRows(new double[][] {{0, 1}, {1, 2}});
    assertMessage(
        assertThrows(InputException.class, () -> new BernoulliFamily().validate(d)),
        "row 2, column 'x2'", "not binary");
  }

  @Test
  void rowWithNothingObserved() {
    Dataset d = Dataset.ofRows(new double[][] {{0, 1}, {Double.NaN, Double.NaN}, {1, 1}});
    assertMessage(
        assertThrows(InputException.class, () -> new BernoulliFamily().validate(d)),
        "row 2 has every value missing");
    assertEquals(2, MissingRows.dropAll(d).data().rows());
  }

  @Test
  void poissonNeedsCounts() {
    for (double bad : new double[] {-1, 2.5, Double.POSITIVE_INFINITY}) {
      Dataset d = Dataset.ofRows(new double[][] {{0, 1}, {3, bad}});
      assertMessage(
          assertThrows(InputException.class, () -> new PoissonFamily().validate(d)),
          "row 2, column 'x2'", "not a count");
    }
  }

  @Test
  void unseenLevelWhenPredicting() throws Exception {
    TextTable train = table("colour,size\nred,S\nblue,M\nred,L\n");
    Levels levels = Levels.learn(train, new int[] {0, 1});
    assertEquals(List.of("blue", "red"), levels.of(0));
    TextTable later = table("colour,size\nred,S\ngreen,M\n");
    assertMessage(
        assertThrows(InputException.class, () -> levels.encode(later, new int[] {0, 1}, null)),
        "d.csv row 2, column 'colour'", "level 'green' was not seen", "blue, red");
  }

  @Test
  void levelCodeOutOfRange() {
    Dataset d = Dataset.ofRows(new double[][] {{0}, {3}});
    assertMessage(
        assertThrows(
            InputException.class,
            () -> new CategoricalFamily(Levels.ofCounts(3)).validate(d)),
        "row 2, column 'x1'", "not a level code");
  }

  @Test
  void randomPointsIsRejected() {
    Dataset d = Dataset.ofRows(new double[][] {{0, 1}, {1, 1}, {1, 0}});
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BernoulliFamily()
                    .initialize(d, 2, InitMethod.RANDOM_POINTS, new SplittableRandom(1),
                        ChunkExecutor.sequential())),
        "random-points", "use random, kmeans++ or a model file");
  }

  @Test
  void unknownFixedGroup() {
    Dataset d = Dataset.ofRows(new double[][] {{3, 10}, {7, 10}});
    EmOptions o = EmOptions.builder().components(1).fixed(Set.of("means")).build();
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> new MixtureFitter<>(new BinomialFamily(), o).fit(d)),
        "cannot fix 'means'", "p, weights");
  }

  @Test
  void tooManyComponents() {
    Dataset d = Dataset.ofRows(new double[][] {{3, 10}, {7, 10}});
    EmOptions o = EmOptions.builder().components(3).build();
    assertMessage(
        assertThrows(InputException.class, () -> new MixtureFitter<>(new BinomialFamily(), o).fit(d)),
        "fewer than the 3 components");
  }

  /** A row with nothing observed scores log density 0 and its posterior is the weights. */
  @Test
  void predictingAnEmptyRowGivesThePrior() {
    BernoulliParameters p =
        new BernoulliParameters(new double[] {0.3, 0.7}, 2, new double[] {0.9, 0.1, 0.2, 0.8});
    MixtureModel<BernoulliParameters> m = new MixtureModel<>(new BernoulliFamily(), p, null, null, null);
    Dataset d = Dataset.ofRows(new double[][] {{Double.NaN, Double.NaN}, {1, Double.NaN}});
    assertEquals(0, m.scoreSamples(d)[0], 1e-15);
    assertArrayEquals(new double[] {0.3, 0.7}, m.predictProba(d)[0], 1e-15);
    // A partly observed row: the marginal over the missing column.
    assertEquals(Math.log(0.3 * 0.9 + 0.7 * 0.2), m.scoreSamples(d)[1], 1e-15);
  }

  static ObjectNode modelTree(MixtureModel<?> m) {
    return ModelFile.toTree(m);
  }

  @Test
  void badModelFiles() {
    MixtureModel<BinomialParameters> bin =
        new MixtureModel<>(
            new BinomialFamily(10),
            new BinomialParameters(new double[] {0.5, 0.5}, new double[] {0.8, 0.5}),
            null, null, List.of("heads", "tosses"));
    ObjectNode t = modelTree(bin);
    ((ObjectNode) t.get("components").get(1)).put("p", 1.5);
    assertMessage(
        assertThrows(InputException.class, () -> ModelFile.fromTree(t, "m.json")),
        "m.json: components[1].p", "probability in [0, 1]");
    ObjectNode w = modelTree(bin);
    ((ObjectNode) w.get("components").get(1)).put("weight", 0.7);
    assertMessage(
        assertThrows(InputException.class, () -> ModelFile.fromTree(w, "m.json")),
        "the weights sum to 1.2");

    MixtureModel<PoissonParameters> poi =
        new MixtureModel<>(
            new PoissonFamily(),
            new PoissonParameters(new double[] {1}, 2, new double[] {1, 2}), null, null, null);
    ObjectNode r = modelTree(poi);
    ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("components").get(0).get("rate")).set(1,
        r.numberNode(-2.0));
    assertMessage(
        assertThrows(InputException.class, () -> ModelFile.fromTree(r, "m.json")),
        "components[0].rate[1]", "rate must be >= 0");

    Levels levels = Levels.ofCounts(2, 3);
    MixtureModel<CategoricalParameters> cat =
        new MixtureModel<>(
            new CategoricalFamily(levels),
            new CategoricalParameters(new double[] {1}, levels.counts(), new double[] {0.5, 0.5, 0.2, 0.3, 0.5}),
            null, null, null);
    ObjectNode c = modelTree(cat);
    ObjectNode col = (ObjectNode) c.get("components").get(0).get("probabilities").get(1);
    col.remove("2");
    col.put("7", 0.5);
    assertMessage(
        assertThrows(InputException.class, () -> ModelFile.fromTree(c, "m.json")),
        "components[0].probabilities[1]", "level '7' is not in levels[1]");
    ObjectNode c2 = modelTree(cat);
    ((ObjectNode) c2.get("components").get(0).get("probabilities").get(1)).remove("2");
    assertMessage(
        assertThrows(InputException.class, () -> ModelFile.fromTree(c2, "m.json")),
        "expected a probability for each of the 3 levels, found 2");
    ObjectNode c3 = modelTree(cat);
    ((ObjectNode) c3.get("components").get(0).get("probabilities").get(1)).put("2", 0.9);
    assertMessage(
        assertThrows(InputException.class, () -> ModelFile.fromTree(c3, "m.json")),
        "sum to 1.4");
  }
}
