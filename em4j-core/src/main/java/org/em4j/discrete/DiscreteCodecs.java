package org.em4j.discrete;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.em4j.data.Levels;
import org.em4j.io.FamilyCodec;
import org.em4j.io.ModelReader;
import org.em4j.mixture.MixtureFamily;

/**
 * The model-file parts of the discrete families (documented in {@code docs/model-format.md}):
 * components {@code {"weight", "p"}} (binomial: a number; bernoulli: one per column), {@code
 * {"weight", "rate"}} (poisson) and {@code {"weight", "probabilities"}} (categorical: per column,
 * an object level name to probability, with the root's {@code "levels"} giving the code order).
 */
public final class DiscreteCodecs {
  private DiscreteCodecs() {}

  /** One codec per discrete family, for {@link org.em4j.io.ModelFile#register}. */
  public static List<FamilyCodec<?>> all() {
    return List.of(new Binomial(), new Bernoulli(), new Poisson(), new Categorical());
  }

  /** Reads the components array and the weights, common to every family. */
  private static JsonNode components(JsonNode root, ModelReader r, String fields) {
    JsonNode comps = r.require(root, "components", "");
    if (!comps.isArray() || comps.size() == 0) {
      throw r.error("components", "expected a non-empty array of components");
    }
    for (int c = 0; c < comps.size(); c++) {
      if (!comps.get(c).isObject()) {
        throw r.error("components[" + c + "]", "expected an object with " + fields);
      }
    }
    return comps;
  }

  private static double[] weights(JsonNode comps, ModelReader r) {
    double[] w = new double[comps.size()];
    double sum = 0;
    for (int c = 0; c < w.length; c++) {
      String path = "components[" + c + "]";
      w[c] = r.number(r.require(comps.get(c), "weight", path), path + ".weight");
      if (w[c] < 0) {
        throw r.error(path + ".weight", "must be >= 0, found " + w[c]);
      }
      sum += w[c];
    }
    if (Math.abs(sum - 1) > DiscreteParameters.SUM_TOLERANCE) {
      throw r.error("components", "the weights sum to " + sum + ", not 1");
    }
    return w;
  }

  private static double probability(ModelReader r, JsonNode v, String path) {
    double p = r.number(v, path);
    if (p < 0 || p > 1) {
      throw r.error(path, "must be a probability in [0, 1], found " + p);
    }
    return p;
  }

  private static void putVector(ObjectNode comp, String field, double[] v) {
    ArrayNode a = comp.putArray(field);
    for (double x : v) {
      a.add(x);
    }
  }

  /** {@code "family": "binomial"}: {@code "trials"} and components {@code {weight, p}}. */
  static final class Binomial implements FamilyCodec<BinomialParameters> {
    @Override
    public String family() {
      return "binomial";
    }

    @Override
    public boolean handles(MixtureFamily<?, ?> family) {
      return family instanceof BinomialFamily;
    }

    @Override
    public void write(
        MixtureFamily<BinomialParameters, ?> family, BinomialParameters p, ObjectNode root) {
      root.put("trials", ((BinomialFamily) family).sampleTrials());
      ArrayNode comps = root.putArray("components");
      for (int c = 0; c < p.components(); c++) {
        ObjectNode comp = comps.addObject();
        comp.put("weight", p.weight(c));
        comp.put("p", p.p(c));
      }
    }

    @Override
    public Loaded<BinomialParameters> read(JsonNode root, ModelReader r) {
      int trials = root.has("trials") ? r.integer(root, "trials", "") : 1;
      if (trials < 1) {
        throw r.error("trials", "must be at least 1, found " + trials);
      }
      JsonNode comps = components(root, r, "weight and p");
      double[] w = weights(comps, r);
      double[] p = new double[w.length];
      for (int c = 0; c < p.length; c++) {
        String path = "components[" + c + "]";
        p[c] = probability(r, r.require(comps.get(c), "p", path), path + ".p");
      }
      try {
        return new Loaded<>(new BinomialFamily(trials), new BinomialParameters(w, p));
      } catch (IllegalArgumentException e) {
        throw r.error("components", e.getMessage());
      }
    }
  }

  /** {@code "family": "bernoulli"}: components {@code {weight, p: [D numbers]}}. */
  static final class Bernoulli implements FamilyCodec<BernoulliParameters> {
    @Override
    public String family() {
      return "bernoulli";
    }

    @Override
    public boolean handles(MixtureFamily<?, ?> family) {
      return family instanceof BernoulliFamily;
    }

    @Override
    public void write(
        MixtureFamily<BernoulliParameters, ?> family, BernoulliParameters p, ObjectNode root) {
      ArrayNode comps = root.putArray("components");
      for (int c = 0; c < p.components(); c++) {
        ObjectNode comp = comps.addObject();
        comp.put("weight", p.weight(c));
        putVector(comp, "p", p.p(c));
      }
    }

    @Override
    public Loaded<BernoulliParameters> read(JsonNode root, ModelReader r) {
      int d = r.integer(root, "dimension", "");
      JsonNode comps = components(root, r, "weight and p");
      double[] w = weights(comps, r);
      double[] p = new double[w.length * d];
      for (int c = 0; c < w.length; c++) {
        String path = "components[" + c + "].p";
        double[] v = r.vector(r.require(comps.get(c), "p", "components[" + c + "]"), path, d);
        for (int j = 0; j < d; j++) {
          if (v[j] < 0 || v[j] > 1) {
            throw r.error(path + "[" + j + "]", "must be a probability in [0, 1], found " + v[j]);
          }
        }
        System.arraycopy(v, 0, p, c * d, d);
      }
      try {
        return new Loaded<>(new BernoulliFamily(), new BernoulliParameters(w, d, p));
      } catch (IllegalArgumentException e) {
        throw r.error("components", e.getMessage());
      }
    }
  }

  /** {@code "family": "poisson"}: components {@code {weight, rate: [D numbers]}}. */
  static final class Poisson implements FamilyCodec<PoissonParameters> {
    @Override
    public String family() {
      return "poisson";
    }

    @Override
    public boolean handles(MixtureFamily<?, ?> family) {
      return family instanceof PoissonFamily;
    }

    @Override
    public void write(
        MixtureFamily<PoissonParameters, ?> family, PoissonParameters p, ObjectNode root) {
      ArrayNode comps = root.putArray("components");
      for (int c = 0; c < p.components(); c++) {
        ObjectNode comp = comps.addObject();
        comp.put("weight", p.weight(c));
        putVector(comp, "rate", p.rates(c));
      }
    }

    @Override
    public Loaded<PoissonParameters> read(JsonNode root, ModelReader r) {
      int d = r.integer(root, "dimension", "");
      JsonNode comps = components(root, r, "weight and rate");
      double[] w = weights(comps, r);
      double[] rates = new double[w.length * d];
      for (int c = 0; c < w.length; c++) {
        String path = "components[" + c + "].rate";
        double[] v = r.vector(r.require(comps.get(c), "rate", "components[" + c + "]"), path, d);
        for (int j = 0; j < d; j++) {
          if (v[j] < 0) {
            throw r.error(path + "[" + j + "]", "a rate must be >= 0, found " + v[j]);
          }
        }
        System.arraycopy(v, 0, rates, c * d, d);
      }
      try {
        return new Loaded<>(new PoissonFamily(), new PoissonParameters(w, d, rates));
      } catch (IllegalArgumentException e) {
        throw r.error("components", e.getMessage());
      }
    }
  }

  /**
   * {@code "family": "categorical"}: {@code "levels"} (per column, the level names in code order)
   * and components {@code {weight, probabilities: [per column {level: probability}]}}.
   */
  static final class Categorical implements FamilyCodec<CategoricalParameters> {
    @Override
    public String family() {
      return "categorical";
    }

    @Override
    public boolean handles(MixtureFamily<?, ?> family) {
      return family instanceof CategoricalFamily;
    }

    @Override
    public void write(
        MixtureFamily<CategoricalParameters, ?> family,
        CategoricalParameters p,
        ObjectNode root) {
      Levels levels = ((CategoricalFamily) family).levels();
      ArrayNode lv = root.putArray("levels");
      for (int j = 0; j < levels.columns(); j++) {
        ArrayNode col = lv.addArray();
        levels.of(j).forEach(col::add);
      }
      ArrayNode comps = root.putArray("components");
      for (int c = 0; c < p.components(); c++) {
        ObjectNode comp = comps.addObject();
        comp.put("weight", p.weight(c));
        ArrayNode probs = comp.putArray("probabilities");
        for (int j = 0; j < levels.columns(); j++) {
          ObjectNode col = probs.addObject();
          double[] v = p.probabilities(c, j);
          for (int l = 0; l < v.length; l++) {
            col.put(levels.name(j, l), v[l]);
          }
        }
      }
    }

    @Override
    public Loaded<CategoricalParameters> read(JsonNode root, ModelReader r) {
      int d = r.integer(root, "dimension", "");
      JsonNode lv = r.require(root, "levels", "");
      if (!lv.isArray() || lv.size() != d) {
        throw r.error("levels", "expected " + d + " arrays of level names, one per column");
      }
      List<List<String>> names = new ArrayList<>();
      for (int j = 0; j < d; j++) {
        JsonNode col = lv.get(j);
        if (!col.isArray() || col.size() == 0) {
          throw r.error("levels[" + j + "]", "expected a non-empty array of level names");
        }
        List<String> l = new ArrayList<>();
        for (JsonNode n : col) {
          if (!n.isTextual()) {
            throw r.error("levels[" + j + "]", "expected strings, found " + n);
          }
          l.add(n.asText());
        }
        names.add(l);
      }
      Levels levels;
      try {
        levels = new Levels(names);
      } catch (IllegalArgumentException e) {
        throw r.error("levels", e.getMessage());
      }
      int total = 0;
      for (int count : levels.counts()) {
        total += count;
      }
      JsonNode comps = components(root, r, "weight and probabilities");
      double[] w = weights(comps, r);
      double[] probs = new double[w.length * total];
      for (int c = 0; c < w.length; c++) {
        String path = "components[" + c + "].probabilities";
        JsonNode pr = r.require(comps.get(c), "probabilities", "components[" + c + "]");
        if (!pr.isArray() || pr.size() != d) {
          throw r.error(path, "expected " + d + " objects (level -> probability), one per column");
        }
        int o = c * total;
        for (int j = 0; j < d; j++) {
          JsonNode col = pr.get(j);
          String cp = path + "[" + j + "]";
          if (!col.isObject()) {
            throw r.error(cp, "expected an object mapping level names to probabilities");
          }
          int seen = 0;
          Iterator<Map.Entry<String, JsonNode>> it = col.fields();
          while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int code = levels.code(j, e.getKey());
            if (code < 0) {
              throw r.error(
                  cp,
                  "level '" + e.getKey() + "' is not in levels[" + j + "] ("
                      + String.join(", ", levels.of(j)) + ")");
            }
            probs[o + code] = probability(r, e.getValue(), cp + "." + e.getKey());
            seen++;
          }
          if (seen != levels.count(j)) {
            throw r.error(
                cp, "expected a probability for each of the " + levels.count(j) + " levels, found "
                    + seen);
          }
          o += levels.count(j);
        }
      }
      try {
        return new Loaded<>(
            new CategoricalFamily(levels), new CategoricalParameters(w, levels.counts(), probs));
      } catch (IllegalArgumentException e) {
        throw r.error("components", e.getMessage());
      }
    }
  }
}
