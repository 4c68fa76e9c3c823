/**
 * The picocli option mixins that the em4j commands share: which data to read ({@link
 * org.em4j.options.DataOptions}), how an EM run goes ({@link org.em4j.options.RunOptions}), which
 * family and what its data is ({@link org.em4j.options.FamilyOptions}), and how a fit starts and
 * what it writes ({@link org.em4j.options.FitOptions}). {@code em4j fit} (module em4j-cli) and
 * {@code em4j-spark fit} (module em4j-spark) both use them, so the two commands spell, default,
 * describe and check their options the same way. This module depends on em4j-core and picocli only
 * (no charts, no Spark), so the {@code spark-submit} jar stays small.
 */
package org.em4j.options;
