package org.em4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.em4j.data.BinomialInput;
import org.em4j.data.Dataset;
import org.em4j.data.InputException;
import org.em4j.data.Levels;
import org.em4j.data.MissingRows;
import org.em4j.data.TextTable;
import org.em4j.discrete.BernoulliFamily;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.DiscreteFamily;
import org.em4j.discrete.PoissonFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.options.DataOptions;
import org.em4j.options.FamilyOptions;

/**
 * How the command line reads data for the discrete families: categorical columns as levels,
 * binomial data as two count columns ({@code --successes}, {@code --trials}) or one column of
 * flip sequences or 0/1 values, binary and count columns as numbers. For a fit, rows without a
 * usable observation are removed and reported on standard error; for predicting and scoring every
 * row is kept (a row with nothing observed gets the mixing weights as its posterior).
 */
final class DiscreteData {
  /** The family names this class reads data for. */
  static final Set<String> FAMILIES = Set.of("binomial", "bernoulli", "categorical", "poisson");

  private DiscreteData() {}

  /**
   * Data and family for a fit.
   *
   * @param data the rows to fit
   * @param family the family (with settings learnt from the data or taken from the start)
   */
  record Fit(Dataset data, DiscreteFamily<?> family) {}

  /** Whether {@code name} is a discrete family. */
  static boolean handles(String name) {
    return FAMILIES.contains(name);
  }

  /**
   * Reads the data of a fit of a discrete family.
   *
   * @param start the --init model, or {@code null}
   * @param err where skipped rows are reported
   */
  static Fit forFit(
      String family,
      DataOptions input,
      String weights,
      String successes,
      String trials,
      MixtureModel<?> start,
      PrintWriter err) {
    FamilyOptions.checkStartFamily(family, start);
    List<String> startColumns = start == null ? null : start.columnNames();
    switch (family) {
      case "bernoulli", "poisson" -> {
        FamilyOptions.noCounts(family, successes, trials);
        Dataset data = input.read(weights, startColumns);
        DiscreteFamily<?> f =
            start != null
                ? (DiscreteFamily<?>) start.family()
                : family.equals("bernoulli") ? new BernoulliFamily() : new PoissonFamily();
        f.checkValues(data);
        // The summary reports rows with every value missing (the reader skips them already).
        return new Fit(MissingRows.dropAll(data).data(), f);
      }
      case "categorical" -> {
        FamilyOptions.noCounts(family, successes, trials);
        TextTable t = table(input);
        int[] cols = selected(t, input.columns(), startColumns, weights);
        double[] w = weights == null ? null : t.weights(t.column(weights));
        Levels levels =
            start != null ? ((CategoricalFamily) start.family()).levels() : Levels.learn(t, cols);
        CategoricalFamily f = new CategoricalFamily(levels);
        Dataset data = levels.encode(t, cols, w);
        // The summary reports rows with every value missing (recorded as skipped rows).
        return new Fit(MissingRows.dropAll(data).data(), f);
      }
      case "binomial" -> {
        Dataset data = binomial(input, weights, successes, trials, startColumns);
        Dataset kept = report(MissingRows.dropAny(data), "with a missing count", err);
        BinomialFamily f = new BinomialFamily(usualTrials(kept));
        return new Fit(kept, f);
      }
      default -> throw new IllegalArgumentException("not a discrete family: " + family);
    }
  }

  /**
   * Reads data to predict or score with a discrete model, or {@code null} when the model's family
   * reads plain numeric columns (the caller's ordinary reader then applies).
   */
  static Dataset forModel(MixtureModel<?> model, DataOptions input, String weights) {
    if (model.family() instanceof CategoricalFamily f) {
      TextTable t = table(input);
      int[] cols = selected(t, input.columns(), model.columnNames(), weights);
      double[] w = weights == null ? null : t.weights(t.column(weights));
      return f.levels().encode(t, cols, w);
    }
    if (model.family() instanceof BinomialFamily) {
      return binomial(input, weights, null, null, model.columnNames());
    }
    return null;
  }

  private static Dataset report(MissingRows.Result r, String why, PrintWriter err) {
    String msg = r.describe(r.data().source(), why);
    if (!msg.isEmpty()) {
      err.println("em4j: " + msg);
      err.flush();
    }
    return r.data();
  }

  /** The most frequent number of trials (the smallest on ties), at least 1: for sampling. */
  static int usualTrials(Dataset data) {
    Map<Double, Integer> counts = new HashMap<>();
    for (int i = 0; i < data.rows(); i++) {
      counts.merge(data.get(i, 1), 1, Integer::sum);
    }
    double best = 1;
    int bestCount = 0;
    for (Map.Entry<Double, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount || e.getValue() == bestCount && e.getKey() < best) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return (int) Math.max(1, Math.min(best, Integer.MAX_VALUE));
  }

  private static TextTable table(DataOptions input) {
    return input.table();
  }

  /** The columns given, else the model's (when the file has them all), else all but weights. */
  private static int[] selected(
      TextTable t, List<String> given, List<String> modelColumns, String weights) {
    int weightIndex = weights == null ? -1 : t.column(weights);
    List<Integer> out = new ArrayList<>();
    if (!given.isEmpty()) {
      for (String c : given) {
        out.add(t.column(c));
      }
    } else if (modelColumns != null) {
      if (!t.names().containsAll(modelColumns)) {
        throw new InputException(
            t.source()
                + ": the model's columns are "
                + String.join(", ", modelColumns)
                + " but the file has "
                + String.join(", ", t.names())
                + " (give --columns to pick the file's columns in the model's order)");
      }
      for (String c : modelColumns) {
        out.add(t.names().indexOf(c));
      }
    } else {
      for (int j = 0; j < t.names().size(); j++) {
        if (j != weightIndex) {
          out.add(j);
        }
      }
    }
    if (out.contains(weightIndex)) {
      throw new InputException(
          t.source() + ": column '" + t.names().get(weightIndex)
              + "' cannot be both a feature and the weights");
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Binomial rows from, in order of preference: --successes and --trials; two --columns
   * (successes, trials); one --columns (flips or 0/1); the model's two count columns; the model's
   * one-column source; the file's only column.
   */
  private static Dataset binomial(
      DataOptions input, String weights, String successes, String trials, List<String> modelColumns) {
    if ((successes == null) != (trials == null)) {
      throw new IllegalArgumentException(
          "--successes and --trials go together (the successes column and the trials column)");
    }
    if (successes != null && !input.columns().isEmpty()) {
      throw new IllegalArgumentException(
          "give either --successes and --trials, or --columns, not both");
    }
    TextTable t = table(input);
    double[] w = weights == null ? null : t.weights(t.column(weights));
    if (successes != null) {
      return BinomialInput.fromCounts(t, t.column(successes), t.column(trials), w);
    }
    List<String> cols = input.columns();
    if (cols.size() == 2) {
      return BinomialInput.fromCounts(t, t.column(cols.get(0)), t.column(cols.get(1)), w);
    }
    if (cols.size() == 1) {
      return BinomialInput.fromColumn(t, t.column(cols.get(0)), w);
    }
    if (cols.size() > 2) {
      throw new IllegalArgumentException(
          "--columns: binomial data is one column (flips such as HTTH, or 0/1) or two (successes,"
              + " trials), got " + cols.size());
    }
    if (modelColumns != null && modelColumns.size() == 2) {
      String a = modelColumns.get(0);
      String b = modelColumns.get(1);
      if (t.hasColumn(a) && t.hasColumn(b)) {
        return BinomialInput.fromCounts(t, t.column(a), t.column(b), w);
      }
      if (a.endsWith(BinomialInput.SUCCESSES_SUFFIX)) {
        String source = a.substring(0, a.length() - BinomialInput.SUCCESSES_SUFFIX.length());
        if (t.hasColumn(source)) {
          return BinomialInput.fromColumn(t, t.column(source), w);
        }
      }
    }
    List<Integer> candidates = new ArrayList<>();
    int weightIndex = weights == null ? -1 : t.column(weights);
    for (int j = 0; j < t.names().size(); j++) {
      if (j != weightIndex) {
        candidates.add(j);
      }
    }
    if (candidates.size() == 1) {
      return BinomialInput.fromColumn(t, candidates.get(0), w);
    }
    throw new IllegalArgumentException(
        t.source()
            + ": say which columns hold the binomial data: --successes COL --trials COL for counts,"
            + " or --columns COL for a column of flips (such as HTTH) or of 0/1 values (the file"
            + " has columns "
            + String.join(", ", t.names())
            + ")");
  }
}
