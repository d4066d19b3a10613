package dev.kiln.launch.serve.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tensorflow.serving.Predict.PredictRequest;
import tensorflow.serving.PredictionServiceGrpc;

/**
 * A load client for {@code kiln serve --grpc-port}: one plaintext channel per client, each sending
 * {@code Predict} requests of raw sentences to {@code serving_default} one after another, as a TF
 * Serving user's Java client would. {@link #predict} is the one call a load benchmark needs; {@link
 * #main} runs N clients x M requests and prints requests per second and latency percentiles.
 *
 * <pre>
 * GrpcLoadClient --port 8500 [--host 127.0.0.1] [--model kiln] [--clients 8] [--requests 1000]
 *     [--batch 1] [--sentence "a fine film"]
 * </pre>
 */
public final class GrpcLoadClient implements AutoCloseable {
  private static final long DEADLINE_SECONDS = 30;

  private final ManagedChannel channel;
  private final PredictionServiceGrpc.PredictionServiceBlockingStub stub;
  private final String model;

  public GrpcLoadClient(String host, int port, String model) {
    this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
    this.stub = PredictionServiceGrpc.newBlockingStub(channel);
    this.model = model;
  }

  /**
   * Sends one {@code Predict} request with {@code sentences} as the {@code sentences} input.
   *
   * @return the latency in nanoseconds, from sending to the response parsed
   * @throws StatusRuntimeException if the server answers with an error status
   */
  public long predict(List<String> sentences) {
    PredictRequest request = SentencesRequest.of(model, sentences);
    long started = System.nanoTime();
    stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).predict(request);
    return System.nanoTime() - started;
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What a run measured.
   *
   * @param latencyNanos the latency of every successful request, sorted
   * @param errors failed requests by gRPC status code
   */
  public record Report(int requests, double seconds, long[] latencyNanos,
      Map<String, Integer> errors) {
    public double requestsPerSecond() {
      return requests / seconds;
    }

    /** The {@code q}-quantile of the successful requests' latency in ms (nearest rank). */
    public double percentileMillis(double q) {
      if (latencyNanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * latencyNanos.length) - 1;
      return latencyNanos[Math.max(0, Math.min(rank, latencyNanos.length - 1))] / 1e6;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d requests in %.2f s: %.1f requests/s, p50 %.1f ms,"
          + " p99 %.1f ms, max %.1f ms, errors %s", requests, seconds, requestsPerSecond(),
          percentileMillis(0.5), percentileMillis(0.99), percentileMillis(1), errors);
    }
  }

  /**
   * Runs {@code clients} clients at once, each sending {@code requestsPerClient} requests of
   * {@code sentences}, after one warm-up request per client.
   */
  public static Report run(String host, int port, String model, int clients,
      int requestsPerClient, List<String> sentences) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<GrpcLoadClient> connections = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        GrpcLoadClient client = new GrpcLoadClient(host, port, model);
        connections.add(client);
        client.predict(sentences); // connects and warms up
      }
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      Map<String, Integer> errors = Collections.synchronizedMap(new TreeMap<>());
      long started = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (GrpcLoadClient client : connections) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < requestsPerClient; i++) {
            try {
              latencies.add(client.predict(sentences));
            } catch (StatusRuntimeException e) {
              errors.merge(e.getStatus().getCode().name(), 1, Integer::sum);
            }
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(10, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      return new Report(clients * requestsPerClient, seconds, sorted, new TreeMap<>(errors));
    } finally {
      pool.shutdownNow();
      for (GrpcLoadClient client : connections) {
        client.close();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>(Map.of("--host", "127.0.0.1", "--model", "kiln",
        "--clients", "8", "--requests", "1000", "--batch", "1", "--sentence", "a fine film"));
    for (int i = 0; i < args.length; i += 2) {
      if (!options.containsKey(args[i]) && !args[i].equals("--port") || i + 1 == args.length) {
        System.err.println("usage: GrpcLoadClient --port PORT [--host H] [--model NAME]"
            + " [--clients N] [--requests M] [--batch SENTENCES] [--sentence TEXT]");
        System.exit(2);
      }
      options.put(args[i], args[i + 1]);
    }
    if (!options.containsKey("--port")) {
      System.err.println("GrpcLoadClient: --port is required");
      System.exit(2);
    }
    int clients = Integer.parseInt(options.get("--clients"));
    int requests = Integer.parseInt(options.get("--requests"));
    String[] batch = new String[Integer.parseInt(options.get("--batch"))];
    Arrays.fill(batch, options.get("--sentence"));
    Report report = run(options.get("--host"), Integer.parseInt(options.get("--port")),
        options.get("--model"), clients, requests, List.of(batch));
    System.out.println("gRPC Predict, " + clients + " clients x " + requests + " requests of "
        + batch.length + " sentence(s): " + report);
  }
}
