package org.em4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The one class in em4j that owns threads. It runs work over fixed-size chunks of rows on all
 * its threads and, for reductions, merges the per-chunk results <em>in chunk order</em>: chunk
 * boundaries do not depend on the number of threads, and neither does the order of the
 * floating-point additions, so a fit gives a bit-identical model on 1, 2 or 64 threads.
 *
 * <p>The calling thread works too, and completion is waited for by counting merged chunks rather
 * than finished tasks, so a reduction started from inside a pool thread cannot deadlock.
 *
 * <p>Besides chunks of rows it runs independent tasks ({@link #map}, e.g. the cells of a model
 * selection grid) on the same threads, with the same guarantees: results come back in task order,
 * the caller works too, and a task may itself run reductions or {@code map}s on this executor.
 * Work is claimed from a shared counter, and a thread only ever waits for work that a running
 * thread has already claimed, so nesting cannot deadlock however busy the pool is: when every
 * pool thread is occupied, the caller simply does the nested work itself.
 */
public final class ChunkExecutor implements AutoCloseable {
  /** Rows per chunk unless a caller asks otherwise: large enough to amortise a merge. */
  public static final int DEFAULT_CHUNK_ROWS = 4096;

  private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

  private final int threads;
  private final ExecutorService pool;

  private ChunkExecutor(int threads) {
    this.threads = threads;
    if (threads > 1) {
      int id = POOL_COUNTER.incrementAndGet();
      AtomicInteger n = new AtomicInteger();
      ThreadFactory factory =
          r -> {
            Thread t = new Thread(r, "em4j-" + id + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          };
      this.pool = Executors.newFixedThreadPool(threads - 1, factory);
    } else {
      this.pool = null;
    }
  }

  /**
   * An executor with this many threads (the caller's included).
   *
   * @param threads at least 1, or 0 for every available processor
   */
  public static ChunkExecutor create(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
    }
    return new ChunkExecutor(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
  }

  /** A single-threaded executor (no pool). */
  public static ChunkExecutor sequential() {
    return new ChunkExecutor(1);
  }

  /** Number of threads that work on a reduction, the caller's included. */
  public int threads() {
    return threads;
  }

  /** Work on one chunk of rows for a reduction. */
  @FunctionalInterface
  public interface ChunkReducer<S> {
    /**
     * @param partial empty statistics to fill for rows {@code [from, to)}
     * @return a number to add up over chunks (a log-likelihood)
     */
    double apply(S partial, int from, int to);
  }

  /** Work on one chunk of rows whose outputs are disjoint from other chunks'. */
  @FunctionalInterface
  public interface RangeTask {
    /** Processes rows {@code [from, to)}. */
    void run(int from, int to);
  }

  /**
   * Runs {@code reducer} over every chunk of {@code rows} and merges the results into {@code
   * target} in chunk order.
   *
   * @param rows number of rows
   * @param chunkRows rows per chunk (fixed, so results do not depend on the thread count)
   * @param target merged into; should start empty
   * @param partials makes empty statistics for one thread's chunks
   * @return the sum of the reducer's numbers, added in chunk order
   */
  public <S extends Statistics<S>> double reduce(
      int rows, int chunkRows, S target, Supplier<S> partials, ChunkReducer<S> reducer) {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be >= 1, got " + chunkRows);
    }
    int chunks = (rows + chunkRows - 1) / chunkRows;
    if (chunks == 0) {
      return 0;
    }
    if (pool == null || chunks == 1) {
      S partial = partials.get();
      double sum = 0;
      for (int c = 0; c < chunks; c++) {
        partial.reset();
        int from = c * chunkRows;
        sum += reducer.apply(partial, from, Math.min(rows, from + chunkRows));
        target.merge(partial);
      }
      return sum;
    }
    OrderedReduction<S> job =
        new OrderedReduction<>(rows, chunkRows, chunks, target, partials, reducer);
    AtomicReference<Runnable> work = help(Math.min(threads - 1, chunks - 1), job::work);
    try {
      job.work();
      return job.awaitAll();
    } finally {
      work.set(null);
    }
  }

  /**
   * Queues helpers that run {@code work} if they start before the job is over. A helper that
   * starts late (the pool was busy, e.g. with the tasks of a {@link #map} that this job is nested
   * in) finds the reference cleared and returns at once, and a queued helper keeps none of the
   * job's data alive meanwhile.
   */
  private AtomicReference<Runnable> help(int helpers, Runnable work) {
    AtomicReference<Runnable> ref = new AtomicReference<>(work);
    for (int t = 0; t < helpers; t++) {
      pool.execute(
          () -> {
            Runnable r = ref.get();
            if (r != null) {
              r.run();
            }
          });
    }
    return ref;
  }

  /**
   * Runs {@code task} over every chunk of {@code rows}; the tasks must write disjoint outputs.
   */
  public void forEach(int rows, int chunkRows, RangeTask task) {
    reduce(
        rows,
        chunkRows,
        new NoStatistics(),
        NoStatistics::new,
        (ignored, from, to) -> {
          task.run(from, to);
          return 0;
        });
  }

  /**
   * Runs independent tasks on this executor's threads (the caller's included) and returns their
   * results in task order, whatever thread ran which task. Tasks may use this executor themselves
   * (nested {@link #reduce} or {@code map}); see the class comment for why that cannot deadlock.
   * Determinism is the tasks' business: each must depend only on its own inputs (its own seed),
   * never on which thread runs it or when.
   *
   * <p>When tasks throw, no further task is started, the running ones are waited for, and the
   * exception of the lowest-numbered failed task is rethrown (unchecked ones as they are, checked
   * ones wrapped in an {@link IllegalStateException}).
   *
   * @param tasks the tasks; not modified
   * @return every task's result, {@code result.get(i)} from {@code tasks.get(i)}
   */
  public <T> List<T> map(List<? extends Callable<? extends T>> tasks) {
    int n = tasks.size();
    if (n == 0) {
      return List.of();
    }
    TaskBatch<T> batch = new TaskBatch<>(tasks);
    AtomicReference<Runnable> work =
        pool != null && n > 1 ? help(Math.min(threads - 1, n - 1), batch::work) : null;
    try {
      batch.work();
      return batch.awaitAll();
    } finally {
      if (work != null) {
        work.set(null);
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Chunks handed out by a counter, merged strictly in chunk order under a lock. */
  private static final class OrderedReduction<S extends Statistics<S>> {
    private final int rows;
    private final int chunkRows;
    private final int chunks;
    private final S target;
    private final Supplier<S> partials;
    private final ChunkReducer<S> reducer;
    private final AtomicInteger next = new AtomicInteger();
    private int merged;
    private double sum;
    private Throwable failure;

    OrderedReduction(
        int rows,
        int chunkRows,
        int chunks,
        S target,
        Supplier<S> partials,
        ChunkReducer<S> reducer) {
      this.rows = rows;
      this.chunkRows = chunkRows;
      this.chunks = chunks;
      this.target = target;
      this.partials = partials;
      this.reducer = reducer;
    }

    void work() {
      S partial = null;
      try {
        while (true) {
          int c = next.getAndIncrement();
          if (c >= chunks) {
            return;
          }
          if (partial == null) {
            partial = partials.get();
          } else {
            partial.reset();
          }
          int from = c * chunkRows;
          double value = reducer.apply(partial, from, Math.min(rows, from + chunkRows));
          synchronized (this) {
            while (merged != c && failure == null) {
              wait();
            }
            if (failure != null) {
              return;
            }
            target.merge(partial);
            sum += value;
            merged++;
            notifyAll();
          }
        }
      } catch (Throwable t) {
        synchronized (this) {
          if (failure == null) {
            failure = t;
          }
          next.set(chunks);
          notifyAll();
        }
      }
    }

    synchronized double awaitAll() {
      boolean interrupted = false;
      while (merged < chunks && failure == null) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return sum;
    }
  }

  /** Tasks claimed one by one under a lock; results stored by task index. */
  private static final class TaskBatch<T> {
    private final List<? extends Callable<? extends T>> tasks;
    private final Object[] results;
    private final Throwable[] failures;
    private int next;
    private int running;
    private boolean stopped;

    TaskBatch(List<? extends Callable<? extends T>> tasks) {
      this.tasks = List.copyOf(tasks);
      this.results = new Object[this.tasks.size()];
      this.failures = new Throwable[this.tasks.size()];
    }

    void work() {
      while (true) {
        int i;
        synchronized (this) {
          if (stopped || next >= tasks.size()) {
            return;
          }
          i = next++;
          running++; // claimed and counted at once: a waiter never misses a running task
        }
        Object value = null;
        Throwable failure = null;
        try {
          value = tasks.get(i).call();
        } catch (Throwable t) {
          failure = t;
        }
        synchronized (this) {
          results[i] = value;
          failures[i] = failure;
          if (failure != null) {
            stopped = true; // start nothing new
          }
          running--;
          notifyAll();
        }
      }
    }

    @SuppressWarnings("unchecked")
    synchronized List<T> awaitAll() {
      boolean interrupted = false;
      // The caller's own work() has returned, so nothing is left to claim; every task still
      // counted in running is being run by a live thread, so this wait always ends.
      while (running > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      for (Throwable t : failures) {
        if (t instanceof RuntimeException r) {
          throw r;
        }
        if (t instanceof Error e) {
          throw e;
        }
        if (t != null) {
          throw new IllegalStateException(t);
        }
      }
      List<T> out = new ArrayList<>(results.length);
      for (Object r : results) {
        out.add((T) r);
      }
      return java.util.Collections.unmodifiableList(out);
    }
  }

  /** Placeholder statistics for {@link #forEach}, which merges nothing. */
  private static final class NoStatistics implements Statistics<NoStatistics> {
    @Override
    public void merge(NoStatistics other) {}

    @Override
    public void reset() {}
  }
}
