package org.em4j.discrete;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.data.Levels;

/**
 * Latent class analysis: mixtures of independent categorical distributions. Each row has D
 * categorical columns, held as level codes (0, 1, ...) with the level names in a {@link Levels}
 * schema, which this family keeps as its setting; within a class the columns are independent, so
 * class c has a probability table per column. The M-step is {@code P(x_j = l | c) = sum_i r_ic
 * [x_ij = l] / sum_i r_ic [x_ij observed]}. References: Goodman, "Exploratory latent structure
 * analysis using both identifiable and unidentifiable models", Biometrika 61 (1974); Linzer and
 * Lewis, "poLCA: an R package for polytomous variable latent class analysis", J. Stat. Software
 * 42 (2011).
 *
 * <p>Parameter groups: {@code weights} and {@code probabilities}. A missing cell ({@code NaN}) is
 * skipped in its row's likelihood and in its column's counts (as poLCA does with {@code
 * na.rm = FALSE}); exact under within-class independence.
 */
public final class CategoricalFamily extends DiscreteFamily<CategoricalParameters> {
  private static final long serialVersionUID = 1L;

  private final Levels levels;
  private final int[] counts;
  private final int[] offsets;
  private final int total;

  /** @param levels the level names of every column, in code order */
  public CategoricalFamily(Levels levels) {
    this.levels = Objects.requireNonNull(levels, "levels");
    this.counts = levels.counts();
    this.offsets = new int[counts.length + 1];
    for (int j = 0; j < counts.length; j++) {
      offsets[j + 1] = offsets[j] + counts[j];
    }
    this.total = offsets[counts.length];
  }

  /** The level names of every column. */
  public Levels levels() {
    return levels;
  }

  @Override
  public String name() {
    return "categorical";
  }

  @Override
  public String componentGroup() {
    return "probabilities";
  }

  @Override
  int sums(int d) {
    return total;
  }

  @Override
  void checkShape(CategoricalParameters p) {
    if (!Arrays.equals(p.levelCounts(), counts)) {
      throw new IllegalArgumentException(
          "parameters with level counts "
              + Arrays.toString(p.levelCounts())
              + " given to a family whose columns have "
              + Arrays.toString(counts)
              + " levels");
    }
  }

  @Override
  public void checkValues(Dataset data) {
    int d = data.columns();
    if (d != counts.length) {
      throw new InputException(
          data.source()
              + " has "
              + d
              + " columns but the categorical model has "
              + counts.length);
    }
    double[] x = data.values();
    for (int i = 0; i < data.rows(); i++) {
      for (int j = 0; j < d; j++) {
        double v = x[i * d + j];
        if (!Double.isNaN(v) && !(v >= 0 && v < counts[j] && v == Math.rint(v))) {
          throw new InputException(
              data.describeCell(i, j)
                  + ": "
                  + v
                  + " is not a level code of this column (it has "
                  + counts[j]
                  + " levels, coded 0 to "
                  + (counts[j] - 1)
                  + ")");
        }
      }
    }
  }

  @Override
  void componentLogDensities(
      CategoricalParameters p, double[] x, int off, int d, double[] out) {
    int k = p.components();
    for (int c = 0; c < k; c++) {
      double s = p.logWeights[c];
      int po = c * total;
      for (int j = 0; j < d; j++) {
        double v = x[off + j];
        if (!Double.isNaN(v)) {
          s += p.logProb[po + offsets[j] + (int) v];
        }
      }
      out[c] = s;
    }
  }

  @Override
  void addRow(double[] x, int off, int d, double r, double[] s, int so) {
    for (int j = 0; j < d; j++) {
      double v = x[off + j];
      if (!Double.isNaN(v)) {
        s[so + offsets[j] + (int) v] += r;
      }
    }
  }

  @Override
  double[] componentValues(DiscreteStatistics st, CategoricalParameters previous) {
    int k = st.k;
    double[] values = new double[k * total];
    for (int j = 0; j < counts.length; j++) {
      double[] pooled = new double[counts[j]];
      double pooledTotal = 0;
      for (int c = 0; c < k; c++) {
        for (int l = 0; l < counts[j]; l++) {
          pooled[l] += st.s[c * total + offsets[j] + l];
        }
      }
      for (double v : pooled) {
        pooledTotal += v;
      }
      for (int c = 0; c < k; c++) {
        int o = c * total + offsets[j];
        double sum = 0;
        for (int l = 0; l < counts[j]; l++) {
          sum += st.s[o + l];
        }
        for (int l = 0; l < counts[j]; l++) {
          double v;
          if (sum > 0) {
            v = st.s[o + l] / sum;
          } else if (previous != null) {
            v = previous.valuesArray()[o + l];
          } else {
            v = pooledTotal > 0 ? pooled[l] / pooledTotal : 1.0 / counts[j];
          }
          values[o + l] = v;
        }
      }
    }
    return values;
  }

  @Override
  CategoricalParameters create(double[] weights, double[] values, int d) {
    return new CategoricalParameters(weights, counts, values);
  }

  @Override
  int freeComponentValues(CategoricalParameters p) {
    return p.components() * (total - counts.length);
  }

  @Override
  List<String> valueNames(CategoricalParameters p) {
    List<String> names = new ArrayList<>();
    for (int c = 1; c <= p.components(); c++) {
      for (int j = 0; j < counts.length; j++) {
        for (int l = 1; l <= counts[j]; l++) {
          names.add("probability[" + c + "][" + (j + 1) + "][" + l + "]");
        }
      }
    }
    return names;
  }

  @Override
  int unconstrainedValues(CategoricalParameters p) {
    return p.components() * (total - counts.length);
  }

  @Override
  void valuesToUnconstrained(CategoricalParameters p, double[] theta, int off) {
    double[] v = p.valuesArray();
    int t = off;
    for (int c = 0; c < p.components(); c++) {
      for (int j = 0; j < counts.length; j++) {
        int o = c * total + offsets[j];
        double last = floorLog(v[o + counts[j] - 1]);
        for (int l = 0; l < counts[j] - 1; l++) {
          theta[t++] = floorLog(v[o + l]) - last;
        }
      }
    }
  }

  @Override
  double[] valuesFromUnconstrained(double[] theta, int off, CategoricalParameters template) {
    int k = template.components();
    double[] v = new double[k * total];
    int t = off;
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < counts.length; j++) {
        int o = c * total + offsets[j];
        int n = counts[j];
        double max = 0;
        for (int l = 0; l < n - 1; l++) {
          max = Math.max(max, theta[t + l]);
        }
        double sum = Math.exp(-max);
        for (int l = 0; l < n - 1; l++) {
          sum += Math.exp(theta[t + l] - max);
        }
        for (int l = 0; l < n - 1; l++) {
          v[o + l] = Math.exp(theta[t + l] - max) / sum;
        }
        v[o + n - 1] = Math.exp(-max) / sum;
        t += n - 1;
      }
    }
    return v;
  }

  @Override
  Dataset embedding(Dataset data) {
    int n = data.rows();
    int d = data.columns();
    double[] v = new double[n * total];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double x = data.get(i, j);
        for (int l = 0; l < counts[j]; l++) {
          v[i * total + offsets[j] + l] = Double.isNaN(x) ? Double.NaN : (x == l ? 1 : 0);
        }
      }
    }
    return sameRows(data, meanFilled(data, v, total), total);
  }

  @Override
  public void sampleComponent(
      CategoricalParameters p, int c, RandomGenerator random, double[] out) {
    for (int j = 0; j < counts.length; j++) {
      double u = random.nextDouble();
      int o = c * total + offsets[j];
      int l = 0;
      double cumulative = p.valuesArray()[o];
      while (u >= cumulative && l < counts[j] - 1) {
        l++;
        cumulative += p.valuesArray()[o + l];
      }
      out[j] = l;
    }
  }

  @Override
  public String formatValue(int column, double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return levels.name(column, (int) value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CategoricalFamily f && f.levels.equals(levels);
  }

  @Override
  public int hashCode() {
    return levels.hashCode();
  }
}
