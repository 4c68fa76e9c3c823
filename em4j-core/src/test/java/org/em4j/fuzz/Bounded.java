package org.em4j.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one fuzz input with a time limit, so a hang is a failure rather than a stuck build. */
final class Bounded {
  /** Longest a single input may take; the slowest seen take a few milliseconds. */
  static final long LIMIT_MILLIS = 5_000;

  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
          });

  private Bounded() {}

  /**
   * Runs {@code body}; returns its exception (or {@code null}) and fails when it does not finish
   * within {@link #LIMIT_MILLIS}.
   */
  static Throwable run(Callable<?> body, String input) {
    Future<?> f = POOL.submit(body);
    try {
      f.get(LIMIT_MILLIS, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      f.cancel(true);
      return fail("no answer within " + LIMIT_MILLIS + " ms (a hang?) for input: " + input);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /** A printable form of a fuzz input for failure messages. */
  static String show(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 32 || c > 126) {
        b.append(String.format("\\u%04x", (int) c));
      } else if (c == '"') {
        b.append("\\\"");
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
