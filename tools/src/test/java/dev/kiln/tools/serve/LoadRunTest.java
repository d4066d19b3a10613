package dev.kiln.tools.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load loop, on a fake transport: counts, statuses and the sentences it sends. */
class LoadRunTest {

  /** Every 10th request a 503, every 25th no answer; records what it was sent. */
  private static final class FakeTransport implements PredictClient.Factory {
    final AtomicInteger calls = new AtomicInteger();
    final ConcurrentLinkedQueue<List<String>> sent = new ConcurrentLinkedQueue<>();

    @Override
    public String transport() {
      return "fake";
    }

    @Override
    public PredictClient create() {
      return new PredictClient() {
        @Override
        public int predict(List<String> sentences) throws IOException {
          sent.add(sentences);
          int call = calls.incrementAndGet();
          if (call % 25 == 0) {
            throw new IOException("reset");
          }
          return call % 10 == 0 ? 503 : 200;
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void sendsExactlyTheRequestCountAndCountsServerErrorsAndMissingAnswers() throws Exception {
    FakeTransport fake = new FakeTransport();
    LoadRun.Result result = LoadRun.run(fake, List.of("a", "b", "c"), 4, 2, 100, 60);
    assertEquals(100, result.requests());
    assertEquals(100, fake.calls.get());
    assertEquals(8, result.serverErrors()); // calls 10, 20, ..., 90 but 50
    assertEquals(4, result.otherErrors()); // calls 25, 50, 75, 100 get no answer
    assertTrue(fake.sent.stream().allMatch(sentences -> sentences.size() == 2));
    assertEquals(100, result.latencies().length);
    assertTrue(result.percentileMillis(50) <= result.percentileMillis(99));
    assertTrue(result.percentileMillis(99) <= result.percentileMillis(100));
  }

  @Test
  void percentilesAreTakenFromTheSortedLatencies() {
    long[] latencies = new long[100];
    for (int i = 0; i < 100; i++) {
      latencies[i] = (i + 1) * 1_000_000L; // 1 ms .. 100 ms
    }
    LoadRun.Result result = new LoadRun.Result(1, 1, 100, 1.0, latencies, 0, 0);
    assertEquals(50.0, result.percentileMillis(50));
    assertEquals(99.0, result.percentileMillis(99));
    assertEquals(100.0, result.percentileMillis(100));
    assertEquals(100.0, result.requestsPerSecond());
  }
}
