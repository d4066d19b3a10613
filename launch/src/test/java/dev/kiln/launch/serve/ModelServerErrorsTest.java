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
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets its status and a one-line JSON error, and the server answers the
 * next good request.
 */
class ModelServerErrorsTest {
  private static final String MODEL = "/v1/models/kiln";
  private static final String PREDICT = MODEL + ":predict";
  private static final int BODY_LIMIT = 64 << 10;

  @TempDir static Path base;
  static ModelServer server;
  static RestClient client;

  @BeforeAll
  static void start() throws Exception {
    TestSavedModels.exportVersion(base, 1, 1f);
    server = ModelServer.start("kiln", base, ServerOptions.defaults().withPort(0)
        .withMaxBodyBytes(BODY_LIMIT).withPollInterval(Duration.ofMinutes(1)));
    client = new RestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> badRequests() {
    String tokenIds = "{\"signature_name\": \"token_ids\", ";
    return Stream.of(
        Arguments.of("POST", PREDICT, "{\"instances\": [", 400, "malformed JSON"),
        Arguments.of("POST", PREDICT, "{\"instances\": [\"a\"]} x", 400, "malformed JSON"),
        Arguments.of("POST", PREDICT, "{instances: [\"a\"]}", 400, "malformed JSON"),
        Arguments.of("POST", PREDICT, "", 400, "the request body is empty"),
        Arguments.of("POST", PREDICT, "[\"a\"]", 400, "must be a JSON object"),
        Arguments.of("POST", PREDICT, "{\"signature_name\": \"serving_default\"}", 400,
            "exactly one of \"instances\""),
        Arguments.of("POST", PREDICT, "{\"instances\": [\"a\"], \"inputs\": [\"a\"]}", 400,
            "exactly one of \"instances\""),
        Arguments.of("POST", PREDICT, "{\"instances\": []}", 400, "\"instances\" is empty"),
        Arguments.of("POST", PREDICT, "{\"instances\": [{\"sentence\": \"a\"}]}", 400,
            "instance 0 has unknown input 'sentence'"),
        Arguments.of("POST", PREDICT, tokenIds + "\"instances\": [{\"token_ids\": [1]}]}", 400,
            "instance 0 is missing input 'lengths'"),
        Arguments.of("POST", PREDICT, tokenIds + "\"instances\": [[1]]}", 400,
            "instance 0 must be an object keyed by input name"),
        Arguments.of("POST", PREDICT, "{\"instances\": [5]}", 400,
            "input 'sentences': expected a string, got 5"),
        Arguments.of("POST", PREDICT, "{\"instances\": [null]}", 400,
            "input 'sentences': expected a string, got null"),
        Arguments.of("POST", PREDICT, "{\"inputs\": {\"sentences\": \"a\"}}", 400,
            "input 'sentences' has shape [] but the signature expects [-1]"),
        Arguments.of("POST", PREDICT, tokenIds + "\"inputs\": {\"token_ids\": [[1, 2], [3]],"
            + " \"lengths\": [2, 1]}}", 400, "input 'token_ids' is ragged"),
        Arguments.of("POST", PREDICT, tokenIds + "\"inputs\": {\"token_ids\": [[1.5]],"
            + " \"lengths\": [1]}}", 400, "expected a 32-bit integer, got 1.5"),
        Arguments.of("POST", PREDICT, tokenIds + "\"inputs\": {\"token_ids\": [[3000000000]],"
            + " \"lengths\": [1]}}", 400, "expected a 32-bit integer, got 3000000000"),
        Arguments.of("POST", PREDICT, tokenIds + "\"inputs\": {\"token_ids\": [[1], [2]],"
            + " \"lengths\": [1, 2, 3]}}", 400, "Incompatible shapes: [2] vs. [3]"), // from TF
        Arguments.of("POST", PREDICT, "{\"signature_name\": \"nope\", \"instances\": [\"a\"]}",
            400, "unknown signature 'nope' (signatures: serving_default, token_ids)"),
        Arguments.of("POST", PREDICT, "{\"instances\": [\"a\"], \"extra\": 1}", 400,
            "unknown key \"extra\""),
        Arguments.of("POST", "/v1/models/other:predict", "{\"instances\": [\"a\"]}", 404,
            "no model named 'other'"),
        Arguments.of("POST", MODEL + "/versions/7:predict", "{\"instances\": [\"a\"]}", 404,
            "version 7 is not being served"),
        Arguments.of("GET", MODEL + "/versions/7/metadata", "", 404,
            "version 7 is not being served"),
        Arguments.of("GET", "/v2/anything", "", 404, "no such path: /v2/anything"),
        Arguments.of("POST", MODEL + ":classify", "{}", 404, "no such path"),
        Arguments.of("GET", PREDICT, "", 405, "method GET is not allowed"),
        Arguments.of("POST", MODEL, "{}", 405, "method POST is not allowed"),
        Arguments.of("DELETE", MODEL + "/metadata", "", 405, "method DELETE is not allowed"));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("badRequests")
  void aBadRequestGetsOneJsonErrorLineAndTheServerGoesOn(
      String method, String path, String body, int status, String message) {
    RestClient.Answer answer = client.send(method, path,
        HttpRequest.BodyPublishers.ofString(body));
    assertError(answer.status(), answer.body(), status, message);
    assertGoodRequestWorks();
  }

  @Test
  void aDeclaredOversizedBodyIs413WithoutBeingRead() throws IOException {
    String response = rawExchange("POST " + PREDICT + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"instances\"");
    assertRawError(response, 413,
        "larger than the limit of " + BODY_LIMIT + " bytes (--max-body-bytes)");
    assertGoodRequestWorks();
  }

  @Test
  void aChunkedOversizedBodyIs413AtTheLimit() throws IOException {
    String chunk = "[\"" + "x".repeat(BODY_LIMIT) + "\"]";
    String response = rawExchange("POST " + PREDICT + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n"
        + chunk + "\r\n0\r\n\r\n");
    assertRawError(response, 413, "larger than the limit of " + BODY_LIMIT + " bytes");
    assertGoodRequestWorks();
  }

  @Test
  void invalidUtf8Is400() {
    byte[] body = {'{', '"', 'i', 'n', 'p', 'u', 't', 's', '"', ':', '"', (byte) 0xC3, '"', '}'};
    RestClient.Answer answer = client.send("POST", PREDICT,
        HttpRequest.BodyPublishers.ofByteArray(body));
    assertError(answer.status(), answer.body(), 400, "not UTF-8");
    assertGoodRequestWorks();
  }

  private static void assertGoodRequestWorks() {
    RestClient.Answer answer = client.post(PREDICT, "{\"instances\": [\"hi\"]}");
    assertEquals(200, answer.status(), answer.body());
    ModelServerTest.assertPrediction(
        answer.json().getAsJsonObject().getAsJsonArray("predictions").get(0), 2, "long");
  }

  private static void assertError(int status, String body, int expectedStatus, String message) {
    assertEquals(expectedStatus, status, body);
    JsonObject json = JsonParser.parseString(body).getAsJsonObject();
    assertEquals(1, json.size(), body);
    String error = json.get("error").getAsString();
    assertTrue(error.contains(message), error);
    assertFalse(error.contains("\n") || error.contains("Exception"), error);
  }

  /**
   * Sends {@code request} as is and reads the response head and its Content-Length body, without
   * waiting for the server to close (it may still be draining what it did not read).
   */
  private static String rawExchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.append((char) b);
      }
      Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
      assertTrue(length.find(), head.toString());
      byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
      return head + new String(body, StandardCharsets.UTF_8);
    }
  }

  private static void assertRawError(String response, int status, String message) {
    assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    assertError(status, body, status, message);
  }
}
