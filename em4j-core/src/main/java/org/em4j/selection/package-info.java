/**
 * Model selection: fits every (number of components, structure) cell of a grid with the same
 * restart policy, in parallel on one {@link org.em4j.engine.ChunkExecutor}, scores each cell by
 * BIC, AIC or ICL (lower is better) and picks the best. See {@code docs/model-selection.md}.
 */
package org.em4j.selection;
