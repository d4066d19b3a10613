package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.launch.serve.TestSavedModels;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to {@code kiln serve}: it stops accepting, answers what is in flight and exits 0. */
@Timeout(180)
class ServeShutdownTest {
  private static final Pattern SERVING =
      Pattern.compile("Serving kiln version 1 at (http://127\\.0\\.0\\.1:(\\d+)/v1/models/kiln)");

  @TempDir Path temp;

  @Test
  void sigtermAnswersTheRequestInFlightRefusesNewConnectionsAndExitsZero() throws Exception {
    Path base = temp.resolve("models");
    TestSavedModels.exportVersion(base, 1, 1f);
    Path log = temp.resolve("serve.log");
    // a one-row request waits in its batch for 3 s: it is in flight when SIGTERM comes
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Kiln.class.getName(),
        "serve", "--model-base-path", base.toString(), "--model-name", "kiln", "--port", "0",
        "--enable-batching", "--max-batch-size", "64", "--batch-timeout-micros", "3000000"));
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      Matcher serving = awaitServing(child, log);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long sent = System.nanoTime();
      CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
          HttpRequest.newBuilder(URI.create(serving.group(1) + ":predict"))
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [\"hello\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep(1000); // the request reaches its batch queue
      assertTrue(child.isAlive());

      child.destroy(); // SIGTERM
      Thread.sleep(500);
      int port = Integer.parseInt(serving.group(2));
      assertThrows(ConnectException.class, () -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        }
      }, "the port still accepts connections after SIGTERM");

      HttpResponse<String> answer = inFlight.get(60, TimeUnit.SECONDS);
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"label\": \"long\"")
          || answer.body().contains("\"label\":\"long\""), answer.body());
      assertTrue(System.nanoTime() - sent >= TimeUnit.SECONDS.toNanos(3),
          "answered before its batch timeout");
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
      assertEquals(0, child.exitValue(), Files.readString(log));
      assertTrue(Files.readString(log).contains("Stopped serving kiln"), Files.readString(log));
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Matcher awaitServing(Process child, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && child.isAlive()) {
      Matcher matcher = SERVING.matcher(read(log));
      if (matcher.find()) {
        return matcher;
      }
      Thread.sleep(50);
    }
    fail("kiln serve did not start (alive: " + child.isAlive() + "):\n" + read(log));
    throw new AssertionError();
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
