package org.em4j.gaussian;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.em4j.io.FamilyCodec;
import org.em4j.io.ModelReader;
import org.em4j.mixture.MixtureFamily;

/**
 * The Gaussian part of the model file: {@code covarianceType}, {@code regularization} and
 * components {@code {"weight", "mean", "covariance"}}, where {@code covariance} is always the full
 * {@code D x D} matrix whatever the type.
 */
public final class GaussianCodec implements FamilyCodec<GaussianParameters> {
  @Override
  public String family() {
    return "gaussian";
  }

  @Override
  public boolean handles(MixtureFamily<?, ?> family) {
    return family instanceof GaussianFamily;
  }

  @Override
  public void write(
      MixtureFamily<GaussianParameters, ?> family, GaussianParameters p, ObjectNode root) {
    GaussianFamily g = (GaussianFamily) family;
    root.put("covarianceType", p.covarianceType().label());
    root.put("regularization", g.regularization());
    int d = p.dimension();
    ArrayNode comps = root.putArray("components");
    for (int c = 0; c < p.components(); c++) {
      ObjectNode comp = comps.addObject();
      comp.put("weight", p.weight(c));
      ArrayNode mean = comp.putArray("mean");
      for (double v : p.mean(c)) {
        mean.add(v);
      }
      ArrayNode cov = comp.putArray("covariance");
      double[] full = p.covariance(c);
      for (int i = 0; i < d; i++) {
        ArrayNode row = cov.addArray();
        for (int j = 0; j < d; j++) {
          row.add(full[i * d + j]);
        }
      }
    }
  }

  @Override
  public Loaded<GaussianParameters> read(JsonNode root, ModelReader r) {
    String typeName = r.text(root, "covarianceType", "");
    CovarianceType type;
    try {
      type = CovarianceType.parse(typeName);
    } catch (IllegalArgumentException e) {
      throw r.error("covarianceType", e.getMessage());
    }
    double reg = GaussianFamily.DEFAULT_REGULARIZATION;
    JsonNode regNode = root.get("regularization");
    if (regNode != null && !regNode.isNull()) {
      reg = r.number(regNode, "regularization");
      if (reg < 0) {
        throw r.error("regularization", "must be >= 0, found " + reg);
      }
    }
    int d = r.integer(root, "dimension", "");
    JsonNode comps = r.require(root, "components", "");
    if (!comps.isArray() || comps.size() == 0) {
      throw r.error("components", "expected a non-empty array of components");
    }
    int k = comps.size();
    double[] weights = new double[k];
    double[][] means = new double[k][];
    double[][][] covs = new double[k][][];
    for (int c = 0; c < k; c++) {
      String path = "components[" + c + "]";
      JsonNode comp = comps.get(c);
      if (!comp.isObject()) {
        throw r.error(path, "expected an object with weight, mean and covariance");
      }
      weights[c] = r.number(r.require(comp, "weight", path), path + ".weight");
      if (weights[c] < 0) {
        throw r.error(path + ".weight", "must be >= 0, found " + weights[c]);
      }
      means[c] = r.vector(r.require(comp, "mean", path), path + ".mean", d);
      covs[c] = r.matrix(r.require(comp, "covariance", path), path + ".covariance", d);
    }
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    if (Math.abs(sum - 1) > GaussianParameters.WEIGHT_SUM_TOLERANCE) {
      throw r.error("components", "the weights sum to " + sum + ", not 1");
    }
    try {
      GaussianParameters p = GaussianParameters.fromFull(type, weights, means, covs);
      String[] range = ScaleCheck.outOfRange(p);
      if (range != null) {
        throw r.error(range[0], range[1]);
      }
      return new Loaded<>(new GaussianFamily(type, reg), p);
    } catch (GaussianParameters.NotPositiveDefiniteException e) {
      throw r.error(
          "components[" + e.component() + "].covariance", "is not symmetric positive definite");
    } catch (IllegalArgumentException e) {
      throw r.error("components", e.getMessage());
    }
  }
}
