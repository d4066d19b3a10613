package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each serving limit refuses a request over it, before the model runs, with its status and a
 * one-line JSON error naming the limit and its flag; the server answers the next good request.
 * (The body limit's 413 is in {@link ModelServerErrorsTest}, on raw sockets.)
 * The test model's widest layer is 1 (its one variable is a scalar), so its estimate is rows x
 * padded length x 4 bytes.
 */
class ModelServerLimitsTest {
  private static final String MODEL = "/v1/models/kiln";
  private static final String PREDICT = MODEL + ":predict";
  private static final String TOKEN_IDS = "{\"signature_name\": \"token_ids\", ";

  @TempDir static Path base;
  static ModelServer server;
  static RestClient client;

  @BeforeAll
  static void start() throws Exception {
    TestSavedModels.exportVersion(base, 1, 1f);
    server = ModelServer.start("kiln", base, ServerOptions.defaults().withPort(0)
        .withMaxBodyBytes(64 << 10).withPollInterval(Duration.ofMinutes(1))
        .withLimits(new ServingLimits(8, 50, 1, 1024)));
    client = new RestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void moreRowsThanTheLimitIs400() {
    assertRefused(client.post(PREDICT, instances(9, "a")), 400,
        "the request has 9 instances, over the limit of 8 rows per request (--max-request-rows)");
    String columns = instances(9, "a").replace("\"instances\": [", "\"inputs\": {\"sentences\": [")
        .replace("]}", "]}}");
    assertRefused(client.post(PREDICT, columns), 400,
        "input 'sentences' has 9 rows, over the limit of 8 rows per request (--max-request-rows)");
    assertEquals(200, client.post(PREDICT, instances(8, "a")).status());
  }

  @Test
  void aLongerTextThanTheLimitIs400() {
    assertRefused(client.post(PREDICT, instances(1, "x".repeat(51))), 400,
        "input 'sentences' text 0 has 51 characters, over the limit of 50 (--max-text-length)");
    // 50 characters are 100 UTF-8 bytes, within the text limit and the memory estimate
    assertEquals(200, client.post(PREDICT, instances(1, "é".repeat(50))).status());
  }

  @Test
  void aLongerTokenIdsRowThanTheLimitIs400() {
    String row = "[" + String.join(",", Collections.nCopies(51, "1")) + "]";
    assertRefused(client.post(PREDICT, TOKEN_IDS + "\"inputs\": {\"token_ids\": [" + row
        + "], \"lengths\": [51]}}"), 400,
        "input 'token_ids' has rows of 51 values, over the limit of 50 (--max-text-length)");
  }

  @Test
  void anEstimateOverTheMemoryLimitIs400BeforeTheModelRuns() {
    // 8 rows x 40 bytes x widest layer 1 x 4 bytes = 1280 > 1024
    assertRefused(client.post(PREDICT, instances(8, "x".repeat(40))), 400,
        "the request needs an estimated 1280 bytes (rows x padded length x widest layer x 4"
            + " bytes), over the limit of 1024 bytes (--max-request-memory-mb)");
    assertEquals(200, client.post(PREDICT, instances(8, "x".repeat(32))).status()); // 1024
  }

  @Test
  void aRequestOverTheConcurrentLimitIs503WithRetryAfter() throws Exception {
    Socket holder = null;
    String busy = null;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (busy == null && System.nanoTime() < deadline) {
        if (holder == null) {
          holder = holdThePermit();
        }
        String response = rawGet(MODEL);
        if (response.startsWith("HTTP/1.1 503 ")) {
          busy = response;
        } else if (wasAnswered(holder)) { // it came while the GET held the permit: try again
          holder.close();
          holder = null;
        }
      }
    } finally {
      if (holder != null) {
        holder.close();
      }
    }
    assertTrue(busy != null, "no 503 within 10 s");
    assertTrue(busy.toLowerCase(Locale.ROOT).contains("\r\nretry-after: 1\r\n"), busy);
    assertError(busy.substring(busy.indexOf("\r\n\r\n") + 4), "the server is handling its limit"
        + " of 1 concurrent requests (--max-concurrent-requests); retry later");
    waitForStatus(200); // the holder's connection closed: its read failed and the permit is back
    assertGoodRequestWorks();
  }

  /** A predict whose body never comes: it holds the one permit while its thread waits for it. */
  private static Socket holdThePermit() throws IOException {
    Socket holder = new Socket("127.0.0.1", server.port());
    OutputStream out = holder.getOutputStream();
    out.write(("POST " + PREDICT + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n"
        + "{").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return holder;
  }

  /** Whether the server answered (or closed) {@code holder}, waiting 50 ms for it. */
  private static boolean wasAnswered(Socket holder) throws IOException {
    holder.setSoTimeout(50);
    try {
      holder.getInputStream().read();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static String instances(int rows, String text) {
    return "{\"instances\": [" + String.join(", ", Collections.nCopies(rows, "\"" + text + "\""))
        + "]}";
  }

  private static void assertRefused(RestClient.Answer answer, int status, String message) {
    assertEquals(status, answer.status(), answer.body());
    assertEquals("application/json", answer.contentType());
    assertEquals(message, assertError(answer.body(), message));
    assertGoodRequestWorks();
  }

  private static String assertError(String body, String message) {
    JsonObject json = JsonParser.parseString(body).getAsJsonObject();
    assertEquals(1, json.size(), body);
    String error = json.get("error").getAsString();
    assertEquals(message, error);
    assertFalse(error.contains("\n"), error);
    return error;
  }

  private static void assertGoodRequestWorks() {
    RestClient.Answer answer = client.post(PREDICT, "{\"instances\": [\"hi\"]}");
    assertEquals(200, answer.status(), answer.body());
    ModelServerTest.assertPrediction(
        answer.json().getAsJsonObject().getAsJsonArray("predictions").get(0), 2, "long");
  }

  /** GETs the model status on fresh connections until it answers {@code status} (10 s at most). */
  private static String waitForStatus(int status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String response = "";
    while (System.nanoTime() < deadline) {
      response = rawGet(MODEL);
      if (response.startsWith("HTTP/1.1 " + status + " ")) {
        return response;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + status + " within 10 s; last: " + response);
  }

  /** One GET on its own connection: the response head and its Content-Length body. */
  private static String rawGet(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed in the response head: " + head);
        }
        head.append((char) b);
      }
      Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
      assertTrue(length.find(), head.toString());
      return head + new String(in.readNBytes(Integer.parseInt(length.group(1))),
          StandardCharsets.UTF_8);
    }
  }
}
