package org.em4j.selection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Renders a {@link SelectionResult}: the readable table that {@code em4j select} prints (the
 * criterion for every cell, K down, structures across, the best marked, the runner-up gap, and
 * every failed or unconverged cell said so) and the long CSV form, one line per cell, which is
 * also the data of the criterion-against-K chart.
 */
public final class SelectionTable {
  /** Marks the best cell in the table. */
  public static final String BEST_MARK = "*";

  /** Marks a cell whose fit reached the iteration limit. */
  public static final String NOT_CONVERGED_MARK = "~";

  /** The CSV columns, in order. */
  public static final List<String> CSV_COLUMNS =
      List.of(
          "structure",
          "components",
          "status",
          "best",
          "logLikelihood",
          "freeParameters",
          "bic",
          "aic",
          "icl",
          "mapLogPosterior",
          "runs",
          "failedRuns",
          "seed",
          "message");

  private SelectionTable() {}

  /** The readable table, lines ending in {@code \n}. */
  public static String format(SelectionResult result) {
    Criterion crit = result.criterion();
    String name = crit.label().toUpperCase(Locale.ROOT);
    List<Structure> structures = result.options().structures();
    CellResult best = result.best().orElse(null);
    StringBuilder out = new StringBuilder();
    int width = 14;
    for (Structure s : structures) {
      width = Math.max(width, s.label().length() + 4);
    }
    out.append(name)
        .append(" of every cell (lower is better")
        .append(crit == Criterion.AIC ? ")" : "; mclust's " + name + " is -1 times this)")
        .append('\n');
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%4s", "K"));
    for (Structure s : structures) {
      head.append(String.format(Locale.ROOT, "%" + (width - 2) + "s  ", s.label()));
    }
    out.append(head.toString().stripTrailing()).append('\n');
    for (int k : result.options().components()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%4d", k));
      for (Structure s : structures) {
        CellResult c = result.cell(s.label(), k).orElseThrow();
        String text = c.hasModel() ? String.format(Locale.ROOT, "%.2f", c.value(crit)) : "failed";
        String mark =
            (c == best ? BEST_MARK : " ")
                + (c.status() == CellStatus.NOT_CONVERGED ? NOT_CONVERGED_MARK : " ");
        row.append(String.format(Locale.ROOT, "%" + (width - 2) + "s", text)).append(mark);
      }
      out.append(row.toString().stripTrailing()).append('\n');
    }
    out.append('\n');
    if (best == null) {
      out.append("no cell could be fitted; see the failures below\n");
    } else {
      out.append(
          String.format(
              Locale.ROOT,
              "best (%s): %s, K = %d, %s %.4f, log-likelihood %.4f, %d free parameters%s\n",
              BEST_MARK,
              best.structure(),
              best.components(),
              name,
              best.value(crit),
              best.logLikelihood(),
              best.freeParameters(),
              best.status() == CellStatus.NOT_CONVERGED ? " (NOT converged)" : ""));
      CellResult second = result.runnerUp().orElse(null);
      if (second != null) {
        out.append(
            String.format(
                Locale.ROOT,
                "runner-up: %s, K = %d, %s %.4f (gap %.4f)\n",
                second.structure(),
                second.components(),
                name,
                second.value(crit),
                result.gap()));
      } else {
        out.append("runner-up: none (only one cell has a model)\n");
      }
    }
    List<String> notes = new ArrayList<>();
    for (CellResult c : result.cells()) {
      String where = c.structure() + ", K = " + c.components();
      if (!c.hasModel()) {
        notes.add("failed: " + where + ": " + c.message());
      } else {
        if (c.status() == CellStatus.NOT_CONVERGED) {
          notes.add(
              NOT_CONVERGED_MARK
                  + " not converged: "
                  + where
                  + " (iteration limit reached; raise --max-iter)");
        }
        if (c.failedRuns() > 0) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "degenerate runs: %s: %d of %d runs degenerated; the best of the rest is shown",
                  where,
                  c.failedRuns(),
                  c.runs()));
        }
      }
    }
    for (String n : notes) {
      out.append(n).append('\n');
    }
    return out.toString();
  }

  /** The long form: a header, then one line per cell in cell order. */
  public static String csv(SelectionResult result) {
    StringBuilder sb = new StringBuilder();
    CellResult best = result.best().orElse(null);
    try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
      p.printRecord(CSV_COLUMNS);
      for (CellResult c : result.cells()) {
        p.printRecord(
            c.structure(),
            c.components(),
            c.status().label(),
            c == best,
            number(c.logLikelihood()),
            c.hasModel() ? Integer.toString(c.freeParameters()) : "",
            number(c.bic()),
            number(c.aic()),
            number(c.icl()),
            number(c.mapLogPosterior()),
            c.runs(),
            c.failedRuns(),
            c.seed(),
            c.message() == null ? "" : c.message());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
