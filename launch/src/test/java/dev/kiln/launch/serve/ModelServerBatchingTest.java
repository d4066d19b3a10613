package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --enable-batching} through REST: a full queue is a 503, and the metrics see batches. */
@Timeout(120)
class ModelServerBatchingTest {
  private static final String PREDICT = "/v1/models/kiln:predict";

  @TempDir Path base;

  @Test
  void aFullBatchQueueIs503WithRetryAfterAndTheWaitingRequestsStillGetTheirRows()
      throws Exception {
    TestSavedModels.exportVersion(base, 1, 1f);
    // batches of 2 rows that wait for a second row (the timeout is far away), one batch queued
    BatchingParameters batching = new BatchingParameters(2, TimeUnit.SECONDS.toMicros(60), 1, 1);
    try (ModelServer server = ModelServer.start("kiln", base, ServerOptions.defaults()
        .withPort(0).withPollInterval(Duration.ofMinutes(1)).withBatching(batching))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      RestClient client = new RestClient(server.port());
      CompletableFuture<HttpResponse<String>> first = http.sendAsync(
          post(server, "{\"instances\": [\"first\"]}"), HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!"1".equals(metric(client, "kiln_serving_batch_queue_depth"))
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals("1", metric(client, "kiln_serving_batch_queue_depth"));

      HttpResponse<String> full = http.send(post(server, "{\"instances\": [\"x\", \"y\"]}"),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(503, full.statusCode());
      assertEquals("1", full.headers().firstValue("Retry-After").orElse(""));
      assertEquals("the batch queue is full (1 batches of up to 2 rows waiting,"
          + " --max-enqueued-batches); retry later",
          JsonParser.parseString(full.body()).getAsJsonObject().get("error").getAsString());

      RestClient.Answer second = client.post(PREDICT, "{\"instances\": [\"second\"]}");
      assertEquals(200, second.status(), second.body());
      ModelServerTest.assertProbabilities(probabilities(second.json()), 6);
      HttpResponse<String> firstAnswer = first.get(30, TimeUnit.SECONDS);
      assertEquals(200, firstAnswer.statusCode(), firstAnswer.body());
      ModelServerTest.assertProbabilities(
          probabilities(JsonParser.parseString(firstAnswer.body())), 5);

      Map<String, String> samples =
          ModelServerMetricsTest.samples(client.get(ModelServer.METRICS_PATH).body());
      assertEquals("0", samples.get("kiln_serving_batch_queue_depth"));
      assertEquals("1", samples.get("kiln_serving_batch_size_count"));
      assertEquals("0", samples.get("kiln_serving_batch_size_bucket{le=\"1\"}"));
      assertEquals("1", samples.get("kiln_serving_batch_size_bucket{le=\"2\"}"));
      assertEquals("1", samples.get("kiln_serving_requests_total{model=\"kiln\",status=\"503\"}"));
    }
  }

  private static HttpRequest post(ModelServer server, String body) {
    return HttpRequest.newBuilder(URI.create(server.modelUrl() + ":predict"))
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static String metric(RestClient client, String name) {
    return ModelServerMetricsTest.samples(client.get(ModelServer.METRICS_PATH).body()).get(name);
  }

  private static JsonElement probabilities(JsonElement answer) {
    return answer.getAsJsonObject().getAsJsonArray("predictions").get(0).getAsJsonObject()
        .get("probabilities");
  }
}
