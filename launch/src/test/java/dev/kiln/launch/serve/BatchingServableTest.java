package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side batching on a real SavedModel: merged runs answer as separate ones would. */
class BatchingServableTest {
  private static final String TEXT = "serving_default";

  @TempDir static Path dir;
  private static SavedModelServable model;
  private static ExecutorService clients;

  @BeforeAll
  static void load() throws Exception {
    TestSavedModels.export(dir.resolve("1"), 0.5f);
    model = SavedModelServable.load(dir.resolve("1"));
    clients = Executors.newFixedThreadPool(8);
  }

  @AfterAll
  static void close() {
    clients.shutdownNow();
    model.close();
  }

  /** Batch sizes and queue depth, as the server's metrics get them. */
  private static final class RecordedMetrics implements BatchMetrics {
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger queueDepth = new AtomicInteger();

    @Override
    public void batchRan(int rows) {
      batches.add(rows);
    }

    @Override
    public void queueDepthChanged(int delta) {
      queueDepth.addAndGet(delta);
    }
  }

  /** A servable that is never closed here: the test closes the shared model itself. */
  private static BatchingServable batching(BatchingParameters parameters, BatchMetrics metrics) {
    Servable unclosed = new Servable() {
      @Override
      public Map<String, SignatureSpec> signatures() {
        return model.signatures();
      }

      @Override
      public Map<String, TensorValue> predict(String key, Map<String, TensorValue> inputs) {
        return model.predict(key, inputs);
      }

      @Override
      public void close() {}
    };
    return new BatchingServable("test", unclosed, parameters, metrics);
  }

  private static Map<String, TensorValue> sentences(String... texts) {
    byte[][] bytes = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      bytes[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    return Map.of("sentences", new TensorValue(ServingType.STRING, new long[] {texts.length},
        bytes));
  }

  private static Map<String, TensorValue> tokenIds(int rows, int width, int seed) {
    int[] ids = new int[rows * width];
    int[] lengths = new int[rows];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (i * 7 + seed) % 11;
    }
    for (int i = 0; i < rows; i++) {
      lengths[i] = 1 + (i + seed) % width;
    }
    return Map.of(
        "token_ids", new TensorValue(ServingType.INT32, new long[] {rows, width}, ids),
        "lengths", new TensorValue(ServingType.INT32, new long[] {rows}, lengths));
  }

  private static void assertSameOutputs(Map<String, TensorValue> expected,
      Map<String, TensorValue> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    assertArrayEquals(expected.get("probabilities").shape(), actual.get("probabilities").shape());
    assertArrayEquals((float[]) expected.get("probabilities").elements(),
        (float[]) actual.get("probabilities").elements());
    assertArrayEquals((byte[][]) expected.get("label").elements(),
        (byte[][]) actual.get("label").elements());
  }

  @Test
  void concurrentRequestsRunAsOneMergedRunThatAnswersEachRowAsAloneWouldDo() throws Exception {
    List<Map<String, TensorValue>> requests = List.of(sentences("a"), sentences("bb", "c"),
        sentences("a longer sentence", "x", "yz"), sentences("four"), sentences("", "five!"),
        sentences("six six"), sentences("seven", "s", "e", "v"), sentences("8"));
    int rows = requests.stream().mapToInt(BatchInputs::rows).sum(); // 16
    RecordedMetrics metrics = new RecordedMetrics();
    // a batch runs only once full (the timeout is far away): all 8 requests share one run
    try (BatchingServable servable = batching(
        new BatchingParameters(rows, TimeUnit.SECONDS.toMicros(60), 2, 1), metrics)) {
      List<Future<Map<String, TensorValue>>> answers = new ArrayList<>();
      for (Map<String, TensorValue> request : requests) {
        answers.add(clients.submit(() -> servable.predict(TEXT, request)));
      }
      for (int i = 0; i < requests.size(); i++) {
        assertSameOutputs(model.predict(TEXT, requests.get(i)),
            answers.get(i).get(30, TimeUnit.SECONDS));
      }
      assertEquals(List.of(rows), metrics.batches);
      assertEquals(0, metrics.queueDepth.get());
    }
  }

  @Test
  void requestsOfDifferentShapesAreBatchedApartAndEachGetsItsOwnRows() throws Exception {
    List<Map<String, TensorValue>> requests = List.of(tokenIds(2, 3, 1), tokenIds(1, 5, 2),
        tokenIds(3, 3, 3), tokenIds(2, 5, 4), tokenIds(1, 3, 5), tokenIds(4, 5, 6));
    RecordedMetrics metrics = new RecordedMetrics();
    try (BatchingServable servable = batching(
        new BatchingParameters(64, TimeUnit.MILLISECONDS.toMicros(200), 2, 4), metrics)) {
      List<Future<Map<String, TensorValue>>> answers = new ArrayList<>();
      for (Map<String, TensorValue> request : requests) {
        answers.add(clients.submit(() -> servable.predict("token_ids", request)));
      }
      for (int i = 0; i < requests.size(); i++) {
        assertSameOutputs(model.predict("token_ids", requests.get(i)),
            answers.get(i).get(30, TimeUnit.SECONDS));
      }
      assertEquals(13, metrics.batches.stream().mapToInt(Integer::intValue).sum());
      // width 3 and width 5 never share a run: no run has more rows than one width's total
      assertTrue(metrics.batches.stream().allMatch(rows -> rows <= 7), metrics.batches::toString);
    }
  }

  @Test
  void theTimeoutRunsAPartialBatch() throws Exception {
    RecordedMetrics metrics = new RecordedMetrics();
    long timeoutMillis = 300;
    try (BatchingServable servable = batching(
        new BatchingParameters(100, TimeUnit.MILLISECONDS.toMicros(timeoutMillis), 1, 1),
        metrics)) {
      long started = System.nanoTime();
      Map<String, TensorValue> request = sentences("only", "two");
      Map<String, TensorValue> answer =
          clients.submit(() -> servable.predict(TEXT, request)).get(30, TimeUnit.SECONDS);
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertSameOutputs(model.predict(TEXT, request), answer);
      assertEquals(List.of(2), metrics.batches);
      assertTrue(waitedMillis >= timeoutMillis, waitedMillis + " ms");
    }
  }

  @Test
  void aRequestOverTheBatchSizeOrWithBadInputsRunsAloneOrFailsAlone() {
    RecordedMetrics metrics = new RecordedMetrics();
    try (BatchingServable servable =
        batching(new BatchingParameters(2, 0, 1, 1), metrics)) {
      Map<String, TensorValue> three = sentences("a", "bb", "ccc");
      assertSameOutputs(model.predict(TEXT, three), servable.predict(TEXT, three));
      assertEquals(List.of(), metrics.batches); // not through the scheduler
      InvalidInputException wrongInput = assertThrows(InvalidInputException.class,
          () -> servable.predict(TEXT, tokenIds(1, 2, 0)));
      assertTrue(wrongInput.getMessage().contains("sentences"), wrongInput.getMessage());
    }
  }

  @Test
  void aFullQueueRefusesWithA503() throws Exception {
    RecordedMetrics metrics = new RecordedMetrics();
    try (BatchingServable servable = batching(
        new BatchingParameters(2, TimeUnit.SECONDS.toMicros(60), 1, 1), metrics)) {
      Future<Map<String, TensorValue>> waiting =
          clients.submit(() -> servable.predict(TEXT, sentences("first")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (metrics.queueDepth.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      // two rows do not fit the open batch's one free row, and no second batch may wait
      HttpError full = assertThrows(HttpError.class,
          () -> servable.predict(TEXT, sentences("x", "y")));
      assertEquals(503, full.status());
      assertEquals("the batch queue is full (1 batches of up to 2 rows waiting,"
          + " --max-enqueued-batches); retry later", full.getMessage());
      // one row fills the batch, which runs at once
      assertSameOutputs(model.predict(TEXT, sentences("second")),
          servable.predict(TEXT, sentences("second")));
      assertSameOutputs(model.predict(TEXT, sentences("first")),
          waiting.get(30, TimeUnit.SECONDS));
      assertEquals(List.of(2), metrics.batches);
    }
  }
}
