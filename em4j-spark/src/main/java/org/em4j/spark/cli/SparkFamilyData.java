package org.em4j.spark.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.em4j.data.BinomialInput;
import org.em4j.data.InputException;
import org.em4j.discrete.BernoulliFamily;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.DiscreteFamily;
import org.em4j.discrete.PoissonFamily;
import org.em4j.mixture.MixtureModel;
import org.em4j.options.FamilyOptions;
import org.em4j.spark.BinomialTrials;
import org.em4j.spark.SparkData;

/**
 * The Spark side of {@code em4j fit}'s data forms for the discrete families, read the way the
 * local command reads them (module em4j-cli, {@code DiscreteData}) so that the two fits see the
 * same rows: categorical columns as levels sorted as the local reader sorts them, binomial data as
 * {@code --successes}/{@code --trials}, two count columns or one column of flips or 0/1 values,
 * binary and count columns as numbers. Rows with nothing usable are dropped and reported, as
 * locally: every value missing, or for binomial data a missing count.
 */
final class SparkFamilyData {
  private SparkFamilyData() {}

  /**
   * Data and family of a fit.
   *
   * @param data the rows, to close after the fit (the rows before dropping are closed already)
   * @param family the family, with the settings learnt from the data or taken from the start
   */
  record Fit(SparkData data, DiscreteFamily<?> family) {}

  /**
   * Reads the rows of a discrete family's fit.
   *
   * @param columns {@code --columns} (names or 1-based positions; empty for the default)
   * @param typed whether the columns have types (Parquet, ...), so that the default numeric
   *     columns are those of a numeric type; CSV columns are text, every one a candidate
   * @param start the {@code --init} model, or {@code null}
   * @param err where dropped rows are reported
   */
  static Fit read(
      String family,
      org.apache.spark.sql.Dataset<Row> df,
      List<String> columns,
      boolean typed,
      String weights,
      String successes,
      String trials,
      MixtureModel<?> start,
      String source,
      PrintWriter err) {
    FamilyOptions.checkStartFamily(family, start);
    List<String> startColumns = start == null ? null : start.columnNames();
    switch (family) {
      case "bernoulli", "poisson" -> {
        FamilyOptions.noCounts(family, successes, trials);
        List<String> cols = selected(df, columns, startColumns, weights, typed, source);
        DiscreteFamily<?> f =
            start != null
                ? (DiscreteFamily<?>) start.family()
                : family.equals("bernoulli") ? new BernoulliFamily() : new PoissonFamily();
        return new Fit(drop(SparkData.fromColumns(df, cols, weights, source), false, err), f);
      }
      case "categorical" -> {
        FamilyOptions.noCounts(family, successes, trials);
        List<String> cols = selected(df, columns, startColumns, weights, false, source);
        SparkData raw =
            start != null
                ? SparkData.fromCategorical(
                    df, cols, weights, source, ((CategoricalFamily) start.family()).levels())
                : SparkData.fromCategorical(df, cols, weights, source);
        SparkData kept = drop(raw, false, err);
        return new Fit(kept, new CategoricalFamily(kept.levels()));
      }
      case "binomial" -> {
        SparkData kept =
            drop(binomial(df, columns, weights, successes, trials, startColumns, source), true, err);
        return new Fit(kept, new BinomialFamily(BinomialTrials.usual(kept)));
      }
      default -> throw new IllegalArgumentException("not a discrete family: " + family);
    }
  }

  /**
   * The feature columns: {@code --columns} (names or 1-based positions), else the start model's
   * (when the data has them all), else every column but the weights (every numeric one when
   * {@code numeric}).
   */
  static List<String> selected(
      org.apache.spark.sql.Dataset<Row> df,
      List<String> given,
      List<String> modelColumns,
      String weights,
      boolean numeric,
      String source) {
    List<String> names = List.of(df.schema().fieldNames());
    List<String> out = new ArrayList<>();
    if (!given.isEmpty()) {
      for (String c : given) {
        out.add(column(names, c, source));
      }
    } else if (modelColumns != null && names.containsAll(modelColumns)) {
      out.addAll(modelColumns);
    } else {
      for (StructField f : df.schema().fields()) {
        if (!f.name().equals(weights) && (!numeric || f.dataType() instanceof NumericType)) {
          out.add(f.name());
        }
      }
      if (numeric && out.isEmpty()) {
        return List.of(); // SparkData says what is wrong
      }
    }
    return out;
  }

  /** A column by name, or by 1-based position when no column has that name. */
  static String column(List<String> names, String c, String source) {
    if (names.contains(c)) {
      return c;
    }
    try {
      int position = Integer.parseInt(c.strip());
      if (position >= 1 && position <= names.size()) {
        return names.get(position - 1);
      }
      throw new InputException(
          source + ": has no column " + position + " (it has " + names.size() + " columns)");
    } catch (NumberFormatException e) {
      return c; // SparkData names the missing column and lists the columns
    }
  }

  /** The rows without the unusable ones, reported on {@code err}; closes {@code raw} if copied. */
  private static SparkData drop(SparkData raw, boolean any, PrintWriter err) {
    SparkData kept;
    try {
      kept = raw.dropMissing(any);
    } catch (RuntimeException e) {
      raw.close();
      throw e;
    }
    if (kept != raw) {
      long n = raw.rows() - kept.rows();
      raw.close();
      err.printf(
          Locale.ROOT,
          "em4j: %s: %d row%s skipped (%s)%n",
          raw.source(),
          n,
          n == 1 ? "" : "s",
          any ? "with a missing count" : "every value missing");
      err.flush();
    }
    return kept;
  }

  /**
   * Binomial rows from, in order of preference: --successes and --trials; two --columns
   * (successes, trials); one --columns (flips or 0/1); the model's two count columns; the model's
   * one-column source; the data's only column. As the local command line.
   */
  private static SparkData binomial(
      org.apache.spark.sql.Dataset<Row> df,
      List<String> cols,
      String weights,
      String successes,
      String trials,
      List<String> modelColumns,
      String source) {
    if ((successes == null) != (trials == null)) {
      throw new IllegalArgumentException(
          "--successes and --trials go together (the successes column and the trials column)");
    }
    if (successes != null && !cols.isEmpty()) {
      throw new IllegalArgumentException(
          "give either --successes and --trials, or --columns, not both");
    }
    List<String> names = List.of(df.schema().fieldNames());
    if (successes != null) {
      return counts(df, column(names, successes, source), column(names, trials, source), weights, source);
    }
    if (cols.size() == 2) {
      return counts(
          df, column(names, cols.get(0), source), column(names, cols.get(1), source), weights, source);
    }
    if (cols.size() == 1) {
      return SparkData.fromBinomialColumn(df, column(names, cols.get(0), source), weights, source);
    }
    if (cols.size() > 2) {
      throw new IllegalArgumentException(
          "--columns: binomial data is one column (flips such as HTTH, or 0/1) or two (successes,"
              + " trials), got " + cols.size());
    }
    if (modelColumns != null && modelColumns.size() == 2) {
      String a = modelColumns.get(0);
      String b = modelColumns.get(1);
      if (names.contains(a) && names.contains(b)) {
        return counts(df, a, b, weights, source);
      }
      if (a.endsWith(BinomialInput.SUCCESSES_SUFFIX)) {
        String column = a.substring(0, a.length() - BinomialInput.SUCCESSES_SUFFIX.length());
        if (names.contains(column)) {
          return SparkData.fromBinomialColumn(df, column, weights, source);
        }
      }
    }
    List<String> candidates = new ArrayList<>(names);
    candidates.remove(weights);
    if (candidates.size() == 1) {
      return SparkData.fromBinomialColumn(df, candidates.get(0), weights, source);
    }
    throw new IllegalArgumentException(
        source
            + ": say which columns hold the binomial data: --successes COL --trials COL for counts,"
            + " or --columns COL for a column of flips (such as HTTH) or of 0/1 values (the data"
            + " has columns "
            + String.join(", ", names)
            + ")");
  }

  /** Two count columns; the family's check (whole numbers, successes <= trials) runs later. */
  private static SparkData counts(
      org.apache.spark.sql.Dataset<Row> df, String s, String t, String weights, String source) {
    return SparkData.fromColumns(df, List.of(s, t), weights, source);
  }
}
