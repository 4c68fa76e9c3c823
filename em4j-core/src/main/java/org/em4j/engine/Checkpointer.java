package org.em4j.engine;

/**
 * Saves a fit's {@link FitState} so that a stopped fit can be resumed (see {@code em4j fit
 * --checkpoint}). Called on the fitting thread.
 *
 * @param <P> the family's parameters
 */
public interface Checkpointer<P> {
  /** Iterations between two saves within a run (a save also follows every finished restart). */
  int every();

  /** Saves the state; must leave a complete earlier state in place when it fails. */
  void save(FitState<P> state);

  /** Saves nothing (always the same instance). */
  @SuppressWarnings("unchecked")
  static <P> Checkpointer<P> none() {
    return (Checkpointer<P>) Nothing.INSTANCE;
  }

  /** The checkpointer that saves nothing. */
  final class Nothing implements Checkpointer<Object> {
    static final Nothing INSTANCE = new Nothing();

    private Nothing() {}

    @Override
    public int every() {
      return Integer.MAX_VALUE;
    }

    @Override
    public void save(FitState<Object> state) {}
  }
}
