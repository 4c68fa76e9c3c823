package org.em4j.engine;

import java.util.Set;

/**
 * Settings of an EM fit, validated on construction. Use {@link #builder()}.
 *
 * @param components number of mixture components (latent classes), at least 1
 * @param maxIterations largest number of M-steps per run, at least 0
 * @param tolerance the run has converged when the change of the average log-likelihood per
 *     sample between two iterations is below this; 0 runs exactly {@code maxIterations}
 * @param restarts number of runs from different random starts; the best log-likelihood wins
 * @param seed seed of the random generator; the same seed gives the same model
 * @param threads threads for the E-step, 0 for every available processor
 * @param chunkRows rows per chunk of the E-step (results do not depend on the thread count)
 * @param init how random starts are drawn
 * @param fixed parameter groups held at their starting values, e.g. {@code weights}
 * @param traceParameters keep the parameters of every iteration in the result (memory grows
 *     with iterations times parameters); the log-likelihood trace is always kept
 * @param acceleration plain EM or an accelerated scheme; an iteration is then one accepted
 *     iterate (a SQUAREM cycle of up to four passes over the data, a DAAREM step of one or two),
 *     and {@code maxIterations} bounds the accepted iterates
 * @param onDegenerate what to do when a component degenerates (default {@link
 *     DegeneratePolicy#WARN})
 * @param degenerateWeight a component whose weight falls below this (or below one row's worth,
 *     whichever is larger) is degenerate; in [0, 1), default 0
 */
public record EmOptions(
    int components,
    int maxIterations,
    double tolerance,
    int restarts,
    long seed,
    int threads,
    int chunkRows,
    InitMethod init,
    Set<String> fixed,
    boolean traceParameters,
    Acceleration acceleration,
    DegeneratePolicy onDegenerate,
    double degenerateWeight) {

  /** Default convergence tolerance on the average log-likelihood per sample. */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  /**
   * Default acceleration: none (plain EM). SQUAREM needs far fewer passes on slow fits, but the
   * benchmark in {@code docs/performance.md} (section "Accelerated EM") found fits where it is
   * worse: one or two more passes on fits plain EM finishes in five, and, at the default
   * tolerance, some stops on a flat stretch of the likelihood below where plain EM from the same
   * start stops. DAAREM is worse still on over-fitted models (many refused proposals).
   * Acceleration is the default only if it is never worse, so it is asked for.
   */
  public static final Acceleration DEFAULT_ACCELERATION = Acceleration.NONE;

  /** Default iteration limit. */
  public static final int DEFAULT_MAX_ITERATIONS = 1000;

  /** Validates every setting. */
  public EmOptions {
    check(components >= 1, "components must be at least 1, got %s", components);
    check(maxIterations >= 0, "max iterations must be >= 0, got %s", maxIterations);
    check(
        tolerance >= 0 && !Double.isNaN(tolerance) && !Double.isInfinite(tolerance),
        "tolerance must be a finite number >= 0, got %s",
        tolerance);
    check(restarts >= 1, "restarts must be at least 1, got %s", restarts);
    check(threads >= 0, "threads must be >= 0 (0 = all cores), got %s", threads);
    check(chunkRows >= 1, "chunk rows must be at least 1, got %s", chunkRows);
    if (init == null) {
      throw new IllegalArgumentException("init must not be null");
    }
    fixed = Set.copyOf(fixed);
    if (acceleration == null) {
      throw new IllegalArgumentException("acceleration must not be null");
    }
    if (onDegenerate == null) {
      throw new IllegalArgumentException("on-degenerate must not be null");
    }
    check(
        degenerateWeight >= 0 && degenerateWeight < 1,
        "degenerate weight must be in [0, 1), got %s",
        degenerateWeight);
  }

  private static void check(boolean ok, String format, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, value));
    }
  }

  /** A builder with the defaults: 1 component, tolerance 1e-6, 1000 iterations, kmeans++. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.components = components;
    b.maxIterations = maxIterations;
    b.tolerance = tolerance;
    b.restarts = restarts;
    b.seed = seed;
    b.threads = threads;
    b.chunkRows = chunkRows;
    b.init = init;
    b.fixed = fixed;
    b.traceParameters = traceParameters;
    b.acceleration = acceleration;
    b.onDegenerate = onDegenerate;
    b.degenerateWeight = degenerateWeight;
    return b;
  }

  /** Builds {@link EmOptions}; every setting has a default. */
  public static final class Builder {
    private int components = 1;
    private int maxIterations = DEFAULT_MAX_ITERATIONS;
    private double tolerance = DEFAULT_TOLERANCE;
    private int restarts = 1;
    private long seed = 0;
    private int threads = 0;
    private int chunkRows = ChunkExecutor.DEFAULT_CHUNK_ROWS;
    private InitMethod init = InitMethod.KMEANS_PLUSPLUS;
    private Set<String> fixed = Set.of();
    private boolean traceParameters;
    private Acceleration acceleration = DEFAULT_ACCELERATION;
    private DegeneratePolicy onDegenerate = DegeneratePolicy.WARN;
    private double degenerateWeight = 0;

    private Builder() {}

    /** Number of components. */
    public Builder components(int k) {
      this.components = k;
      return this;
    }

    /** Iteration limit. */
    public Builder maxIterations(int n) {
      this.maxIterations = n;
      return this;
    }

    /** Convergence tolerance on the average log-likelihood per sample. */
    public Builder tolerance(double t) {
      this.tolerance = t;
      return this;
    }

    /** Number of random starts. */
    public Builder restarts(int r) {
      this.restarts = r;
      return this;
    }

    /** Random seed. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Threads (0 = all cores). */
    public Builder threads(int t) {
      this.threads = t;
      return this;
    }

    /** Rows per chunk. */
    public Builder chunkRows(int r) {
      this.chunkRows = r;
      return this;
    }

    /** Initialisation method. */
    public Builder init(InitMethod m) {
      this.init = m;
      return this;
    }

    /** Parameter groups held fixed. */
    public Builder fixed(Set<String> groups) {
      this.fixed = groups;
      return this;
    }

    /** Keep every iteration's parameters. */
    public Builder traceParameters(boolean keep) {
      this.traceParameters = keep;
      return this;
    }

    /** Plain EM or an accelerated scheme (default {@link EmOptions#DEFAULT_ACCELERATION}). */
    public Builder acceleration(Acceleration a) {
      this.acceleration = a;
      return this;
    }

    /** What to do when a component degenerates. */
    public Builder onDegenerate(DegeneratePolicy policy) {
      this.onDegenerate = policy;
      return this;
    }

    /** Weight below which a component is degenerate (besides one row's worth). */
    public Builder degenerateWeight(double w) {
      this.degenerateWeight = w;
      return this;
    }

    /** The validated options. */
    public EmOptions build() {
      return new EmOptions(
          components,
          maxIterations,
          tolerance,
          restarts,
          seed,
          threads,
          chunkRows,
          init,
          fixed,
          traceParameters,
          acceleration,
          onDegenerate,
          degenerateWeight);
    }
  }
}
