package org.em4j.options;

import java.util.Set;
import org.em4j.data.InputException;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.mixture.MixtureModel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Which model family a fit uses and the options that only some families have: {@code --family},
 * binomial's {@code --successes} and {@code --trials}, and the Gaussian {@code --covariance} (a
 * mixin for {@code em4j fit} and {@code em4j-spark fit}). The Gaussian {@code --reg} is one of the
 * {@link RunOptions}, which {@code select} shares too.
 */
public final class FamilyOptions {
  /** The family names besides {@code gaussian}. */
  public static final Set<String> DISCRETE =
      Set.of("binomial", "bernoulli", "categorical", "poisson");

  @Option(
      names = "--family",
      paramLabel = "NAME",
      description =
          "Model family: gaussian, binomial, bernoulli, categorical or poisson (default: gaussian,"
              + " or the family of the --init model).")
  private String family;

  @Option(
      names = "--successes",
      paramLabel = "COL",
      description = "Binomial: the column of successes (with --trials).")
  private String successes;

  @Option(
      names = "--trials",
      paramLabel = "COL",
      description = "Binomial: the column of numbers of trials (with --successes).")
  private String trials;

  @Option(
      names = "--covariance",
      paramLabel = "TYPE",
      description = "Covariance structure: full, diag, spherical or tied (default: full).")
  private String covariance;

  /** {@code --successes}, or {@code null}. */
  public String successes() {
    return successes;
  }

  /** {@code --trials}, or {@code null}. */
  public String trials() {
    return trials;
  }

  /**
   * The family asked for: {@code --family}, else the {@code --init} model's, else gaussian.
   *
   * @param start the {@code --init} model, or {@code null}
   * @throws CommandLine.ParameterException for an unknown family
   */
  public String name(MixtureModel<?> start, CommandLine cl) {
    String name = family != null ? family : start != null ? start.family().name() : "gaussian";
    if (!name.equals("gaussian") && !DISCRETE.contains(name)) {
      throw new CommandLine.ParameterException(
          cl,
          "--family: unknown family '"
              + name
              + "' (expected gaussian, binomial, bernoulli, categorical or poisson)");
    }
    return name;
  }

  /**
   * Checks that an {@code --init} model is of the family asked for.
   *
   * @param start the {@code --init} model, or {@code null}
   * @throws org.em4j.data.InputException when it is of another family
   */
  public static void checkStartFamily(String family, MixtureModel<?> start) {
    if (start != null && !start.family().name().equals(family)) {
      throw new org.em4j.data.InputException(
          "--init: the model is a " + start.family().name() + " model, not a " + family + " one");
    }
  }

  /**
   * Rejects {@code --successes} and {@code --trials} for a discrete family other than binomial.
   *
   * @throws IllegalArgumentException when either is given
   */
  public static void noCounts(String family, String successes, String trials) {
    if (successes != null || trials != null) {
      throw new IllegalArgumentException(
          "--successes and --trials go with --family binomial, not " + family);
    }
  }

  /**
   * Rejects the options that only the gaussian family has, for a discrete family.
   *
   * @throws CommandLine.ParameterException naming the option
   */
  public void discreteOnly(CommandLine cl) {
    for (String opt : new String[] {"--covariance", "--reg"}) {
      if (cl.getParseResult().hasMatchedOption(opt)) {
        throw new CommandLine.ParameterException(cl, opt + " applies to the gaussian family only");
      }
    }
  }

  /**
   * Rejects the binomial options for the gaussian family.
   *
   * @throws CommandLine.ParameterException when --successes or --trials is given
   */
  public void gaussianOnly(CommandLine cl) {
    if (successes != null || trials != null) {
      throw new CommandLine.ParameterException(
          cl, "--successes and --trials go with --family binomial");
    }
  }

  /**
   * The Gaussian family asked for: {@code --covariance} (default full) and {@code --reg}, checked
   * against the {@code --init} model's.
   *
   * @param start the {@code --init} model, or {@code null}
   * @param init the {@code --init} text, for messages
   * @param regularization {@code --reg}
   */
  public GaussianFamily gaussian(
      MixtureModel<?> start, String init, double regularization, CommandLine cl) {
    CovarianceType type = covariance == null ? CovarianceType.FULL : parseCovariance(cl);
    if (start != null) {
      if (!(start.family() instanceof GaussianFamily g)) {
        throw new InputException(
            init + ": is a " + start.family().name() + " model, not a gaussian one");
      }
      if (covariance != null && type != g.covarianceType()) {
        throw new CommandLine.ParameterException(
            cl,
            "--covariance "
                + type.label()
                + " disagrees with the "
                + g.covarianceType().label()
                + " covariances of the --init model");
      }
      type = g.covarianceType();
    }
    try {
      return new GaussianFamily(type, regularization);
    } catch (IllegalArgumentException e) {
      throw OptionErrors.of(cl, e);
    }
  }

  private CovarianceType parseCovariance(CommandLine cl) {
    try {
      return CovarianceType.parse(covariance);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--covariance: " + e.getMessage());
    }
  }
}
