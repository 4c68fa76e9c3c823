package org.em4j.selection;

/**
 * Told about every cell of a selection grid as soon as it is done (for progress displays). Cells
 * finish in no particular order and on any of the executor's threads, so implementations must be
 * thread-safe; they must not throw.
 */
@FunctionalInterface
public interface CellListener {
  /** A cell is done (fitted or failed). */
  void onCell(CellResult cell);

  /** A listener that does nothing. */
  static CellListener none() {
    return cell -> {};
  }
}
