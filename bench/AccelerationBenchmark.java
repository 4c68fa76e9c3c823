import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;
import org.em4j.engine.Acceleration;
import org.em4j.engine.ChunkExecutor;
import org.em4j.engine.EmEngine;
import org.em4j.engine.EmOptions;
import org.em4j.engine.EmRun;
import org.em4j.engine.Family;
import org.em4j.engine.InitMethod;
import org.em4j.engine.IterationListener;
import org.em4j.engine.Statistics;
import org.em4j.data.Levels;
import org.em4j.discrete.BernoulliFamily;
import org.em4j.discrete.BernoulliParameters;
import org.em4j.discrete.BinomialFamily;
import org.em4j.discrete.BinomialParameters;
import org.em4j.discrete.CategoricalFamily;
import org.em4j.discrete.CategoricalParameters;
import org.em4j.discrete.PoissonFamily;
import org.em4j.discrete.PoissonParameters;
import org.em4j.gaussian.CovarianceType;
import org.em4j.gaussian.GaussianFamily;
import org.em4j.gaussian.GaussianParameters;

/**
 * Benchmark of accelerated EM (issue 5): for every case, from one start, the passes over the data
 * and the wall time that plain EM, SQUAREM and DAAREM need to reach the plain-EM optimum within
 * 1e-8 relative in log-likelihood, and what each reaches at the default tolerance; the heights
 * experiment over 20 data sets, the bernoulli ridge, every family over 20 starts, and the cost
 * of the accelerated stopping rule alone. Run with {@code
 * bench/acceleration.sh} (a single-file Java program against em4j-core's classes); it prints the
 * markdown table kept in {@code docs/performance.md}.
 *
 * <p>To add a case (e.g. the two-coin binomial example once the binomial family is in), add one
 * {@link Case} to {@link #cases()}.
 */
public final class AccelerationBenchmark {
  /** Relative distance to the optimum that counts as reached. */
  static final double TARGET = 1e-8;

  /** Tolerance of the reference run (per unit weight). */
  static final double REFERENCE_TOL = 1e-13;

  /** Iteration limit of every run. */
  static final int MAX_ITER = 1_000_000;

  /** Timed repetitions per method (the fastest is reported); the first run also warms up. */
  static final int REPEATS = Integer.getInteger("bench.repeats", 3);

  /** One benchmark case: a family, data, a start, fixed groups. */
  record Case(String name, Family<Object, ?> family, Dataset data, Object start, Set<String> fixed) {
    @SuppressWarnings("unchecked")
    static <P, S extends Statistics<S>> Case of(
        String name, Family<P, S> family, Dataset data, P start, Set<String> fixed) {
      return new Case(name, (Family<Object, ?>) (Family<?, ?>) family, data, start, fixed);
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(heights(1_000));
    cases.add(heights(100_000));
    cases.add(overlapping2d());
    cases.add(full10d());
    cases.add(twoCoins());
    return cases;
  }

  /**
   * The two-coin example of Do and Batzoglou (Nature Biotechnology 2008): five sets of ten flips,
   * start p_A = 0.6, p_B = 0.5, weights fixed at 1/2 (as in em4j-cli's CoinsDemo).
   */
  static Case twoCoins() {
    String[] sets = {"HTTTHHTHTH", "HHHHTHHHHH", "HTHHHHHTHH", "HTHTTTHHTT", "THHHTHHHTH"};
    double[] x = new double[2 * sets.length];
    for (int i = 0; i < sets.length; i++) {
      x[2 * i] = sets[i].chars().filter(ch -> ch == 'H').count();
      x[2 * i + 1] = sets[i].length();
    }
    return Case.of(
        "two coins (binomial, K = 2, weights fixed)",
        new BinomialFamily(),
        Dataset.of(x, sets.length, 2),
        new BinomialParameters(new double[] {0.5, 0.5}, new double[] {0.6, 0.5}),
        Set.of("weights"));
  }

  /**
   * The heights experiment: men N(176, 8^2), women N(164, 6^2), 3:2; start means at the sample
   * mean +- 10, both standard deviations the sample's, weights 1/2.
   */
  static Case heights(int n) {
    return heights(n, 20_260_001L + n);
  }

  /** The heights experiment drawn with the given seed. */
  static Case heights(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() < 0.6 ? 176 + 8 * random.nextGaussian() : 164 + 6 * random.nextGaussian();
    }
    double mean = Arrays.stream(x).average().orElseThrow();
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double var = ss / n;
    GaussianParameters start =
        new GaussianParameters(
            CovarianceType.FULL,
            1,
            new double[] {0.5, 0.5},
            new double[] {mean + 10, mean - 10},
            new double[] {var, var});
    return Case.of(
        String.format(Locale.ROOT, "heights, N = %,d (1-D, K = 2)", n),
        new GaussianFamily(CovarianceType.FULL),
        Dataset.of(x, n, 1),
        start,
        Set.of());
  }

  /** Three overlapping components in 2-D, full covariances; k-means++ start (seed 1). */
  static Case overlapping2d() {
    int n = 5_000;
    double[] w = {0.5, 0.3, 0.2};
    double[][] mu = {{0, 0}, {1.5, 0.5}, {0.5, 1.8}};
    double[][] cov = {{1, 0.3, 0.3, 1}, {0.8, -0.2, -0.2, 0.6}, {0.5, 0, 0, 1.2}};
    Dataset data = sample(new SplittableRandom(7), n, 2, w, mu, cov);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = kmeansStart(family, data, 3);
    return Case.of("2-D, K = 3 overlapping, N = 5,000 (full)", family, data, start, Set.of());
  }

  /** Five components in 10-D with random full covariances; k-means++ start (seed 1). */
  static Case full10d() {
    int n = 20_000;
    int d = 10;
    int k = 5;
    SplittableRandom random = new SplittableRandom(11);
    double[] w = {0.3, 0.25, 0.2, 0.15, 0.1};
    double[][] mu = new double[k][d];
    double[][] cov = new double[k][d * d];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        mu[c][j] = 1.2 * random.nextGaussian();
      }
      double[] a = new double[d * d];
      for (int i = 0; i < d * d; i++) {
        a[i] = random.nextGaussian();
      }
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          double s = i == j ? 0.5 : 0;
          for (int m = 0; m < d; m++) {
            s += a[i * d + m] * a[j * d + m] / d;
          }
          cov[c][i * d + j] = s;
        }
      }
    }
    Dataset data = sample(new SplittableRandom(12), n, d, w, mu, cov);
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    GaussianParameters start = kmeansStart(family, data, k);
    return Case.of("10-D, K = 5, N = 20,000 (full)", family, data, start, Set.of());
  }

  static GaussianParameters kmeansStart(GaussianFamily family, Dataset data, int k) {
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      return family.initialize(data, k, InitMethod.KMEANS_PLUSPLUS, new SplittableRandom(1), exec);
    }
  }

  /** Draws n rows from a Gaussian mixture (covariances full, row-major). */
  static Dataset sample(
      RandomGenerator random, int n, int d, double[] w, double[][] mu, double[][] cov) {
    double[] x = new double[n * d];
    GaussianParameters p =
        new GaussianParameters(CovarianceType.FULL, d, w, flat(mu), flat(cov));
    GaussianFamily family = new GaussianFamily(CovarianceType.FULL);
    double[] row = new double[d];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int c = 0;
      while (c < w.length - 1 && u >= w[c]) {
        u -= w[c];
        c++;
      }
      family.sampleComponent(p, c, random, row);
      System.arraycopy(row, 0, x, i * d, d);
    }
    return Dataset.of(x, n, d);
  }

  static double[] flat(double[][] a) {
    return Arrays.stream(a).flatMapToDouble(Arrays::stream).toArray();
  }

  /** What one run measured. */
  record Measured(
      long passesToTarget,
      double secondsToTarget,
      int passes,
      int iterations,
      double ll,
      double maxDrop) {}

  public static void main(String[] args) {
    String part = args.length > 0 ? args[0] : "all";
    if (part.equals("sweep")) {
      if (args.length > 1) {
        familySweep(Double.parseDouble(args[1]), 20);
      } else {
        familySweep(EmOptions.DEFAULT_TOLERANCE, 20);
        familySweep(1e-10, 20);
      }
      return;
    }
    if (part.equals("heights")) {
      heightsOverSeeds(20);
      return;
    }
    if (part.equals("ridge")) {
      ridge();
      return;
    }
    if (part.equals("stoprule")) {
      stopRule(args.length > 1 ? Double.parseDouble(args[1]) : EmOptions.DEFAULT_TOLERANCE, 20);
      return;
    }
    boolean tableOnly = part.equals("table");
    System.out.println("### Passes and time to the plain-EM optimum\n");
    System.out.println(
        "| case | method | passes to optimum | time to optimum (ms) | passes at tol 1e-6 |"
            + " log-likelihood at tol 1e-6 | log-likelihood at tol 1e-13 |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (Case c : cases()) {
      // The plain-EM optimum, from the same start.
      double optimum = measure(c, Acceleration.NONE, REFERENCE_TOL, Double.NaN).ll();
      double target = optimum - TARGET * Math.abs(optimum);
      for (Acceleration a : Acceleration.values()) {
        Measured tight = measure(c, a, REFERENCE_TOL, Double.NaN);
        Measured best = null;
        for (int rep = 0; rep < REPEATS; rep++) {
          Measured m = measure(c, a, REFERENCE_TOL, target);
          if (best == null || m.secondsToTarget() < best.secondsToTarget()) {
            best = m;
          }
        }
        Measured dflt = measure(c, a, EmOptions.DEFAULT_TOLERANCE, Double.NaN);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %d | %.1f | %d | %.6f | %.6f |%n",
            c.name(),
            a.label(),
            best.passesToTarget(),
            1e3 * best.secondsToTarget(),
            dflt.passes(),
            dflt.ll(),
            tight.ll());
      }
      System.out.flush();
    }
    if (tableOnly) {
      return;
    }
    heightsOverSeeds(20);
    ridge();
    familySweep(EmOptions.DEFAULT_TOLERANCE, 20);
  }

  /**
   * The known ridge (docs/performance.md): bernoulli with 4 columns and K = 3 (14 parameters for
   * 15 cell probabilities), the data set of SquaremTest (400 rows, seed 22), k-means++ start
   * (seed 3): passes and final log-likelihood of each method at tolerances 1e-6 and 1e-10.
   */
  static void ridge() {
    BernoulliFamily f = new BernoulliFamily();
    BernoulliParameters truth =
        new BernoulliParameters(
            new double[] {0.5, 0.5}, 4, new double[] {0.2, 0.3, 0.7, 0.6, 0.7, 0.6, 0.3, 0.4});
    SplittableRandom random = new SplittableRandom(22);
    double[] x = new double[400 * 4];
    double[] row = new double[4];
    for (int i = 0; i < 400; i++) {
      f.sampleComponent(truth, random.nextDouble() < truth.weight(0) ? 0 : 1, random, row);
      System.arraycopy(row, 0, x, i * 4, 4);
    }
    Dataset data = Dataset.of(x, 400, 4);
    BernoulliParameters start;
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      start = f.initialize(data, 3, InitMethod.KMEANS_PLUSPLUS, new SplittableRandom(3), exec);
    }
    Case c = Case.of("bernoulli, 4 columns, K = 3, 400 rows", f, data, start, Set.of());
    System.out.printf(
        Locale.ROOT,
        "%n### The ridge: %s%n%n| method | tolerance | passes | log-likelihood |%n"
            + "| --- | ---: | ---: | ---: |%n",
        c.name());
    for (double tol : new double[] {EmOptions.DEFAULT_TOLERANCE, 1e-10}) {
      for (Acceleration a : Acceleration.values()) {
        Measured m = measure(c, a, tol, Double.NaN);
        System.out.printf(
            Locale.ROOT, "| %s | %s | %d | %.6f |%n", a.label(), tol, m.passes(), m.ll());
      }
    }
    System.out.flush();
  }

  /**
   * What the accelerated runs' stopping rule costs by itself: plain EM steps stopped by the
   * estimated remaining gain (DAAREM with every proposal refused before it is evaluated, so every
   * iteration is one EM step and one pass) against plain EM's one-step test, from the sweep's
   * starts at K = 2 to 4. A hybrid that runs plain EM until acceleration pays, and then stops by
   * the same rule as the accelerated runs, costs at least these passes.
   */
  static void stopRule(double tol, int starts) {
    System.out.printf(
        Locale.ROOT,
        "%n### Plain EM steps, stopped by the remaining-gain rule, tolerance %s%n%n"
            + "| data, family | K | runs | plain passes (median) | with the remaining-gain stop"
            + " (median) | runs with more passes | runs ending lower |%n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |%n",
        tol);
    for (SweepCase sc : sweepCases()) {
      double n = sc.data().totalWeight();
      for (int k = 2; k <= 4; k++) {
        List<Integer> plain = new ArrayList<>();
        List<Integer> gain = new ArrayList<>();
        int more = 0;
        int lower = 0;
        for (long seed = 0; seed < starts; seed++) {
          Object start;
          try (ChunkExecutor exec = ChunkExecutor.sequential()) {
            start =
                sc.family()
                    .initialize(
                        sc.data(), k, InitMethod.KMEANS_PLUSPLUS,
                        new SplittableRandom(seed).split(), exec);
          }
          Case c = new Case(sc.name(), sc.family(), sc.data(), start, Set.of());
          Measured p = measure(c, Acceleration.NONE, tol, Double.NaN);
          Measured q = measure(c, Acceleration.DAAREM, tol, Double.NaN, true);
          plain.add(p.passes());
          gain.add(q.passes());
          more += q.passes() > p.passes() ? 1 : 0;
          lower += q.ll() < p.ll() - tol * n ? 1 : 0;
        }
        plain.sort(null);
        gain.sort(null);
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %d | %d | %d | %d | %d |%n",
            sc.name(), k, starts, plain.get(starts / 2), gain.get(starts / 2), more, lower);
        System.out.flush();
      }
    }
  }

  /** A data set and family for the sweep. */
  record SweepCase(String name, Family<Object, ?> family, Dataset data) {
    @SuppressWarnings("unchecked")
    static <P, S extends Statistics<S>> SweepCase of(
        String name, Family<P, S> family, Dataset data) {
      return new SweepCase(name, (Family<Object, ?>) (Family<?, ?>) family, data);
    }
  }

  /**
   * Every family: Old Faithful with the four covariance types, and 2,000 rows drawn from a
   * two-component binomial (20 trials), bernoulli (8 columns), categorical (4 columns of 3
   * levels) and poisson (3 columns) mixture, each fitted with K = 2 to 4 (3 and 4 over-fit).
   */
  static List<SweepCase> sweepCases() {
    List<SweepCase> cases = new ArrayList<>();
    Dataset faithful =
        new org.em4j.data.CsvReader().read(java.nio.file.Path.of("data", "faithful.csv"));
    for (CovarianceType t : CovarianceType.values()) {
      cases.add(SweepCase.of("faithful, " + t.label(), new GaussianFamily(t), faithful));
    }
    int n = 2_000;
    BinomialFamily binomial = new BinomialFamily(20);
    cases.add(
        SweepCase.of(
            "binomial (20 trials)",
            binomial,
            draw(n, 2, 31, (r, row) -> binomial.sampleComponent(
                new BinomialParameters(new double[] {0.6, 0.4}, new double[] {0.35, 0.6}),
                r.nextDouble() < 0.6 ? 0 : 1, r, row))));
    BernoulliFamily bernoulli = new BernoulliFamily();
    double[] bp = new double[16];
    for (int j = 0; j < 8; j++) {
      bp[j] = 0.2 + 0.07 * j;
      bp[8 + j] = 0.75 - 0.05 * j;
    }
    BernoulliParameters bTrue = new BernoulliParameters(new double[] {0.5, 0.5}, 8, bp);
    cases.add(
        SweepCase.of(
            "bernoulli (8 columns)",
            bernoulli,
            draw(n, 8, 32, (r, row) ->
                bernoulli.sampleComponent(bTrue, r.nextDouble() < 0.5 ? 0 : 1, r, row))));
    CategoricalFamily categorical = new CategoricalFamily(Levels.ofCounts(3, 3, 3, 3));
    double[] cp = new double[24];
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < 4; j++) {
        double[] q = c == 0 ? new double[] {0.5, 0.3, 0.2} : new double[] {0.25, 0.35, 0.4};
        System.arraycopy(q, 0, cp, c * 12 + j * 3, 3);
      }
    }
    CategoricalParameters cTrue =
        new CategoricalParameters(new double[] {0.55, 0.45}, new int[] {3, 3, 3, 3}, cp);
    cases.add(
        SweepCase.of(
            "categorical (4 columns of 3 levels)",
            categorical,
            draw(n, 4, 33, (r, row) ->
                categorical.sampleComponent(cTrue, r.nextDouble() < 0.55 ? 0 : 1, r, row))));
    PoissonFamily poisson = new PoissonFamily();
    PoissonParameters pTrue =
        new PoissonParameters(new double[] {0.5, 0.5}, 3, new double[] {2, 5, 3, 4, 3, 6});
    cases.add(
        SweepCase.of(
            "poisson (3 columns)",
            poisson,
            draw(n, 3, 34, (r, row) ->
                poisson.sampleComponent(pTrue, r.nextDouble() < 0.5 ? 0 : 1, r, row))));
    return cases;
  }

  /** Draws n rows of d values with the given row sampler. */
  static Dataset draw(
      int n, int d, long seed, java.util.function.BiConsumer<RandomGenerator, double[]> sampler) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[n * d];
    double[] row = new double[d];
    for (int i = 0; i < n; i++) {
      sampler.accept(random, row);
      System.arraycopy(row, 0, x, i * d, d);
    }
    return Dataset.of(x, n, d);
  }

  /**
   * Every family, K = 2 to 4, k-means++ starts with seeds 0 to starts - 1, at the given
   * tolerance: for each accelerated method, how often it needs more passes, or stops lower, than
   * plain EM from the same start, and whether any log-likelihood trace decreases.
   */
  static void familySweep(double tol, int starts) {
    System.out.printf(
        Locale.ROOT,
        "%n### Every family at tolerance %s, k-means++ starts, seeds 0 to %d%n%n"
            + "| data, family | K | method | runs | passes (median) | more passes than plain |"
            + " more passes to plain's log-lik. | lower | higher | largest shortfall (mean"
            + " log-lik.) | trace decreases |%n"
            + "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |%n",
        tol,
        starts - 1);
    for (SweepCase sc : sweepCases()) {
      double n = sc.data().totalWeight();
      for (int k = 2; k <= 4; k++) {
        List<Acceleration> methods = accelerated();
        int m = methods.size();
        List<Integer> plainPasses = new ArrayList<>();
        List<List<Integer>> fastPasses = new ArrayList<>();
        for (int a = 0; a < m; a++) {
          fastPasses.add(new ArrayList<>());
        }
        int[] more = new int[m];
        int[] lower = new int[m];
        int[] higher = new int[m];
        int[] drops = new int[m];
        int[] slower = new int[m];
        double[] shortfall = new double[m];
        int plainDrops = 0;
        for (long seed = 0; seed < starts; seed++) {
          Object start;
          try (ChunkExecutor exec = ChunkExecutor.sequential()) {
            start =
                sc.family()
                    .initialize(
                        sc.data(), k, InitMethod.KMEANS_PLUSPLUS,
                        new SplittableRandom(seed).split(), exec);
          }
          Case c = new Case(sc.name(), sc.family(), sc.data(), start, Set.of());
          Measured p = measure(c, Acceleration.NONE, tol, Double.NaN);
          plainPasses.add(p.passes());
          plainDrops += p.maxDrop() > 1e-12 * Math.abs(p.ll()) ? 1 : 0;
          for (int a = 0; a < m; a++) {
            Measured q = measure(c, methods.get(a), tol, Double.NaN);
            // Passes needed to reach where plain EM stopped (what plain EM's passes buy).
            long toPlain;
            try {
              toPlain = measure(c, methods.get(a), tol, p.ll()).passesToTarget();
            } catch (AssertionError notReached) {
              toPlain = Long.MAX_VALUE;
            }
            slower[a] += toPlain > p.passes() ? 1 : 0;
            fastPasses.get(a).add(q.passes());
            more[a] += q.passes() > p.passes() ? 1 : 0;
            lower[a] += q.ll() < p.ll() - tol * n ? 1 : 0;
            higher[a] += q.ll() > p.ll() + tol * n ? 1 : 0;
            shortfall[a] = Math.max(shortfall[a], (p.ll() - q.ll()) / n);
            drops[a] += q.maxDrop() > 1e-12 * Math.abs(q.ll()) ? 1 : 0;
          }
        }
        plainPasses.sort(null);
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | none | %d | %d | | | | | | %d |%n",
            sc.name(), k, starts, plainPasses.get(starts / 2), plainDrops);
        for (int a = 0; a < m; a++) {
          List<Integer> f = fastPasses.get(a);
          f.sort(null);
          System.out.printf(
              Locale.ROOT,
              "| %s | %d | %s | %d | %d | %d | %d | %d | %d | %.2g | %d |%n",
              sc.name(), k, methods.get(a).label(), starts, f.get(starts / 2), more[a],
              slower[a], lower[a], higher[a], shortfall[a], drops[a]);
        }
        System.out.flush();
      }
    }
  }

  /** The heights experiment (N = 1000) over many data sets: the spread of the gain in passes. */
  static void heightsOverSeeds(int count) {
    System.out.printf(
        Locale.ROOT,
        "%n### Heights, N = 1,000, over %d data sets (seeds %d to %d)%n%n"
            + "| method | plain / accelerated passes to the optimum: min | median | max |"
            + " data sets at least 5x | optimum below plain EM's (1e-8 relative) |%n"
            + "| --- | ---: | ---: | ---: | ---: | ---: |%n",
        count,
        20_260_001L + 1_000,
        20_260_001L + 1_000 + count - 1);
    for (Acceleration a : accelerated()) {
      List<Double> ratios = new ArrayList<>();
      int lower = 0;
      for (int s = 0; s < count; s++) {
        Case c = heights(1_000, 20_260_001L + 1_000 + s);
        Measured ref = measure(c, Acceleration.NONE, REFERENCE_TOL, Double.NaN);
        double target = ref.ll() - TARGET * Math.abs(ref.ll());
        Measured p = measure(c, Acceleration.NONE, REFERENCE_TOL, target);
        Measured q = measure(c, a, REFERENCE_TOL, target);
        Measured qTight = measure(c, a, REFERENCE_TOL, Double.NaN);
        ratios.add((double) p.passesToTarget() / q.passesToTarget());
        if (qTight.ll() < ref.ll() - TARGET * Math.abs(ref.ll())) {
          lower++;
        }
      }
      ratios.sort(null);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %.2f | %d of %d | %d of %d |%n",
          a.label(),
          ratios.get(0),
          (ratios.get((count - 1) / 2) + ratios.get(count / 2)) / 2,
          ratios.get(count - 1),
          ratios.stream().filter(r -> r >= 5).count(),
          count,
          lower,
          count);
      System.out.flush();
    }
  }

  /** The accelerated methods compared with plain EM. */
  static List<Acceleration> accelerated() {
    List<Acceleration> out = new ArrayList<>(Arrays.asList(Acceleration.values()));
    out.remove(Acceleration.NONE);
    return out;
  }

  /** Thrown by the listener to end a timed run once the target is reached. */
  static final class Reached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Reached() {
      super(null, null, false, false);
    }
  }

  /**
   * One run from the case's start; counts passes by counting E-step calls on the first chunk. With
   * a target, the run ends when an accepted iterate first reaches it, noting the passes and the
   * time; without one (NaN) it runs to the tolerance.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Measured measure(Case c, Acceleration a, double tol, double target) {
    return measure(c, a, tol, target, false);
  }

  /** As above; with {@code refuse}, every extrapolated point is refused (not a valid model). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Measured measure(Case c, Acceleration a, double tol, double target, boolean refuse) {
    Counting counting = new Counting(c.family());
    counting.refuse = refuse;
    EmOptions options =
        EmOptions.builder()
            .components(2)
            .tolerance(tol)
            .maxIterations(MAX_ITER)
            .threads(1)
            .chunkRows(ChunkExecutor.DEFAULT_CHUNK_ROWS)
            .fixed(c.fixed())
            .acceleration(a)
            .build();
    long t0 = System.nanoTime();
    IterationListener<Object> listener =
        (r, i, ll, p) -> {
          if (ll >= target) {
            throw new Reached();
          }
        };
    EmRun<Object> run;
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      run = EmEngine.run((Family) counting, c.data(), c.start(), options, exec, 0, listener);
    } catch (Reached e) {
      long nanos = System.nanoTime() - t0;
      return new Measured(counting.passes, nanos / 1e9, -1, -1, Double.NaN, Double.NaN);
    }
    if (run.eSteps() != counting.passes) {
      throw new AssertionError("eSteps " + run.eSteps() + " but " + counting.passes + " passes");
    }
    if (!Double.isNaN(target)) {
      throw new AssertionError(c.name() + ", " + a.label() + ": the optimum was not reached");
    }
    double maxDrop = 0;
    List<Double> trace = run.logLikelihoodTrace();
    for (int i = 1; i < trace.size(); i++) {
      maxDrop = Math.max(maxDrop, trace.get(i - 1) - trace.get(i));
    }
    return new Measured(
        -1, Double.NaN, run.eSteps(), run.iterations(), run.logLikelihood(), maxDrop);
  }

  /** A family that counts passes over the data (E-step calls on the first chunk). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final class Counting implements Family {
    private static final long serialVersionUID = 1L;
    private final Family inner;
    long passes;
    boolean refuse;

    Counting(Family<?, ?> inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void validate(Dataset data) {
      inner.validate(data);
    }

    @Override
    public Statistics newStatistics(Object params) {
      return inner.newStatistics(params);
    }

    @Override
    public double accumulate(Object params, Dataset data, int from, int to, Statistics stats) {
      if (from == 0) {
        passes++;
      }
      return inner.accumulate(params, data, from, to, stats);
    }

    @Override
    public Object maximize(Statistics stats, Object previous, Set fixed) {
      return inner.maximize(stats, previous, fixed);
    }

    @Override
    public Set<String> parameterGroups() {
      return inner.parameterGroups();
    }

    @Override
    public Object initialize(
        Dataset data, int components, InitMethod method, RandomGenerator random, ChunkExecutor exec) {
      return inner.initialize(data, components, method, random, exec);
    }

    @Override
    public List<String> parameterNames(Object params) {
      return inner.parameterNames(params);
    }

    @Override
    public double[] flatten(Object params) {
      return inner.flatten(params);
    }

    @Override
    public int freeParameters(Object params, Set fixed) {
      return inner.freeParameters(params, fixed);
    }

    @Override
    public double[] toUnconstrained(Object params) {
      return inner.toUnconstrained(params);
    }

    @Override
    public Object fromUnconstrained(double[] theta, Object template) {
      if (refuse) {
        throw new org.em4j.engine.DegenerateFitException("refused by the benchmark");
      }
      return inner.fromUnconstrained(theta, template);
    }

    @Override
    public Object withFixedGroups(Object params, Object source, Set fixed) {
      return inner.withFixedGroups(params, source, fixed);
    }
  }
}
