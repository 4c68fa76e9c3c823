package org.em4j.engine;

/**
 * A component a family reports as degenerate (see {@link Family#degenerateComponents}).
 *
 * @param component the component, 0-based
 * @param reason what degenerated, for people ({@code weight 1e-05 is below one row})
 */
public record Degeneracy(int component, String reason) {}
