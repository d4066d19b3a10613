package dev.kiln.tools.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The socket REST client against the JDK's HTTP server on 127.0.0.1. */
class RestPredictClientTest {
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> remotes = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/models/sst2:predict", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      remotes.add(exchange.getRemoteAddress().toString());
      int call = calls.incrementAndGet();
      byte[] answer = ("{\"predictions\": [" + "0.5, ".repeat(call * 1000) + "1]}")
          .getBytes(StandardCharsets.UTF_8);
      if (call == 3) {
        exchange.getResponseHeaders().set("Retry-After", "1");
      }
      exchange.sendResponseHeaders(call == 3 ? 503 : 200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void sendsRowFormatRequestsOverOneKeptConnectionAndReadsEachWholeAnswer() throws IOException {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/models/sst2";
    try (PredictClient client = RestPredictClient.factory(url).create()) {
      assertEquals(200, client.predict(List.of("a fine film .")));
      assertEquals(200, client.predict(List.of("one", "two \"quoted\"")));
      assertEquals(503, client.predict(List.of("three")));
      assertEquals(200, client.predict(List.of("four")));
    }
    assertEquals(List.of("{\"instances\":[\"a fine film .\"]}",
        "{\"instances\":[\"one\",\"two \\\"quoted\\\"\"]}", "{\"instances\":[\"three\"]}",
        "{\"instances\":[\"four\"]}"), bodies);
    assertEquals(1, remotes.stream().distinct().count(), "one keep-alive connection: " + remotes);
  }

  @Test
  void noServerIsAnIOException() throws IOException {
    int port = server.getAddress().getPort();
    server.stop(0);
    try (PredictClient client = RestPredictClient.factory("http://127.0.0.1:" + port
        + "/v1/models/sst2").create()) {
      assertThrows(IOException.class, () -> client.predict(List.of("a")));
    }
  }
}
