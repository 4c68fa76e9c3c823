package org.em4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The discrete families and the coin demos through the command line, run in-process. */
class DiscreteCliTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Em4jCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static void assertContains(String text, String... parts) {
    for (String p : parts) {
      assertTrue(text.contains(p), "missing '" + p + "' in:\n" + text);
    }
  }

  @Test
  void coinsDemoMatchesThePaper() {
    Result r = run("demo", "coins");
    assertEquals(0, r.code(), r.err());
    assertContains(
        r.out(),
        "theta_A = 24 / 30 = 0.8000",
        "theta_B = 9 / 20 = 0.4500",
        "1             0.7130     0.5813",
        "10            0.7967     0.5197");
  }

  @Test
  void coinsDemoTakesDataAndStarts() {
    Result r = run("demo", "coins", "--flips", "HHHT,TTTH,HHHH", "--start", "0.7,0.2",
        "--coins", "none", "--free-weights");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("Complete data"));
    assertContains(r.out(), "weight_A");
    Result bad = run("demo", "coins", "--flips", "HHXT");
    assertEquals(2, bad.code());
    assertContains(bad.err(), "--flips row 1, column 'flips'", "character 3 is 'X'");
    Result badStart = run("demo", "coins", "--start", "1.2,0.5");
    assertEquals(2, badStart.code());
    assertContains(badStart.err(), "--start", "probability in [0, 1]");
  }

  @Test
  void threeCoinsDemoShowsBothAnswers() {
    Result r = run("demo", "three-coins");
    assertEquals(0, r.code(), r.err());
    assertContains(r.out(), "0.5000    0.6000", "0.4000    0.4064", "0.6000    0.5368",
        "0.7000    0.6432", "not identifiable");
    Result bad = run("demo", "three-coins", "--start", "0.4,0.6");
    assertEquals(2, bad.code());
    assertContains(bad.err(), "expected pi,p,q");
  }

  @Test
  void binomialCountsFitPredictScoreSample() throws Exception {
    Path data = file("c.csv", "heads,tosses,w\n5,10,1\n9,10,1\n8,10,2\n4,10,1\n7,10,1\n1,3,1\n");
    Path model = dir.resolve("m.json");
    Result fit = run("fit", "--family", "binomial", "--data", data.toString(), "--successes", "heads",
        "--trials", "tosses", "--weights", "w", "-k", "2", "--seed", "3", "--out", model.toString());
    assertEquals(0, fit.code(), fit.err());
    JsonNode m = new ObjectMapper().readTree(model.toFile());
    assertEquals("binomial", m.get("family").asText());
    assertEquals(10, m.get("trials").asInt());
    assertEquals(List.of("heads", "tosses"), List.of(m.get("columns").get(0).asText(), m.get("columns").get(1).asText()));
    Result pred = run("predict", "--model", model.toString(), "--data", data.toString());
    assertEquals(0, pred.code(), pred.err());
    assertEquals(7, pred.out().split("\n").length);
    Result score = run("score", "--model", model.toString(), "--data", data.toString(), "--weights", "w");
    assertEquals(0, score.code(), score.err());
    assertContains(score.out(), "rows 6");
    Result sample = run("sample", "--model", model.toString(), "-n", "3", "--seed", "1");
    assertEquals(0, sample.code(), sample.err());
    assertTrue(sample.out().split("\n")[1].matches("\\d+,10"), sample.out());
  }

  @Test
  void flipColumnWithMissingRowIsReported() throws Exception {
    Path data = file("f.csv", "flips\nHTTTHHTHTH\nHHHHTHHHHH\nNA\nHTHTTTHHTT\n");
    Result fit = run("fit", "--family", "binomial", "--data", data.toString(), "-k", "2");
    assertEquals(0, fit.code(), fit.err());
    assertContains(fit.err(), "skipped 1 row of", "with a missing count (row 3)");
    assertContains(fit.out(), "N = 3 rows");
  }

  @Test
  void aFlipModelPredictsFromTheFlipColumnAndTracesEveryIteration() throws Exception {
    Path data = file("f.csv", "id,flips\n1,HTTTHHTHTH\n2,HHHHTHHHHH\n3,HTHHHHHTHH\n4,HTHTTTHHTT\n");
    Path model = dir.resolve("m.json");
    Path trace = dir.resolve("t.csv");
    Result fit = run("fit", "--family", "binomial", "--data", data.toString(), "--columns", "flips",
        "-k", "2", "--init", "random", "--out", model.toString(), "--trace", trace.toString());
    assertEquals(0, fit.code(), fit.err());
    JsonNode m = new ObjectMapper().readTree(model.toFile());
    assertEquals("flips.successes", m.at("/columns/0").asText());
    Result pred = run("predict", "--model", model.toString(), "--data", data.toString(), "--proba");
    assertEquals(0, pred.code(), pred.err());
    assertEquals(5, pred.out().split("\n").length);
    List<String> lines = Files.readAllLines(trace);
    assertEquals("iteration,logLikelihood,weight[1],weight[2],p[1],p[2]", lines.get(0));
    assertEquals(m.at("/fit/eSteps").asInt() + 1, lines.size());
  }

  @Test
  void fixedWeightsFromAModelFile() throws Exception {
    Path data = file("f.csv", "flips\nHTTTHHTHTH\nHHHHTHHHHH\nHTHHHHHTHH\nHTHTTTHHTT\nTHHHTHHHTH\n");
    Path start = file("s.json", "{\"format\":\"em4j-model\",\"version\":1,\"family\":\"binomial\","
        + "\"dimension\":2,\"components\":[{\"weight\":0.5,\"p\":0.6},{\"weight\":0.5,\"p\":0.5}]}");
    Path model = dir.resolve("m.json");
    Result fit = run("fit", "--data", data.toString(), "--init", start.toString(), "--fix", "weights",
        "--out", model.toString());
    assertEquals(0, fit.code(), fit.err());
    JsonNode m = new ObjectMapper().readTree(model.toFile());
    assertEquals(0.5, m.at("/components/0/weight").asDouble(), 0);
    assertEquals(0.80, m.at("/components/0/p").asDouble(), 0.005);
    assertEquals(0.52, m.at("/components/1/p").asDouble(), 0.005);
    assertEquals(2, m.at("/fit/freeParameters").asInt());
    Result wrong = run("fit", "--data", data.toString(), "--family", "poisson", "--init", start.toString());
    assertEquals(2, wrong.code());
    assertContains(wrong.err(), "is a binomial model, not a poisson one");
  }

  @Test
  void categoricalLevelsTravelWithTheModel() throws Exception {
    Path data = file("lca.csv", "a,b\nyes,low\nno,high\nyes,low\nno,\nyes,high\nno,low\n");
    Path model = dir.resolve("m.json");
    Result fit = run("fit", "--family", "categorical", "--data", data.toString(), "-k", "2",
        "--init", "random", "--out", model.toString());
    assertEquals(0, fit.code(), fit.err());
    JsonNode m = new ObjectMapper().readTree(model.toFile());
    assertEquals("[[\"no\",\"yes\"],[\"high\",\"low\"]]", m.get("levels").toString());
    assertTrue(m.at("/components/0/probabilities/0").has("yes"));
    Result sample = run("sample", "--model", model.toString(), "-n", "5");
    assertTrue(sample.out().split("\n")[1].matches("(yes|no),(low|high)"), sample.out());
    Path later = file("later.csv", "a,b\nyes,low\nmaybe,low\n");
    Result pred = run("predict", "--model", model.toString(), "--data", later.toString());
    assertEquals(2, pred.code());
    assertContains(pred.err(), "later.csv row 2, column 'a'", "level 'maybe' was not seen");
  }

  @Test
  void badValuesNameRowAndColumn() throws Exception {
    Path bern = file("b.csv", "q1,q2\n0,1\n1,2\n");
    Result b = run("fit", "--family", "bernoulli", "--data", bern.toString(), "-k", "1");
    assertEquals(2, b.code());
    assertContains(b.err(), "b.csv row 2, column 'q2'", "not binary");
    Path poi = file("p.csv", "n\n3\n-1\n");
    Result p = run("fit", "--family", "poisson", "--data", poi.toString(), "-k", "1");
    assertEquals(2, p.code());
    assertContains(p.err(), "p.csv row 2, column 'n'", "not a count");
    Path counts = file("c.csv", "s,n\n3,10\n12,10\n");
    Result c = run("fit", "--family", "binomial", "--data", counts.toString(), "--successes", "s",
        "--trials", "n", "-k", "1");
    assertEquals(2, c.code());
    assertContains(c.err(), "c.csv row 2, column 's'", "12 successes exceed the 10 trials");
    Result half = run("fit", "--family", "binomial", "--data", counts.toString(), "--successes", "s", "-k", "1");
    assertEquals(2, half.code());
    assertContains(half.err(), "--successes and --trials go together");
    Result which = run("fit", "--family", "binomial", "--data", counts.toString(), "-k", "1");
    assertEquals(2, which.code());
    assertContains(which.err(), "say which columns hold the binomial data");
    Result notBinomial = run("fit", "--family", "poisson", "--data", counts.toString(), "--successes", "s",
        "--trials", "n", "-k", "1");
    assertEquals(2, notBinomial.code());
    assertContains(notBinomial.err(), "--successes and --trials go with --family binomial");
  }

  @Test
  void selectSweepsKForADiscreteFamily() throws Exception {
    StringBuilder csv = new StringBuilder("heads,tosses\n");
    java.util.SplittableRandom r = new java.util.SplittableRandom(4);
    for (int i = 0; i < 300; i++) {
      double p = i % 3 == 0 ? 0.15 : 0.8;
      int h = 0;
      for (int t = 0; t < 20; t++) {
        h += r.nextDouble() < p ? 1 : 0;
      }
      csv.append(h).append(",20\n");
    }
    Path data = file("s.csv", csv.toString());
    Path best = dir.resolve("best.json");
    Result sel = run("select", "--family", "binomial", "--data", data.toString(), "--successes",
        "heads", "--trials", "tosses", "-k", "1..3", "--restarts", "2", "--out", best.toString());
    assertEquals(0, sel.code(), sel.err());
    assertContains(sel.out(), "best (*): binomial, K = 2");
    JsonNode m = new ObjectMapper().readTree(best.toFile());
    assertEquals("binomial", m.get("family").asText());
    Result cov = run("select", "--family", "binomial", "--data", data.toString(), "--successes",
        "heads", "--trials", "tosses", "-k", "1..2", "--covariance", "diag");
    assertEquals(2, cov.code());
    assertContains(cov.err(), "--covariance applies to the gaussian family only");
  }

  @Test
  void emptyRowsAreSkippedWithAReport() throws Exception {
    Path bern = file("b.csv", "q1,q2\n0,1\n,\n1,1\n1,\n");
    Result b = run("fit", "--family", "bernoulli", "--data", bern.toString(), "-k", "1");
    assertEquals(0, b.code(), b.err());
    assertContains(b.out(), "1 row with every value missing skipped (row 2)", "N = 3 rows");
    Path lca = file("l.csv", "a,b\nyes,low\nno,high\n,\nyes,\n");
    Result c = run("fit", "--family", "categorical", "--data", lca.toString(), "-k", "1");
    assertEquals(0, c.code(), c.err());
    assertContains(c.out(), "1 row with every value missing skipped (row 3)", "N = 3 rows",
        "missing values: 1 of 6 cells");
    // Predicting keeps every row: nothing observed gives the weights as the posterior.
    Path model = dir.resolve("m.json");
    run("fit", "--family", "categorical", "--data", lca.toString(), "-k", "1", "--out", model.toString());
    Result p = run("predict", "--model", model.toString(), "--data", lca.toString());
    assertEquals(0, p.code(), p.err());
    assertEquals(5, p.out().split("\n").length);
  }
}
