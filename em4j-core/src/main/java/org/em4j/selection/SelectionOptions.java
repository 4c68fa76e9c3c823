package org.em4j.selection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.em4j.engine.EmOptions;

/**
 * Settings of a model selection, validated on construction.
 *
 * @param structures the grid's columns, in display order; labels distinct
 * @param components the grid's rows: numbers of components, each at least 1, distinct (kept in
 *     the given order)
 * @param criterion what chooses the best cell
 * @param em the restart policy and EM settings every cell is fitted with; its {@code components}
 *     is ignored (each cell sets its own), its {@code seed} is the root from which every cell's
 *     seed is derived, its {@code threads} sizes the pool when the selector makes one, and it may
 *     not hold parameters fixed (a grid has no start to fix them at)
 */
public record SelectionOptions(
    List<Structure> structures, List<Integer> components, Criterion criterion, EmOptions em) {

  /** Validates every setting. */
  public SelectionOptions {
    Objects.requireNonNull(criterion, "criterion");
    Objects.requireNonNull(em, "em");
    structures = List.copyOf(structures);
    components = List.copyOf(components);
    if (structures.isEmpty()) {
      throw new IllegalArgumentException("a selection needs at least one structure");
    }
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a selection needs at least one number of components");
    }
    Set<String> labels = new HashSet<>();
    for (Structure s : structures) {
      if (!labels.add(s.label())) {
        throw new IllegalArgumentException("structure '" + s.label() + "' is listed twice");
      }
    }
    Set<Integer> seen = new HashSet<>();
    for (int k : components) {
      if (k < 1) {
        throw new IllegalArgumentException("numbers of components must be at least 1, got " + k);
      }
      if (!seen.add(k)) {
        throw new IllegalArgumentException("K = " + k + " is listed twice");
      }
    }
    if (!em.fixed().isEmpty()) {
      throw new IllegalArgumentException(
          "model selection cannot hold parameters fixed (got " + em.fixed() + ")");
    }
  }

  /** Components {@code from..to} inclusive. */
  public static List<Integer> range(int from, int to) {
    if (from < 1 || to < from) {
      throw new IllegalArgumentException(
          "a range of components needs 1 <= from <= to, got " + from + ".." + to);
    }
    List<Integer> out = new ArrayList<>();
    for (int k = from; k <= to; k++) {
      out.add(k);
    }
    return out;
  }

  /** Number of cells of the grid. */
  public int cells() {
    return structures.size() * components.size();
  }
}
