package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new version directory is served without restart, under load; half-written ones are not. */
class ModelVersionPickupTest {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final String MODEL = "/v1/models/kiln";

  @TempDir Path base;

  @Test
  void aCompleteNewVersionReplacesTheOldOneWhileClientsKeepGettingAnswers() throws Exception {
    swapUnderLoad(ServerOptions.defaults().withPort(0).withPollInterval(POLL));
  }

  /** With batching, requests waiting in the old version's queue are answered by it. */
  @Test
  void aVersionSwapWithBatchingFailsNoRequest() throws Exception {
    swapUnderLoad(ServerOptions.defaults().withPort(0).withPollInterval(POLL)
        .withBatching(new BatchingParameters(8, 2000, 1, 4)));
  }

  private void swapUnderLoad(ServerOptions options) throws Exception {
    TestSavedModels.exportVersion(base, 1, 1f);
    try (ModelServer server = ModelServer.start("kiln", base, options)) {
      RestClient client = new RestClient(server.port());

      TestSavedModels.export(base.resolve("3.incomplete"), 3f); // complete but not yet renamed
      Files.createDirectories(base.resolve("4"));
      Files.copy(base.resolve("1/saved_model.pb"), base.resolve("4/saved_model.pb")); // no variables
      Thread.sleep(POLL.toMillis() * 5);
      assertEquals(1, server.servingVersion());

      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(3);
      List<Future<Integer>> answered = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        answered.add(clients.submit(() -> predictUntil(stop, client)));
      }
      TestSavedModels.exportVersion(base, 2, 2f);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (server.servingVersion() != 2 && System.nanoTime() < deadline) {
        Thread.sleep(POLL.toMillis());
      }
      Thread.sleep(POLL.toMillis() * 3); // some requests on version 2 too
      stop.set(true);
      clients.shutdown();
      for (Future<Integer> count : answered) {
        assertTrue(count.get(30, TimeUnit.SECONDS) > 0);
      }

      assertEquals(2, server.servingVersion());
      assertEquals("2", client.get(MODEL).json().getAsJsonObject()
          .getAsJsonArray("model_version_status").get(0).getAsJsonObject().get("version")
          .getAsString());
      assertEquals(404, client.get(MODEL + "/versions/1").status());
      assertEquals(200, client.get(MODEL + "/versions/2/metadata").status());
    }
  }

  /**
   * Predicts "hi" until told to stop, checking each answer is version 1's (scale 1) or, from the
   * first time it is seen on, version 2's (scale 2).
   *
   * @return the number of answers
   */
  private static int predictUntil(AtomicBoolean stop, RestClient client) {
    float scale = 1f;
    int answers = 0;
    while (!stop.get() && answers < 2000) {
      RestClient.Answer answer = client.post(MODEL + ":predict", "{\"instances\": [\"hi\"]}");
      assertEquals(200, answer.status(), answer.body());
      JsonArray probabilities = answer.json().getAsJsonObject().getAsJsonArray("predictions")
          .get(0).getAsJsonObject().getAsJsonArray("probabilities");
      if (scale == 1f
          && Math.abs(probabilities.get(1).getAsFloat() - TestSavedModels.positive(2f, 2)) < 1e-6) {
        scale = 2f;
      }
      ModelServerTest.assertProbabilities(probabilities, scale, 2);
      answers++;
    }
    return answers;
  }
}
