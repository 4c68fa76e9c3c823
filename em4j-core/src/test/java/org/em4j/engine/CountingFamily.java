package org.em4j.engine;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.em4j.data.Dataset;

/**
 * A family wrapper for tests: counts passes over the data (E-step calls on the chunk that starts at
 * row 0) and extrapolations, and can spoil extrapolated points to drive the safeguards.
 */
final class CountingFamily<P, S extends Statistics<S>> implements Family<P, S> {
  private static final long serialVersionUID = 1L;

  /** What to do with points built by {@link #fromUnconstrained}. */
  enum Spoil {
    /** Nothing: delegate. */
    NONE,
    /** Refuse every extrapolated point (as if it were not a valid model). */
    REFUSE,
    /**
     * Accept it, but make it and everything computed from it look 1e6 worse in log-likelihood, so
     * that the monotonicity check must reject it.
     */
    PENALISE
  }

  private final Family<P, S> inner;
  private final Spoil spoil;
  private final Map<Object, Boolean> marked = new IdentityHashMap<>();
  private final Map<Object, Object> statsOwner = new IdentityHashMap<>();
  int passes;
  int extrapolations;

  CountingFamily(Family<P, S> inner, Spoil spoil) {
    this.inner = inner;
    this.spoil = spoil;
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
  public S newStatistics(P params) {
    S s = inner.newStatistics(params);
    synchronized (this) {
      statsOwner.put(s, params);
    }
    return s;
  }

  @Override
  public double accumulate(P params, Dataset data, int from, int to, S stats) {
    boolean bad;
    synchronized (this) {
      if (from == 0) {
        passes++;
      }
      bad = marked.containsKey(params);
    }
    double ll = inner.accumulate(params, data, from, to, stats);
    return bad ? ll - 1e6 : ll;
  }

  @Override
  public P maximize(S stats, P previous, Set<String> fixed) {
    P p = inner.maximize(stats, previous, fixed);
    synchronized (this) {
      Object owner = statsOwner.get(stats);
      if (owner != null && marked.containsKey(owner)) {
        marked.put(p, true);
      }
    }
    return p;
  }

  @Override
  public Set<String> parameterGroups() {
    return inner.parameterGroups();
  }

  @Override
  public P initialize(
      Dataset data, int components, InitMethod method, RandomGenerator random, ChunkExecutor exec) {
    return inner.initialize(data, components, method, random, exec);
  }

  @Override
  public List<String> parameterNames(P params) {
    return inner.parameterNames(params);
  }

  @Override
  public double[] flatten(P params) {
    return inner.flatten(params);
  }

  @Override
  public int freeParameters(P params, Set<String> fixed) {
    return inner.freeParameters(params, fixed);
  }

  @Override
  public double[] toUnconstrained(P params) {
    return inner.toUnconstrained(params);
  }

  @Override
  public P fromUnconstrained(double[] theta, P template) {
    extrapolations++;
    if (spoil == Spoil.REFUSE) {
      throw new DegenerateFitException("refused by the test");
    }
    P p = inner.fromUnconstrained(theta, template);
    if (spoil == Spoil.PENALISE) {
      synchronized (this) {
        marked.put(p, true);
      }
    }
    return p;
  }

  @Override
  public P withFixedGroups(P params, P source, Set<String> fixed) {
    P p = inner.withFixedGroups(params, source, fixed);
    synchronized (this) {
      if (marked.containsKey(params)) {
        marked.put(p, true);
      }
    }
    return p;
  }
}
