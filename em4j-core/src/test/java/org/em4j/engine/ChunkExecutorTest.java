package org.em4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkExecutorTest {

  /** Statistics that remember which chunks were merged, in which order. */
  static final class Order implements Statistics<Order> {
    final List<Integer> starts = new ArrayList<>();

    @Override
    public void merge(Order other) {
      starts.addAll(other.starts);
    }

    @Override
    public void reset() {
      starts.clear();
    }
  }

  /** A value per chunk whose sum depends on the order of the additions. */
  private static double value(int from) {
    return (from % 3 == 0 ? 1e16 : 1.0) * (from % 2 == 0 ? 1 : -1) + from * 1e-3;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 8})
  void mergesInChunkOrderWhateverTheThreads(int threads) {
    int rows = 10_007;
    int chunkRows = 13;
    int chunks = (rows + chunkRows - 1) / chunkRows;
    double expectedSum = 0;
    List<Integer> expectedOrder = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      expectedOrder.add(c * chunkRows);
      expectedSum += value(c * chunkRows);
    }
    try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
      assertEquals(threads, exec.threads());
      for (int repeat = 0; repeat < 5; repeat++) {
        Order target = new Order();
        double sum =
            exec.reduce(
                rows,
                chunkRows,
                target,
                Order::new,
                (partial, from, to) -> {
                  assertTrue(partial.starts.isEmpty(), "each chunk starts from empty statistics");
                  assertEquals(Math.min(rows, from + chunkRows), to);
                  if ((from / chunkRows) % 7 == 0) {
                    Thread.yield(); // uneven chunk times, so threads finish out of order
                  }
                  partial.starts.add(from);
                  return value(from);
                });
        assertEquals(expectedOrder, target.starts, threads + " threads");
        assertTrue(sum == expectedSum, "sum added in chunk order: " + sum + " vs " + expectedSum);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void forEachVisitsEveryRowOnce(int threads) {
    int rows = 1000;
    AtomicIntegerArray seen = new AtomicIntegerArray(rows);
    try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
      exec.forEach(
          rows,
          9,
          (from, to) -> {
            for (int i = from; i < to; i++) {
              seen.incrementAndGet(i);
            }
          });
    }
    for (int i = 0; i < rows; i++) {
      assertEquals(1, seen.get(i), "row " + i);
    }
  }

  @Test
  void noRowsIsAnEmptyReduction() {
    try (ChunkExecutor exec = ChunkExecutor.create(2)) {
      Order target = new Order();
      assertEquals(0.0, exec.reduce(0, 10, target, Order::new, (p, f, t) -> 1));
      assertTrue(target.starts.isEmpty());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void aFailingChunkFailsTheReduction(int threads) {
    try (ChunkExecutor exec = ChunkExecutor.create(threads)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  exec.reduce(
                      1000,
                      10,
                      new Order(),
                      Order::new,
                      (p, from, to) -> {
                        if (from == 500) {
                          throw new IllegalStateException("chunk at 500 failed");
                        }
                        return 0;
                      }));
      assertEquals("chunk at 500 failed", e.getMessage());
      // The executor still works afterwards.
      Order target = new Order();
      exec.reduce(100, 10, target, Order::new, (p, f, t) -> {
        p.starts.add(f);
        return 0;
      });
      assertEquals(10, target.starts.size());
    }
  }

  @Test
  void rejectsInvalidSettings() {
    IllegalArgumentException threads =
        assertThrows(IllegalArgumentException.class, () -> ChunkExecutor.create(-1));
    assertTrue(threads.getMessage().contains("got -1"), threads.getMessage());
    try (ChunkExecutor exec = ChunkExecutor.sequential()) {
      IllegalArgumentException chunk =
          assertThrows(
              IllegalArgumentException.class,
              () -> exec.reduce(10, 0, new Order(), Order::new, (p, f, t) -> 0));
      assertTrue(chunk.getMessage().contains("chunkRows must be >= 1, got 0"), chunk.getMessage());
    }
  }
}
