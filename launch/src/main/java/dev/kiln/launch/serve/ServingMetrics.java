package dev.kiln.launch.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ./kiln serve}'s metrics in Prometheus's text exposition format 0.0.4, served at TF
 * Serving's path {@code GET /monitoring/prometheus/metrics}. Written by hand: thread-safe with
 * adders and atomics, no client library.
 *
 * <p>TF Serving names its metrics {@code :tensorflow:serving:request_count} and so on; these use
 * plain Prometheus names instead ({@code kiln_serving_*}, {@code _total} for counters, base units
 * in the name), so they are not drop-in replacements for TF Serving's dashboards.
 *
 * <ul>
 *   <li>{@code kiln_serving_requests_total{model,status}}: requests answered, by HTTP status.
 *       {@code model} is the served model's name when the request named it, else {@code ""}, so
 *       unknown names never grow the label set;
 *   <li>{@code kiln_serving_request_latency_seconds}: histogram of {@code :predict} latency (REST
 *       and gRPC {@code Predict}), from routing to the answer ready to send, whatever its status;
 *   <li>{@code kiln_serving_requests_in_flight}: requests being handled now;
 *   <li>{@code kiln_serving_request_rows}: histogram of rows per {@code :predict} that ran the
 *       model, REST and gRPC;
 *   <li>{@code kiln_serving_grpc_requests_total{model,method,code}}: gRPC calls answered, by method
 *       ({@code Predict}, {@code GetModelMetadata}, {@code GetModelStatus}) and status code name
 *       ({@code OK}, {@code INVALID_ARGUMENT}, ...); {@code model} as above;
 *   <li>{@code kiln_serving_batch_size}: histogram of rows per merged session run of server-side
 *       batching ({@link BatchingServable}), 1 request or more;
 *   <li>{@code kiln_serving_batch_queue_depth}: requests waiting in batch queues now.
 * </ul>
 */
public final class ServingMetrics implements BatchMetrics {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final double[] LATENCY_BUCKETS_SECONDS =
      {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  static final double[] ROWS_BUCKETS =
      {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

  private record RequestKey(String model, int status) {}

  private record GrpcKey(String model, String method, String code) {}

  private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<GrpcKey, LongAdder> grpcRequests = new ConcurrentHashMap<>();
  private final AtomicLong inFlight = new AtomicLong();
  private final Histogram latency = new Histogram(LATENCY_BUCKETS_SECONDS);
  private final Histogram rows = new Histogram(ROWS_BUCKETS);
  private final Histogram batchSizes = new Histogram(ROWS_BUCKETS);
  private final AtomicLong queueDepth = new AtomicLong();

  /** Counts one answered request; {@code model} must be the served name or {@code ""}. */
  void countRequest(String model, int status) {
    requests.computeIfAbsent(new RequestKey(model, status), key -> new LongAdder()).increment();
  }

  /**
   * Counts one answered gRPC call; {@code model} must be the served name or {@code ""}, {@code
   * method} one of the served methods, {@code code} a gRPC status code name.
   */
  public void countGrpcRequest(String model, String method, String code) {
    grpcRequests.computeIfAbsent(new GrpcKey(model, method, code), key -> new LongAdder())
        .increment();
  }

  void requestStarted() {
    inFlight.incrementAndGet();
  }

  void requestFinished() {
    inFlight.decrementAndGet();
  }

  /** Observes the latency of one predict request, REST or gRPC. */
  public void observeLatencyNanos(long nanos) {
    latency.observe(nanos / 1e9);
  }

  void observeRows(long count) {
    rows.observe(count);
  }

  @Override
  public void batchRan(int rows) {
    batchSizes.observe(rows);
  }

  @Override
  public void queueDepthChanged(int delta) {
    queueDepth.addAndGet(delta);
  }

  /** All metrics, as the text exposition format. */
  String render() {
    StringBuilder out = new StringBuilder();
    header(out, "kiln_serving_requests_total", "counter",
        "Requests answered, by model and HTTP status code.");
    List<Map.Entry<RequestKey, LongAdder>> entries = new ArrayList<>(requests.entrySet());
    entries.sort((a, b) -> {
      int byModel = a.getKey().model().compareTo(b.getKey().model());
      return byModel != 0 ? byModel : Integer.compare(a.getKey().status(), b.getKey().status());
    });
    for (Map.Entry<RequestKey, LongAdder> entry : entries) {
      out.append("kiln_serving_requests_total{model=\"").append(escapeLabel(entry.getKey().model()))
          .append("\",status=\"").append(entry.getKey().status()).append("\"} ")
          .append(entry.getValue().sum()).append('\n');
    }
    header(out, "kiln_serving_request_latency_seconds", "histogram",
        "Latency of predict requests (REST :predict, gRPC Predict) in seconds, whatever their"
            + " status.");
    latency.render(out, "kiln_serving_request_latency_seconds");
    header(out, "kiln_serving_requests_in_flight", "gauge", "Requests being handled now.");
    out.append("kiln_serving_requests_in_flight ").append(inFlight.get()).append('\n');
    header(out, "kiln_serving_request_rows", "histogram",
        "Rows (examples) per predict request (REST or gRPC) that ran the model.");
    rows.render(out, "kiln_serving_request_rows");
    renderGrpcRequests(out);
    header(out, "kiln_serving_batch_size", "histogram",
        "Rows per session run of server-side batching (--enable-batching).");
    batchSizes.render(out, "kiln_serving_batch_size");
    header(out, "kiln_serving_batch_queue_depth", "gauge",
        "Requests waiting in server-side batching queues now.");
    out.append("kiln_serving_batch_queue_depth ").append(queueDepth.get()).append('\n');
    return out.toString();
  }

  private void renderGrpcRequests(StringBuilder out) {
    header(out, "kiln_serving_grpc_requests_total", "counter",
        "gRPC calls answered, by model, method and status code.");
    List<Map.Entry<GrpcKey, LongAdder>> entries = new ArrayList<>(grpcRequests.entrySet());
    entries.sort((a, b) -> a.getKey().toString().compareTo(b.getKey().toString()));
    for (Map.Entry<GrpcKey, LongAdder> entry : entries) {
      GrpcKey key = entry.getKey();
      out.append("kiln_serving_grpc_requests_total{model=\"").append(escapeLabel(key.model()))
          .append("\",method=\"").append(escapeLabel(key.method()))
          .append("\",code=\"").append(escapeLabel(key.code())).append("\"} ")
          .append(entry.getValue().sum()).append('\n');
    }
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** A label value: backslash, double quote and line feed escaped. */
  static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** HELP text: backslash and line feed escaped. */
  static String escapeHelp(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** A number as Prometheus reads it ({@code +Inf}, integers without a fraction). */
  static String number(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** Buckets kept per bucket (not cumulative): {@code _count} is their sum, so it always equals
   * the {@code le="+Inf"} bucket, even during a concurrent observe. */
  private static final class Histogram {
    private final double[] bounds;
    private final LongAdder[] counts; // one per bound, plus one past the last
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds.clone();
      this.counts = new LongAdder[bounds.length + 1];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double value) {
      int i = 0;
      while (i < bounds.length && value > bounds[i]) {
        i++;
      }
      counts[i].increment();
      sum.add(value);
    }

    void render(StringBuilder out, String name) {
      long cumulative = 0;
      for (int i = 0; i <= bounds.length; i++) {
        cumulative += counts[i].sum();
        double le = i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY;
        out.append(name).append("_bucket{le=\"").append(number(le)).append("\"} ")
            .append(cumulative).append('\n');
      }
      out.append(name).append("_sum ").append(number(sum.sum())).append('\n');
      out.append(name).append("_count ").append(cumulative).append('\n');
    }
  }
}
