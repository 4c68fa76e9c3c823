package org.em4j.selection;

import java.util.Locale;

/**
 * An information criterion for choosing among fitted mixtures. Every criterion here is on the
 * deviance scale, <em>lower is better</em> (scikit-learn's convention, and that of {@link
 * org.em4j.mixture.FitSummary}). R's mclust reports the same numbers with the opposite sign
 * (higher is better): {@code mclust BIC = 2 logL - p log n = -BIC}, and likewise for ICL.
 *
 * <ul>
 *   <li>BIC (Schwarz, "Estimating the dimension of a model", Ann. Statist. 1978): {@code -2 logL
 *       + p log n}.
 *   <li>AIC (Akaike, "A new look at the statistical model identification", IEEE TAC 1974): {@code
 *       -2 logL + 2 p}.
 *   <li>ICL (Biernacki, Celeux and Govaert, "Assessing a mixture model for clustering with the
 *       integrated completed likelihood", IEEE TPAMI 2000), in the BIC-like form that mclust's
 *       {@code icl()} computes: {@code BIC - 2 sum_i log max_k r_ik}, where {@code r_ik} is the
 *       posterior probability of component k for row i: the completed log-likelihood of the MAP
 *       classification replaces the observed one. It is never below BIC, and the gap is small
 *       when the components are well separated.
 * </ul>
 *
 * <p>Here {@code logL} is the weighted log-likelihood of the training rows, {@code p} the number
 * of free parameters and {@code n} the number of rows (the sum of the row weights when rows are
 * weighted); with row weights the ICL sum is weighted too.
 */
public enum Criterion {
  /** Bayesian information criterion, {@code -2 logL + p log n}. */
  BIC("bic"),
  /** Akaike information criterion, {@code -2 logL + 2 p}. */
  AIC("aic"),
  /** Integrated completed likelihood (MAP form, as mclust), {@code BIC - 2 sum_i log max_k r_ik}. */
  ICL("icl");

  private final String label;

  Criterion(String label) {
    this.label = label;
  }

  /** The name used on the command line, e.g. {@code bic}. */
  public String label() {
    return label;
  }

  /**
   * Parses {@code bic}, {@code aic} or {@code icl} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Criterion parse(String s) {
    for (Criterion c : values()) {
      if (c.label.equals(s.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown criterion '" + s + "' (expected bic, aic or icl)");
  }

  /** BIC, {@code -2 logL + p log n}. */
  public static double bic(double logLikelihood, int freeParameters, double n) {
    return -2 * logLikelihood + freeParameters * Math.log(n);
  }

  /** AIC, {@code -2 logL + 2 p}. */
  public static double aic(double logLikelihood, int freeParameters) {
    return -2 * logLikelihood + 2.0 * freeParameters;
  }

  /**
   * ICL from BIC and the classification term.
   *
   * @param mapLogPosterior {@code sum_i w_i log max_k r_ik}, at most 0
   */
  public static double icl(double bic, double mapLogPosterior) {
    return bic - 2 * mapLogPosterior;
  }
}
