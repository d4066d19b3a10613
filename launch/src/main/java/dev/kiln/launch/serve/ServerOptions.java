package dev.kiln.launch.serve;

import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link ModelServer} listens, polls and limits requests.
 *
 * @param host the address to bind, 127.0.0.1 by default (0.0.0.0 for every interface)
 * @param port the port, 0 for any free one
 * @param threads the request threads (at least one more than the concurrent request limit, so
 *     that a request over it is answered with a 503 rather than queued); more requests wait in a
 *     bounded queue
 * @param maxBodyBytes the largest request body accepted ({@code --max-body-bytes}); larger ones
 *     get a 413, unread
 * @param pollInterval how often to look for a new model version
 * @param limits what one request may ask of the model
 * @param batching server-side batching ({@code --enable-batching}), off when empty
 * @param drainTimeout how long {@link ModelServer#close} waits for requests in flight
 * @param sessionThreads the thread pools of each model version's TensorFlow session
 */
public record ServerOptions(
    String host, int port, int threads, long maxBodyBytes, Duration pollInterval,
    ServingLimits limits, Optional<BatchingParameters> batching, Duration drainTimeout,
    SessionThreads sessionThreads) {
  /** TensorFlow Serving's REST port. */
  public static final int DEFAULT_PORT = 8501;
  /** 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
    if (threads < 1 || maxBodyBytes < 1 || pollInterval.isNegative() || pollInterval.isZero()
        || drainTimeout.isNegative()) {
      throw new IllegalArgumentException("threads, body limit and poll interval must be positive,"
          + " the drain timeout not negative");
    }
  }

  /**
   * 127.0.0.1:8501, one thread per core (at least 2), 16 MiB bodies, polling every 2 s, {@link
   * ServingLimits#defaults}, no batching, 30 s to finish requests in flight when closing.
   */
  public static ServerOptions defaults() {
    return new ServerOptions("127.0.0.1", DEFAULT_PORT,
        Math.max(2, Runtime.getRuntime().availableProcessors()), DEFAULT_MAX_BODY_BYTES,
        Duration.ofSeconds(2), ServingLimits.defaults(), Optional.empty(),
        DEFAULT_DRAIN_TIMEOUT, SessionThreads.TENSORFLOW_DEFAULTS);
  }

  /** The request threads: {@link #threads}, but at least one more than the concurrent limit. */
  int requestThreads() {
    return Math.max(threads, limits.maxConcurrentRequests() + 1);
  }

  public ServerOptions withHost(String host) {
    return new ServerOptions(host, port, threads, maxBodyBytes, pollInterval, limits, batching,
        drainTimeout, sessionThreads);
  }

  public ServerOptions withPort(int port) {
    return new ServerOptions(host, port, threads, maxBodyBytes, pollInterval, limits, batching,
        drainTimeout, sessionThreads);
  }

  public ServerOptions withMaxBodyBytes(long maxBodyBytes) {
    return new ServerOptions(host, port, threads, maxBodyBytes, pollInterval, limits, batching,
        drainTimeout, sessionThreads);
  }

  public ServerOptions withPollInterval(Duration pollInterval) {
    return new ServerOptions(host, port, threads, maxBodyBytes, pollInterval, limits, batching,
        drainTimeout, sessionThreads);
  }

  public ServerOptions withLimits(ServingLimits limits) {
    return new ServerOptions(host, port, threads, maxBodyBytes, pollInterval, limits, batching,
        drainTimeout, sessionThreads);
  }

  public ServerOptions withBatching(BatchingParameters batching) {
    return new ServerOptions(host, port, threads, maxBodyBytes, pollInterval, limits,
        Optional.of(batching), drainTimeout, sessionThreads);
  }

  public ServerOptions withDrainTimeout(Duration drainTimeout) {
    return new ServerOptions(host, port, threads, maxBodyBytes, pollInterval, limits, batching,
        drainTimeout, sessionThreads);
  }

  public ServerOptions withSessionThreads(SessionThreads sessionThreads) {
    return new ServerOptions(host, port, threads, maxBodyBytes, pollInterval, limits, batching,
        drainTimeout, sessionThreads);
  }
}
