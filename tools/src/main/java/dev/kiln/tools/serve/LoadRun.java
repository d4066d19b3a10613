package dev.kiln.tools.serve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code clients} threads sending {@code sentencesPerRequest}-sentence requests back to back
 * until {@code requests} are sent or {@code maxSeconds} have passed, whichever comes first.
 */
final class LoadRun {
  /** What a run measured; latencies in nanoseconds, sorted. */
  record Result(int clients, int sentencesPerRequest, int requests, double seconds,
      long[] latencies, int serverErrors, int otherErrors) {

    double requestsPerSecond() {
      return requests / seconds;
    }

    double percentileMillis(double percentile) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(percentile / 100 * latencies.length) - 1;
      return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
    }

    String summary() {
      return String.format(Locale.ROOT, "%d requests in %.1f s: %.0f req/s, p50 %.1f ms,"
          + " p99 %.1f ms, max %.1f ms, %d 5xx, %d other errors", requests, seconds,
          requestsPerSecond(), percentileMillis(50), percentileMillis(99), percentileMillis(100),
          serverErrors, otherErrors);
    }
  }

  private LoadRun() {}

  static Result run(PredictClient.Factory factory, List<String> corpus, int clients,
      int sentencesPerRequest, int requests, double maxSeconds) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger serverErrors = new AtomicInteger();
    AtomicInteger otherErrors = new AtomicInteger();
    AtomicBoolean reported = new AtomicBoolean();
    long started = System.nanoTime();
    long deadline = started + (long) (maxSeconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<long[]>> perClient = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      perClient.add(pool.submit(() -> {
        long[] latencies = new long[requests];
        int count = 0;
        try (PredictClient client = factory.create()) {
          int i;
          while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
            List<String> sentences = new ArrayList<>(sentencesPerRequest);
            for (int s = 0; s < sentencesPerRequest; s++) {
              sentences.add(corpus.get((i * sentencesPerRequest + s) % corpus.size()));
            }
            long sent = System.nanoTime();
            try {
              int status = client.predict(sentences);
              if (status >= 500) {
                serverErrors.incrementAndGet();
              } else if (status != 200) {
                otherErrors.incrementAndGet();
              }
            } catch (IOException e) {
              otherErrors.incrementAndGet();
              if (reported.compareAndSet(false, true)) { // the first one says what goes wrong
                System.err.println("serve-benchmark: no answer: " + e);
              }
            }
            latencies[count++] = System.nanoTime() - sent;
          }
        }
        return Arrays.copyOf(latencies, count);
      }));
    }
    pool.shutdown();
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> future : perClient) {
      all.add(future.get((long) maxSeconds + 120, TimeUnit.SECONDS));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(clients, sentencesPerRequest, latencies.length, seconds, latencies,
        serverErrors.get(), otherErrors.get());
  }
}
