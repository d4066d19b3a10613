package dev.kiln.launch.serve.grpc;

import dev.kiln.launch.serve.ModelPredictor;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TensorFlow Serving's gRPC API ({@code PredictionService}, {@code ModelService}) on its own
 * port, for the model a REST {@code ModelServer} serves: requests go through that server's {@link
 * ModelPredictor}, so both transports share versions, limits, concurrency permits and metrics.
 * Messages larger than the REST body limit are refused by gRPC itself, {@code
 * RESOURCE_EXHAUSTED}.
 */
public final class GrpcModelServer implements AutoCloseable {
  private final Server server;
  private final ExecutorService executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GrpcModelServer(Server server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts listening.
   *
   * @param port the port, 0 for any free one
   * @param maxMessageBytes the largest request message ({@code --max-body-bytes}), at most 2 GiB
   * @throws IOException if the address cannot be bound
   */
  public static GrpcModelServer start(ModelPredictor predictor, String host, int port,
      long maxMessageBytes) throws IOException {
    // one thread more than the concurrent limit, so a request over it is answered UNAVAILABLE
    // rather than left waiting for a thread
    int threads = Math.max(Math.max(2, Runtime.getRuntime().availableProcessors()),
        predictor.limits().maxConcurrentRequests() + 1);
    AtomicInteger threadCount = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "kiln-serve-grpc-" + threadCount.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    GrpcCalls calls = new GrpcCalls(predictor);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .executor(executor)
        .maxInboundMessageSize((int) Math.min(maxMessageBytes, Integer.MAX_VALUE))
        .addService(new KilnPredictionService(calls))
        .addService(new KilnModelService(calls))
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    return new GrpcModelServer(server, executor);
  }

  /** The port listened on (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops accepting calls, gives those in flight up to a second, then cancels the rest. Safe to
   * call more than once. Close this before the {@code ModelServer} whose model it serves.
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(1));
  }

  /** As {@link #close()}, giving the calls in flight up to {@code drain} to finish. */
  public void close(Duration drain) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(Math.max(1, drain.toMillis()), TimeUnit.MILLISECONDS)) {
        server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
