package dev.kiln.launch.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TensorFlow Serving's REST API for one model, on the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code GET /v1/models/NAME[/versions/N]}: the version status;
 *   <li>{@code GET /v1/models/NAME[/versions/N]/metadata}: the signatures;
 *   <li>{@code POST /v1/models/NAME[/versions/N]:predict}: runs a signature;
 *   <li>{@code GET /monitoring/prometheus/metrics}: {@link ServingMetrics} (TF Serving's path),
 *       answered outside the concurrency limit and not counted itself.
 * </ul>
 *
 * <p>It serves the highest complete version under the base path and switches to a higher one
 * when it appears (see {@link ModelManager}). Every error is a JSON {@code {"error": "..."}}
 * with one line of text: 400 for a bad request, 404 for an unknown model, version or path, 405
 * for a wrong method, 413 for a body over {@code --max-body-bytes}, 503 (with {@code Retry-After})
 * when {@link ServingLimits#maxConcurrentRequests} are already being handled or a batch queue
 * ({@link BatchingParameters#maxEnqueuedBatches}) is full, 500 for a server
 * fault (logged here, never sent). A request over another {@link ServingLimits limit} (rows, text
 * length, estimated memory) is a 400 naming the limit, refused before the model runs.
 */
public final class ModelServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ModelServer.class.getName());
  private static final Gson GSON =
      new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
  private static final Pattern MODEL_PATH =
      Pattern.compile("/v1/models/([^/:]+)(?:/versions/([0-9]{1,18}))?(/metadata|:predict)?");
  private static final int QUEUED_REQUESTS_PER_THREAD = 16;
  static final String METRICS_PATH = "/monitoring/prometheus/metrics";
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    // The JDK server sends a response's headers and body as separate segments; with Nagle's
    // algorithm on, the body waits for the client's delayed ACK (40 ms on Linux) on every
    // keep-alive request. The JDK reads this property once, when its first server is made.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private final ModelManager model;
  private final ServerOptions options;
  private final HttpServer http;
  private final ThreadPoolExecutor executor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ServingMetrics metrics;
  private final ModelPredictor predictor;
  /** Exchanges being handled, to know whether closing has any to wait for. */
  private final AtomicInteger handling = new AtomicInteger();

  private ModelServer(ModelManager model, ServerOptions options, ServingMetrics metrics)
      throws IOException {
    this.model = model;
    this.options = options;
    this.metrics = metrics;
    this.predictor = new ModelPredictor(model, options.limits(), metrics);
    int threads = options.requestThreads();
    AtomicInteger threadCount = new AtomicInteger();
    // A full queue makes the accepting thread run the request itself: back pressure.
    this.executor = new ThreadPoolExecutor(threads, threads, 0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(threads * QUEUED_REQUESTS_PER_THREAD),
        runnable -> {
          Thread thread = new Thread(runnable, "kiln-serve-" + threadCount.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
    this.http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 0);
    http.createContext("/", this::handle);
    http.setExecutor(executor);
  }

  /**
   * Loads the highest complete version of the SavedModel under {@code basePath} (behind a
   * {@link BatchingServable} when {@link ServerOptions#batching} is set), starts listening and
   * starts polling for new versions.
   *
   * @throws IllegalStateException if there is no complete version to serve, or it fails to load
   * @throws IOException if the address cannot be bound
   */
  public static ModelServer start(String modelName, Path basePath, ServerOptions options)
      throws IOException {
    ServingMetrics metrics = new ServingMetrics();
    ModelManager model = new ModelManager(modelName, basePath, dir -> {
      Servable servable = TokenizingServable.load(dir, options.sessionThreads());
      return options.batching().<Servable>map(batching ->
          new BatchingServable(modelName, servable, batching, metrics)).orElse(servable);
    });
    try {
      ModelServer server = new ModelServer(model, options, metrics);
      server.http.start();
      model.startPolling(options.pollInterval());
      return server;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://host:port/v1/models/NAME}. */
  public String modelUrl() {
    return "http://" + options.host() + ":" + port() + "/v1/models/" + model.name();
  }

  /**
   * The predict path, limits and metrics of this server, for another transport to share (the
   * gRPC server): its requests count against the same limits and show in the same metrics.
   */
  public ModelPredictor predictor() {
    return predictor;
  }

  /** The version new requests get. */
  public long servingVersion() {
    return model.currentVersion();
  }

  /**
   * Stops listening, waits up to {@link ServerOptions#drainTimeout} for the requests in flight
   * to be answered, and unloads the model. Safe to call more than once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // The JDK 17 server's stop(delay) returns early only when an exchange ends after it is
    // called: with none in flight it would sleep the whole delay.
    long drainSeconds = (options.drainTimeout().toMillis() + 999) / 1000;
    http.stop(handling.get() == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, drainSeconds));
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    model.close();
  }

  private void handle(HttpExchange exchange) {
    handling.incrementAndGet();
    try {
      dispatch(exchange);
    } finally {
      handling.decrementAndGet();
    }
  }

  private void dispatch(HttpExchange exchange) {
    if (METRICS_PATH.equals(exchange.getRequestURI().getPath())) {
      handleMetrics(exchange);
      return;
    }
    long started = System.nanoTime();
    Matcher matcher = MODEL_PATH.matcher(exchange.getRequestURI().getPath());
    // only the served name becomes a label value: unknown names must not grow the label set
    boolean servedModel = matcher.matches() && matcher.group(1).equals(model.name());
    boolean predict = servedModel && ":predict".equals(matcher.group(3));
    try (exchange) {
      int status = 200;
      JsonObject body;
      try {
        body = routeInFlight(exchange);
      } catch (InvalidInputException e) {
        status = 400;
        body = error(e.getMessage());
      } catch (HttpError e) {
        status = e.status();
        body = error(e.getMessage());
        if (e.bodyUnread()) { // the rest of the body stays unread: don't reuse the connection
          exchange.getResponseHeaders().set("Connection", "close");
        }
        if (status == 503) { // overloaded (concurrency limit, full batch queue) or unloading
          exchange.getResponseHeaders().set("Retry-After", "1");
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "Failed " + exchange.getRequestMethod() + " "
            + exchange.getRequestURI(), e);
        status = 500;
        body = error("internal server error: " + e.getClass().getSimpleName());
      }
      metrics.countRequest(servedModel ? model.name() : "", status);
      if (predict) {
        metrics.observeLatencyNanos(System.nanoTime() - started);
      }
      send(exchange, status, body);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "Client went away: " + e);
    }
  }

  /**
   * Routes the request holding one of the {@code --max-concurrent-requests} permits, released
   * before the answer is sent (so a client that waits for it never finds its own permit taken).
   *
   * @throws HttpError 503 with {@code Retry-After} when none is free
   */
  private JsonObject routeInFlight(HttpExchange exchange) throws IOException {
    if (!predictor.tryStartRequest()) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      throw new HttpError(503, predictor.busyMessage(), true);
    }
    try {
      return route(exchange);
    } finally {
      predictor.finishRequest();
    }
  }

  private JsonObject route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Matcher matcher = MODEL_PATH.matcher(path);
    if (!matcher.matches()) {
      throw HttpError.notFound("no such path: " + path
          + " (expected /v1/models/NAME[/versions/N][/metadata|:predict])");
    }
    if (!matcher.group(1).equals(model.name())) {
      throw HttpError.notFound("no model named '" + matcher.group(1) + "' (serving '"
          + model.name() + "')");
    }
    OptionalLong version = matcher.group(2) == null
        ? OptionalLong.empty()
        : OptionalLong.of(Long.parseLong(matcher.group(2)));
    boolean predict = ":predict".equals(matcher.group(3));
    String method = exchange.getRequestMethod();
    if (!method.equals(predict ? "POST" : "GET")) {
      exchange.getResponseHeaders().set("Allow", predict ? "POST" : "GET");
      throw new HttpError(405, "method " + method + " is not allowed on " + path + "; use "
          + (predict ? "POST" : "GET"));
    }
    if (predict) {
      String body = RequestBodies.read(exchange.getRequestBody(), contentLength(exchange),
          options.maxBodyBytes());
      return predict(version, PredictRequest.parse(body));
    }
    try (LoadedVersion.Lease lease = model.acquire(version)) {
      return matcher.group(3) == null
          ? ModelJson.status(lease.version())
          : ModelJson.metadata(model.name(), lease.version(), lease.servable().signatures());
    }
  }

  private JsonObject predict(OptionalLong version, PredictRequest request) {
    return predictor.predict(version, request.signatureName(), request,
        prediction -> PredictResponse.of(request.rowFormat(), prediction.outputs()));
  }

  private void handleMetrics(HttpExchange exchange) {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, error("method " + exchange.getRequestMethod() + " is not allowed on "
            + METRICS_PATH + "; use GET"));
        return;
      }
      byte[] bytes = metrics.render().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", ServingMetrics.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "Client went away: " + e);
    }
  }

  private static long contentLength(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("bad Content-Length: " + header);
    }
  }

  private static JsonObject error(String message) {
    JsonObject error = new JsonObject();
    error.addProperty("error", message);
    return error;
  }

  private static void send(HttpExchange exchange, int status, JsonObject body) throws IOException {
    byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
