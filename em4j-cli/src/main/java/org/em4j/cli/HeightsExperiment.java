package org.em4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.em4j.data.Dataset;
import org.em4j.engine.DegenerateFitException;
import org.em4j.engine.Acceleration;
import org.em4j.engine.EmOptions;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;
import org.em4j.gaussian.GaussianStatistics;
import org.em4j.mixture.MixtureFitter;
import org.em4j.mixture.MixtureModel;
import org.em4j.report.Diagnostics;
import org.em4j.report.NormalMixture1D;

/**
 * The classroom heights experiment that motivates EM (as in the textbook exercise built on
 * Dempster, Laird and Rubin 1977): heights of students drawn from two normal distributions, men
 * and women, with the sex of every student unrecorded; a two-component univariate Gaussian
 * mixture recovers the two groups. Every number is computed here from the settings and the seed;
 * nothing is stored.
 *
 * <p>Component 1 is the one started at the larger mean ("men"), component 2 the other ("women"),
 * whatever EM makes of them.
 */
final class HeightsExperiment {
  private HeightsExperiment() {}

  /**
   * What to simulate and how to fit.
   *
   * @param students rows per sample
   * @param meanMen true mean height of men
   * @param sdMen true standard deviation of men's heights
   * @param meanWomen true mean height of women
   * @param sdWomen true standard deviation of women's heights
   * @param shareMen probability that a student is a man
   * @param seed seed of everything random (samples and k-means++ starts)
   * @param checkpoints iterations at which the textbook fit's estimates are shown
   * @param samples number of samples in the collapse study
   * @param restarts k-means++ starts
   * @param maxIterations iteration limit of every fit
   * @param tolerance convergence tolerance (mean log-likelihood per row)
   * @param diagnostics thresholds for a degenerate component
   * @param threads threads of the E-step
   */
  record Settings(int students, double meanMen, double sdMen, double meanWomen, double sdWomen,
      double shareMen, long seed, int[] checkpoints, int samples, int restarts, int maxIterations,
      double tolerance, Diagnostics diagnostics, int threads) {
    Settings {
      check(students >= 2, "--students must be at least 2, got " + students);
      check(sdMen > 0 && Double.isFinite(sdMen), "--sd-men must be positive, got " + sdMen);
      check(sdWomen > 0 && Double.isFinite(sdWomen),
          "--sd-women must be positive, got " + sdWomen);
      check(Double.isFinite(meanMen), "--mean-men must be a number, got " + meanMen);
      check(Double.isFinite(meanWomen), "--mean-women must be a number, got " + meanWomen);
      check(shareMen > 0 && shareMen < 1, "--share-men must be in (0, 1), got " + shareMen);
      check(samples >= 0, "--samples must be >= 0, got " + samples);
      check(restarts >= 1, "--restarts must be at least 1, got " + restarts);
      check(maxIterations >= 1, "--max-iter must be at least 1, got " + maxIterations);
      check(tolerance >= 0 && Double.isFinite(tolerance),
          "--tol must be a finite number >= 0, got " + tolerance);
      checkpoints = checkpoints.clone();
      for (int c : checkpoints) {
        check(c >= 1, "--checkpoints must be positive iteration numbers, got " + c);
      }
      Arrays.sort(checkpoints);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }

    /** The true distribution. */
    NormalMixture1D truth() {
      return new NormalMixture1D(new double[] {shareMen, 1 - shareMen},
          new double[] {meanMen, meanWomen}, new double[] {sdMen, sdWomen});
    }
  }

  /**
   * One fit from one start; when EM degenerated (the M-step found no valid covariance), {@code
   * failure} says why and {@code last} holds the parameters of the last iteration it reached.
   *
   * @param label how the start is named in tables
   * @param start the starting parameters, or {@code null} for drawn (k-means++) starts
   * @param model the fitted model, or {@code null} when EM degenerated
   * @param last the final parameters, or the last ones reached before EM degenerated
   * @param lastIteration the iteration of {@code last}
   * @param logLikelihood the log-likelihood of {@code last}
   * @param failure why EM degenerated, or {@code null}
   * @param findings degenerate components of {@code last}
   */
  record Outcome(String label, GaussianParameters start, MixtureModel<GaussianParameters> model,
      GaussianParameters last, int lastIteration, double logLikelihood, String failure,
      List<Diagnostics.Finding> findings) {
    /** Whether the fit ended collapsed: degenerated, or with a degenerate component. */
    boolean collapsed() {
      return failure != null || !findings.isEmpty();
    }
  }

  /**
   * How often each start ended collapsed over the generated samples.
   *
   * @param labels the starts, as in tables
   * @param collapsed for each start, in how many samples it ended collapsed
   * @param samples number of samples
   */
  record CollapseStudy(List<String> labels, int[] collapsed, int samples) {}

  /**
   * Everything the demo shows.
   *
   * @param settings the settings
   * @param data the main sample (heights only)
   * @param men whether each student of the main sample is a man (hidden from the fit)
   * @param textbook the fit from the textbook start until convergence, with its parameter trace
   * @param checkpoints the textbook start's parameters after each checkpoint's number of
   *     iterations (EM run on with tolerance 0, whether or not it had converged), in order
   * @param starts the fits from the unreasonable starts
   * @param checkpointLogLikelihoods the log-likelihood at each checkpoint
   * @param kmeans the best of the k-means++ starts
   * @param study the collapse study
   */
  record Result(Settings settings, Dataset data, boolean[] men, Outcome textbook,
      List<GaussianParameters> checkpoints, List<Double> checkpointLogLikelihoods,
      List<Outcome> starts, Outcome kmeans, CollapseStudy study) {}

  /** Runs the whole experiment. */
  static Result run(Settings s) {
    SplittableRandom root = new SplittableRandom(s.seed());
    boolean[] men = new boolean[s.students()];
    Dataset data = generate(s, root.split(), men);
    Outcome textbook = fitFrom(s, data, "textbook", textbookStart(data), true);
    List<GaussianParameters> cps = new ArrayList<>();
    List<Double> cpLls = new ArrayList<>();
    checkpoints(s, data, textbookStart(data), cps, cpLls);
    List<Outcome> starts = new ArrayList<>();
    for (double[] m : UNREASONABLE) {
      starts.add(fitFrom(s, data, label(m), start(data, m[0], m[1]), false));
    }
    Outcome kmeans = fitKmeans(s, data, s.seed());
    List<String> labels = new ArrayList<>();
    labels.add("textbook");
    for (double[] m : UNREASONABLE) {
      labels.add(label(m));
    }
    labels.add(kmeansLabel(s));
    int[] collapsed = new int[labels.size()];
    for (Dataset d : studySamples(s)) {
      List<Outcome> all = new ArrayList<>();
      // Only where each fit ends matters here: SQUAREM for the textbook and k-means++ starts
      // (same end points in fewer passes), plain EM from the unreasonable starts, where SQUAREM's
      // long steps can reach a different fixed point (see STUDY_ACCELERATION).
      all.add(fitFrom(s, d, "textbook", textbookStart(d), false, STUDY_ACCELERATION));
      for (double[] m : UNREASONABLE) {
        all.add(fitFrom(s, d, label(m), start(d, m[0], m[1]), false, Acceleration.NONE));
      }
      all.add(fitKmeans(s, d, s.seed(), STUDY_ACCELERATION));
      for (int j = 0; j < all.size(); j++) {
        if (all.get(j).collapsed()) {
          collapsed[j]++;
        }
      }
    }
    return new Result(s, data, men, textbook, cps, cpLls, starts, kmeans,
        new CollapseStudy(labels, collapsed, s.samples()));
  }

  /**
   * The samples of the collapse study: drawn from the same seed after the main sample, so they
   * differ from it and from each other.
   */
  static List<Dataset> studySamples(Settings s) {
    SplittableRandom root = new SplittableRandom(s.seed());
    root.split(); // the main sample's generator
    List<Dataset> out = new ArrayList<>();
    for (int i = 0; i < s.samples(); i++) {
      out.add(generate(s, root.split(), new boolean[s.students()]));
    }
    return out;
  }

  /**
   * EM from {@code start} with tolerance 0 up to the last checkpoint: the parameters and
   * log-likelihood after each checkpoint's number of iterations. When EM degenerates first, the
   * remaining checkpoints are left out.
   */
  static void checkpoints(Settings s, Dataset data, GaussianParameters start,
      List<GaussianParameters> params, List<Double> lls) {
    int[] cps = s.checkpoints();
    if (cps.length == 0) {
      return;
    }
    EmOptions options = EmOptions.builder().components(2).maxIterations(cps[cps.length - 1])
        .tolerance(0).threads(s.threads()).build();
    int[] next = {0};
    MixtureFitter<GaussianParameters, GaussianStatistics> fitter = new MixtureFitter<>(
        new GaussianFamily(CovarianceType.FULL), options, (restart, iteration, ll, p) -> {
          while (next[0] < cps.length && cps[next[0]] == iteration) {
            params.add(p);
            lls.add(ll);
            next[0]++;
          }
        });
    try {
      fitter.fit(data, start);
    } catch (DegenerateFitException e) {
      // the checkpoints reached so far are kept; the table shows the rest as not reached
    }
  }

  /** The "unreasonable" starting means: component 1 then component 2. */
  static final double[][] UNREASONABLE = {{200, 100}, {100, 200}};

  static String label(double[] means) {
    return "means " + fmt(means[0]) + " / " + fmt(means[1]);
  }

  static String kmeansLabel(Settings s) {
    return "k-means++, best of " + s.restarts();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** Draws a sample: each student is a man with probability {@code shareMen}. */
  static Dataset generate(Settings s, SplittableRandom random, boolean[] men) {
    double[] h = new double[s.students()];
    for (int i = 0; i < h.length; i++) {
      men[i] = random.nextDouble() < s.shareMen();
      double z = random.nextGaussian();
      h[i] = men[i] ? s.meanMen() + s.sdMen() * z : s.meanWomen() + s.sdWomen() * z;
    }
    return new Dataset(h, h.length, 1, List.of("height"), null, "heights sample");
  }

  /** Sample mean and standard deviation (n - 1 denominator) of a single column. */
  static double[] meanSd(Dataset data) {
    double[] x = data.values();
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return new double[] {mean, Math.sqrt(ss / (x.length - 1))};
  }

  /** The textbook start: means = sample mean +- 10, both sds = sample sd, weights 1/2. */
  static GaussianParameters textbookStart(Dataset data) {
    double mean = meanSd(data)[0];
    return start(data, mean + 10, mean - 10);
  }

  /** A start with the given means, both sds = sample sd, weights 1/2. */
  static GaussianParameters start(Dataset data, double mean1, double mean2) {
    double sd = meanSd(data)[1];
    return new GaussianParameters(CovarianceType.FULL, 1, new double[] {0.5, 0.5},
        new double[] {mean1, mean2}, new double[] {sd * sd, sd * sd});
  }

  /**
   * How the collapse study's fits from the textbook and k-means++ starts move: SQUAREM (Varadhan
   * and Roland 2008), because the study only counts where each fit ends and SQUAREM reaches the
   * same fixed points in about a fifth of the passes. Measured on the 60 study samples of seeds
   * 0, 1, 2: every collapse verdict of these two starts was the same as plain EM's and the
   * log-likelihoods agreed to 0.015 (tolerance 1e-7 per row). From the two unreasonable starts
   * SQUAREM changed the verdict on 6 of 120 fits (its extrapolation jumps to another fixed point),
   * so those stay plain EM, as do all fits of the main sample, whose iterations the tables show.
   */
  static final Acceleration STUDY_ACCELERATION = Acceleration.SQUAREM;

  private static EmOptions options(Settings s, int restarts, boolean trace, long seed,
      Acceleration acceleration) {
    return EmOptions.builder()
        .acceleration(acceleration)
        .components(2)
        .maxIterations(s.maxIterations())
        .tolerance(s.tolerance())
        .restarts(restarts)
        .seed(seed)
        .threads(s.threads())
        .traceParameters(trace)
        .build();
  }

  /**
   * Fits from a given start. A degenerate fit (the M-step's covariance no longer positive
   * definite) is caught and reported as an outcome, with the last parameters EM reached.
   */
  static Outcome fitFrom(Settings s, Dataset data, String label, GaussianParameters start,
      boolean trace) {
    return fitFrom(s, data, label, start, trace, Acceleration.NONE);
  }

  /** {@link #fitFrom(Settings, Dataset, String, GaussianParameters, boolean)}, accelerated or not. */
  static Outcome fitFrom(Settings s, Dataset data, String label, GaussianParameters start,
      boolean trace, Acceleration acceleration) {
    GaussianParameters[] last = {start};
    int[] lastIteration = {0};
    double[] lastLl = {Double.NaN};
    MixtureFitter<GaussianParameters, GaussianStatistics> fitter = new MixtureFitter<>(
        new GaussianFamily(CovarianceType.FULL), options(s, 1, trace, s.seed(), acceleration),
        (restart, iteration, ll, params) -> {
          last[0] = params;
          lastIteration[0] = iteration;
          lastLl[0] = ll;
        });
    try {
      MixtureModel<GaussianParameters> model = fitter.fit(data, start);
      GaussianParameters p = model.parameters();
      return new Outcome(label, start, model, p, model.fit().iterations(),
          model.fit().logLikelihood(), null, s.diagnostics().degenerateComponents(p, data));
    } catch (DegenerateFitException e) {
      return new Outcome(label, start, null, last[0], lastIteration[0], lastLl[0],
          e.getMessage(), s.diagnostics().degenerateComponents(last[0], data));
    }
  }

  /** The best of {@code restarts} k-means++ starts, components ordered men (larger mean) first. */
  static Outcome fitKmeans(Settings s, Dataset data, long seed) {
    return fitKmeans(s, data, seed, Acceleration.NONE);
  }

  /** {@link #fitKmeans(Settings, Dataset, long)}, accelerated or not. */
  static Outcome fitKmeans(Settings s, Dataset data, long seed, Acceleration acceleration) {
    MixtureFitter<GaussianParameters, GaussianStatistics> fitter = new MixtureFitter<>(
        new GaussianFamily(CovarianceType.FULL), options(s, s.restarts(), false, seed, acceleration));
    try {
      MixtureModel<GaussianParameters> model = fitter.fit(data);
      GaussianParameters p = model.parameters();
      return new Outcome(kmeansLabel(s), null, model, p, model.fit().iterations(),
          model.fit().logLikelihood(), null, s.diagnostics().degenerateComponents(p, data));
    } catch (DegenerateFitException e) {
      return new Outcome(kmeansLabel(s), null, null, null, 0, Double.NaN, e.getMessage(),
          List.of());
    }
  }

  /**
   * The six quantities of the table, with component {@code men} as the men's: mu_M, sigma_M,
   * mu_F, sigma_F, pi_M, pi_F.
   */
  static double[] estimates(GaussianParameters p, int men) {
    int women = 1 - men;
    return new double[] {
      p.mean(men)[0], Math.sqrt(p.covariance(men)[0]), p.mean(women)[0],
      Math.sqrt(p.covariance(women)[0]), p.weight(men), p.weight(women)
    };
  }

  /** The component with the larger mean (how k-means++ fits are labelled men / women). */
  static int larger(GaussianParameters p) {
    return p.mean(0)[0] >= p.mean(1)[0] ? 0 : 1;
  }
}
