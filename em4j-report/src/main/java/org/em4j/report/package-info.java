/**
 * Charts and self-contained HTML reports of EM fits: a front end that depends only on {@code
 * em4j-core}. {@link org.em4j.report.Charts} draws one chart per kind (density, traces,
 * log-likelihood, scatter, scatter-plot matrix, bar charts of probabilities, criterion against K)
 * from plain arrays or fitted models; a {@link org.em4j.report.Chart} writes itself as PNG or SVG;
 * {@link org.em4j.report.Report} assembles sections (data summary, parameters, convergence,
 * traces, model chart, warnings, BIC / AIC, and any section a caller adds) into one HTML file
 * with every chart inline, so it can be opened without network access.
 */
package org.em4j.report;
