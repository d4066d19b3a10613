package dev.kiln.tools.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ./kiln serve} as a child process on a free loopback port, stopped with SIGTERM. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("Serving \\S+ version \\d+ at (\\S+)");
  private static final Pattern SERVING_GRPC =
      Pattern.compile("Serving TF Serving's gRPC API for \\S+ at (\\S+):(\\d+)");

  private final Process process;
  private final Path log;
  private final String modelUrl;
  private final String grpcHost;
  private final int grpcPort;

  /**
   * Starts {@code kiln serve} on {@code basePath} with {@code options} and waits (up to 5 minutes,
   * the launcher may build first) for it to answer.
   */
  ServerProcess(Path kiln, Path basePath, List<String> options, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(kiln.toString(), "serve",
        "--model-base-path", basePath.toString(), "--model-name", "bench",
        "--host", "127.0.0.1", "--port", "0", "--grpc-port", "0", "--poll-seconds", "60"));
    command.addAll(options);
    this.log = log;
    this.process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    Matcher rest = null;
    Matcher grpc = null;
    while ((rest == null || grpc == null) && process.isAlive()
        && System.nanoTime() < deadline) {
      String output = Files.readString(log);
      Matcher restLine = SERVING.matcher(output);
      Matcher grpcLine = SERVING_GRPC.matcher(output);
      if (restLine.find() && grpcLine.find()) {
        rest = restLine;
        grpc = grpcLine;
      } else {
        Thread.sleep(100);
      }
    }
    if (rest == null) {
      process.destroyForcibly();
      throw new IllegalStateException("kiln serve did not start:\n" + Files.readString(log));
    }
    this.modelUrl = rest.group(1);
    this.grpcHost = grpc.group(1);
    this.grpcPort = Integer.parseInt(grpc.group(2));
  }

  String modelUrl() {
    return modelUrl;
  }

  /** Clients of the server's gRPC API ({@code --grpc-port}). */
  PredictClient.Factory grpcClients() {
    return GrpcPredictClient.factory(grpcHost, grpcPort, "bench");
  }

  /** A sample of the server's Prometheus metrics, 0 if it has none by that name. */
  double metric(String sample) throws IOException, InterruptedException {
    URI uri = URI.create(modelUrl).resolve("/monitoring/prometheus/metrics");
    String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    for (String line : text.split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1));
      }
    }
    return 0;
  }

  /** The server JVM's resident memory ({@code VmRSS}) in MiB; the launcher execs the JVM. */
  long residentMib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", process.pid() + "", "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
  }

  /** SIGTERM, then the exit code (up to a minute later; killed and -1 past that). */
  int stop() throws InterruptedException {
    process.destroy();
    if (process.waitFor(60, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly();
    return -1;
  }

  Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
