package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /monitoring/prometheus/metrics} counts what the server answered. */
@Timeout(120)
class ModelServerMetricsTest {
  private static final String PREDICT = "/v1/models/kiln:predict";
  private static final String LATENCY = "kiln_serving_request_latency_seconds";
  private static final String ROWS = "kiln_serving_request_rows";

  @TempDir static Path base;
  ModelServer server;
  RestClient client;

  @BeforeAll
  static void export() throws Exception {
    TestSavedModels.exportVersion(base, 1, 1f);
  }

  @BeforeEach
  void start() throws Exception {
    server = ModelServer.start("kiln", base, ServerOptions.defaults().withPort(0)
        .withPollInterval(Duration.ofMinutes(1)));
    client = new RestClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void threeGoodPredictsAndOneBadRequestAreCounted() {
    assertEquals(200, client.post(PREDICT, "{\"instances\": [\"a\"]}").status());
    assertEquals(200, client.post(PREDICT, "{\"instances\": [\"a\", \"b\"]}").status());
    assertEquals(200, client.post(PREDICT, "{\"inputs\": {\"sentences\": [\"a\", \"b\", \"c\"]}}")
        .status());
    assertEquals(400, client.post(PREDICT, "{\"instances\": [").status());

    RestClient.Answer answer = client.get(ModelServer.METRICS_PATH);
    assertEquals(200, answer.status());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.contentType());
    Map<String, String> samples = samples(answer.body());
    assertEquals("3", samples.get("kiln_serving_requests_total{model=\"kiln\",status=\"200\"}"));
    assertEquals("1", samples.get("kiln_serving_requests_total{model=\"kiln\",status=\"400\"}"));
    assertEquals("0", samples.get("kiln_serving_requests_in_flight"));
    // latency: every predict, whatever its status; rows: those that ran the model
    assertEquals("4", samples.get(LATENCY + "_count"));
    assertEquals("4", samples.get(LATENCY + "_bucket{le=\"+Inf\"}"));
    assertTrue(Double.parseDouble(samples.get(LATENCY + "_sum")) > 0);
    assertEquals("3", samples.get(ROWS + "_count"));
    assertEquals("3", samples.get(ROWS + "_bucket{le=\"+Inf\"}"));
    assertEquals("1", samples.get(ROWS + "_bucket{le=\"1\"}"));
    assertEquals("2", samples.get(ROWS + "_bucket{le=\"2\"}"));
    assertEquals("3", samples.get(ROWS + "_bucket{le=\"4\"}"));
    assertEquals("6", samples.get(ROWS + "_sum"));
    assertTrue(answer.body().contains("# TYPE kiln_serving_requests_total counter\n"));
    assertTrue(answer.body().contains("# TYPE " + LATENCY + " histogram\n"));
    assertTrue(answer.body().contains("# TYPE kiln_serving_requests_in_flight gauge\n"));
    assertTrue(answer.body().contains("# TYPE " + ROWS + " histogram\n"));

    // scraping is not counted itself
    assertEquals(samples, samples(client.get(ModelServer.METRICS_PATH).body()));
  }

  @Test
  void unknownModelNamesShareTheEmptyLabel() {
    for (String name : new String[] {"other", "another", "a\"b"}) {
      assertEquals(404, client.post("/v1/models/" + name.replace("\"", "%22") + ":predict",
          "{\"instances\": [\"a\"]}").status());
    }
    assertEquals(404, client.get("/v2/anything").status());
    String body = client.get(ModelServer.METRICS_PATH).body();
    Map<String, String> samples = samples(body);
    assertEquals("4", samples.get("kiln_serving_requests_total{model=\"\",status=\"404\"}"));
    assertFalse(body.contains("other"), body);
    assertEquals("0", samples.get(LATENCY + "_count"));
  }

  @Test
  void onlyGetIsAllowed() {
    RestClient.Answer answer = client.post(ModelServer.METRICS_PATH, "");
    assertEquals(405, answer.status());
  }

  /** Sample lines, keyed by name and labels. */
  static Map<String, String> samples(String text) {
    Map<String, String> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), line.substring(space + 1));
    }
    return samples;
  }
}
