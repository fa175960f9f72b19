package dev.bpg.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@code calls} calls from {@code clients} concurrent workers, as closed-loop clients do: each
 * worker makes its next call when the previous one has answered. Records every call's latency.
 */
final class LoadRunner {
  /** One call; returns whether it succeeded. Its index is unique within the run. */
  @FunctionalInterface
  interface Call {
    boolean run(int index) throws Exception;
  }

  private LoadRunner() {}

  static LoadResult run(int clients, int calls, Call call) throws InterruptedException {
    long[] latencies = new long[calls];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong firstError = new AtomicLong(-1);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            clients,
            runnable -> {
              Thread thread = new Thread(runnable, "bench-client");
              thread.setDaemon(true);
              return thread;
            });
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < clients; w++) {
      workers.add(
          pool.submit(
              () -> {
                int index;
                while ((index = next.getAndIncrement()) < calls) {
                  long before = System.nanoTime();
                  boolean ok;
                  try {
                    ok = call.run(index);
                  } catch (Exception e) {
                    ok = false;
                    if (firstError.compareAndSet(-1, index)) {
                      System.err.println("bench: call " + index + " failed: " + e);
                    }
                  }
                  latencies[index] = System.nanoTime() - before;
                  if (!ok) {
                    errors.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      try {
        worker.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    return LoadResult.of(latencies, errors.get(), seconds);
  }
}
