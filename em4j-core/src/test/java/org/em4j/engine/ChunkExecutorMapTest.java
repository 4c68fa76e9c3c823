package org.em4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ChunkExecutor#map}: task order, nesting without deadlock, failures. */
class ChunkExecutorMapTest {

  /** A sum over rows, as a statistics object: merged in chunk order. */
  static final class Sum implements Statistics<Sum> {
    double value;

    @Override
    public void merge(Sum other) {
      value += other.value;
    }

    @Override
    public void reset() {
      value = 0;
    }
  }

  /** The value of row i: irrational-ish, so that the order of additions shows in the bits. */
  static double row(int task, int i) {
    return Math.sin(task * 1000.0 + i) / (1 + i % 7);
  }

  /** Task t: a reduction over rows in chunks of 3 on the same executor, as a cell's fit does. */
  static double nestedReduce(ChunkExecutor exec, int task, int rows) {
    Sum target = new Sum();
    double ll =
        exec.reduce(
            rows,
            3,
            target,
            Sum::new,
            (partial, from, to) -> {
              double s = 0;
              for (int i = from; i < to; i++) {
                partial.value += row(task, i);
                s += 1;
              }
              return s;
            });
    assertEquals(rows, ll);
    return target.value;
  }

  /** The same reduction done by hand: chunk sums added in chunk order. */
  static double expected(int task, int rows) {
    double total = 0;
    for (int from = 0; from < rows; from += 3) {
      double chunk = 0;
      for (int i = from; i < Math.min(rows, from + 3); i++) {
        chunk += row(task, i);
      }
      total += chunk;
    }
    return total;
  }

  @Test
  void emptyListGivesEmptyResult() {
    try (ChunkExecutor exec = ChunkExecutor.create(2)) {
      assertTrue(exec.map(List.<Callable<Integer>>of()).isEmpty());
    }
  }

  @Test
  void resultsComeBackInTaskOrder() {
    for (int threads : new int[] {1, 2, 4}) {
      try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
          int id = t;
          // Uneven work, so tasks finish out of order on several threads.
          tasks.add(
              () -> {
                double x = 0;
                for (int i = 0; i < (40 - id) * 2000; i++) {
                  x += Math.sqrt(i);
                }
                return x >= 0 ? id * id : -1;
              });
        }
        List<Integer> out = exec.map(tasks);
        assertEquals(40, out.size());
        for (int t = 0; t < 40; t++) {
          assertEquals(t * t, out.get(t), "task " + t + " on " + threads + " threads");
        }
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a deadlock would hang: fail instead
  void tasksMayRunReductionsOnTheSameExecutorWithoutDeadlockAndBitIdentically() {
    int tasks = 12;
    int rows = 200; // 67 chunks per reduction
    for (int threads : new int[] {1, 2, 3, 8}) {
      try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
        List<Callable<Double>> list = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
          int id = t;
          list.add(
              () -> {
                double s = 0;
                for (int rep = 0; rep < 20; rep++) { // many reductions, as EM iterations
                  s = nestedReduce(exec, id, rows);
                }
                return s;
              });
        }
        List<Double> out = exec.map(list);
        for (int t = 0; t < tasks; t++) {
          assertEquals(
              Double.doubleToRawLongBits(expected(t, rows)),
              Double.doubleToRawLongBits(out.get(t)),
              "task " + t + " on " + threads + " threads");
        }
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mapsNestInsideMaps() {
    try (ChunkExecutor exec = ChunkExecutor.create(3)) {
      List<Callable<List<Double>>> outer = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int id = t;
        outer.add(
            () -> {
              List<Callable<Double>> inner = new ArrayList<>();
              for (int u = 0; u < 5; u++) {
                int sub = id * 10 + u;
                inner.add(() -> nestedReduce(exec, sub, 50));
              }
              return exec.map(inner);
            });
      }
      List<List<Double>> out = exec.map(outer);
      for (int t = 0; t < 6; t++) {
        for (int u = 0; u < 5; u++) {
          assertEquals(expected(t * 10 + u, 50), out.get(t).get(u));
        }
      }
    }
  }

  @Test
  void theLowestNumberedFailureIsRethrown() {
    for (int threads : new int[] {1, 2, 4}) {
      try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
          int id = t;
          tasks.add(
              () -> {
                if (id == 3 || id == 7) {
                  throw new IllegalStateException("task " + id);
                }
                return id;
              });
        }
        IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> exec.map(tasks));
        assertEquals("task 3", e.getMessage());
        // The executor is still usable afterwards.
        assertEquals(List.of(1, 2), exec.map(List.<Callable<Integer>>of(() -> 1, () -> 2)));
      }
    }
  }

  @Test
  void checkedExceptionsAreWrapped() {
    try (ChunkExecutor exec = ChunkExecutor.create(2)) {
      List<Callable<Integer>> tasks =
          List.of(
              () -> {
                throw new java.io.IOException("disk");
              });
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> exec.map(tasks));
      assertTrue(e.getCause() instanceof java.io.IOException);
    }
  }
}
