package org.em4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.em4j.data.Levels;
import org.em4j.discrete.BernoulliParameters;
import org.em4j.discrete.BinomialParameters;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.CategoricalParameters;
import org.em4j.discrete.PoissonParameters;
import org.em4j.mixture.MixtureModel;

/** The components tables of the discrete families in {@code em4j fit}'s summary. */
final class DiscreteSummary {
  /** Columns shown before eliding the rest. */
  private static final int MAX_COLUMNS = 8;

  private DiscreteSummary() {}

  /** Prints the table of a discrete model; does nothing for other families. */
  static void table(MixtureModel<?> model, PrintWriter out) {
    List<String> names = model.columnNames();
    Object params = model.parameters();
    if (params instanceof BinomialParameters p) {
      out.printf(Locale.ROOT, "%-9s %8s  %10s%n", "component", "weight", "p");
      for (int c = 0; c < p.components(); c++) {
        out.printf(Locale.ROOT, "%-9d %8.5f  %10.6f%n", c + 1, p.weight(c), p.p(c));
      }
    } else if (params instanceof BernoulliParameters p) {
      vectors(p.components(), p.dimension(), names, "p", p::weight, p::p, out);
    } else if (params instanceof PoissonParameters p) {
      vectors(p.components(), p.dimension(), names, "rate", p::weight, p::rate, out);
    } else if (params instanceof CategoricalParameters p) {
      Levels levels = ((CategoricalFamily) model.family()).levels();
      StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-22s", "class"));
      StringBuilder weights = new StringBuilder(String.format(Locale.ROOT, "%-22s", "weight"));
      for (int c = 0; c < p.components(); c++) {
        head.append(String.format(Locale.ROOT, "  %9d", c + 1));
        weights.append(String.format(Locale.ROOT, "  %9.5f", p.weight(c)));
      }
      out.println(head);
      out.println(weights);
      for (int j = 0; j < p.dimension(); j++) {
        out.println(clip(names == null ? "x" + (j + 1) : names.get(j), 22));
        for (int l = 0; l < levels.count(j); l++) {
          StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-20s", clip(levels.name(j, l), 20)));
          for (int c = 0; c < p.components(); c++) {
            row.append(String.format(Locale.ROOT, "  %9.5f", p.probability(c, j, l)));
          }
          out.println(row);
        }
      }
    }
  }

  private interface Weight {
    double of(int c);
  }

  private interface Value {
    double of(int c, int j);
  }

  private static void vectors(
      int k, int d, List<String> names, String what, Weight w, Value v, PrintWriter out) {
    int shown = Math.min(d, MAX_COLUMNS);
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-9s %8s", "component", "weight"));
    for (int j = 0; j < shown; j++) {
      head.append(String.format(Locale.ROOT, "  %10s", clip(what + " " + (names == null ? "x" + (j + 1) : names.get(j)), 10)));
    }
    out.println(head);
    for (int c = 0; c < k; c++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-9d %8.5f", c + 1, w.of(c)));
      for (int j = 0; j < shown; j++) {
        row.append(String.format(Locale.ROOT, "  %10.5g", v.of(c, j)));
      }
      out.println(row);
    }
    if (shown < d) {
      out.printf(Locale.ROOT, "(%d more columns in the model file)%n", d - shown);
    }
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }
}
