package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.launch.serve.TestSavedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path base;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine serve() {
    CommandLine commandLine = new CommandLine(new ServeCommand());
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine;
  }

  @Test
  void servesTheHighestVersionUntilInterrupted() throws Exception {
    TestSavedModels.exportVersion(base, 3, 1f);
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread serving = new Thread(() -> exitCode.set(serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--port", "0", "--poll-seconds", "0.5",
        "--max-request-rows", "1")));
    serving.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString().contains("\n") && serving.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Matcher line = Pattern.compile("Serving sst2 version 3 at (http://127\\.0\\.0\\.1:\\d+"
        + "/v1/models/sst2)\n").matcher(out.toString());
    assertTrue(line.matches(), out + "|" + err);

    HttpResponse<String> status = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(line.group(1))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, status.statusCode());
    assertTrue(status.body().contains("\"version\":\"3\""), status.body());
    HttpResponse<String> tooMany = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(line.group(1) + ":predict"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [\"a\", \"b\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, tooMany.statusCode());
    assertTrue(tooMany.body().contains("2 instances, over the limit of 1 rows per request"
        + " (--max-request-rows)"), tooMany.body());

    serving.interrupt();
    serving.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(serving.isAlive());
    assertEquals(0, exitCode.get(), err.toString());
  }

  @Test
  void aBasePathWithoutAVersionIsAOneLineError() {
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2"));
    assertTrue(err.toString().startsWith("serve: no complete model version under " + base),
        err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }

  @Test
  void aLimitBelowOneIsAOneLineError() {
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--max-request-rows", "0"));
    assertEquals("serve: --max-request-rows, --max-text-length, --max-concurrent-requests and"
        + " --max-request-memory-mb must be positive", err.toString().strip());
  }

  @Test
  void aBatchingParameterBelowOneIsAOneLineError() {
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--enable-batching", "--max-batch-size", "0"));
    assertEquals("serve: --max-batch-size, --num-batch-threads and --max-enqueued-batches must"
        + " be positive, --batch-timeout-micros not negative", err.toString().strip());
  }

  @Test
  void aNegativeIntraOpParallelismIsAOneLineError() {
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--tensorflow-intra-op-parallelism", "-1"));
    assertEquals("serve: --tensorflow-intra-op-parallelism must not be negative",
        err.toString().strip());
  }

  @Test
  void aBatchingParametersFileNeedsBatchingAndNoBatchingOptionsBeside() throws Exception {
    Path file = Files.writeString(base.resolve("batching.txt"), "max_batch_size { value: 8 }");
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--batching-parameters-file", file.toString()));
    assertEquals("serve: --batching-parameters-file needs --enable-batching",
        err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--enable-batching", "--batching-parameters-file",
        file.toString(), "--num-batch-threads", "1"));
    assertEquals("serve: give the batching parameters either in --batching-parameters-file or as"
        + " options, not both (--num-batch-threads)", err.toString().strip());
    err.getBuffer().setLength(0);
    Files.writeString(file, "max_batch_size { value: 0 }");
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--enable-batching", "--batching-parameters-file",
        file.toString()));
    assertEquals("serve: --batching-parameters-file " + file
        + ": max_batch_size must be in 1..2147483647, got 0", err.toString().strip());
  }

  @Test
  void aMissingBasePathIsAOneLineError() {
    Path missing = base.resolve("missing");
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        missing.toString(), "--model-name", "sst2"));
    assertEquals("serve: --model-base-path " + missing + " is not a directory",
        err.toString().strip());
  }
}
