package dev.kiln.launch;

import dev.kiln.launch.serve.ModelServer;
import dev.kiln.launch.serve.ServerOptions;
import dev.kiln.launch.serve.ServingLimits;
import dev.kiln.launch.serve.grpc.GrpcModelServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln serve}: TensorFlow Serving's REST API for the SavedModel versions under a base path,
 * until interrupted.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves TensorFlow Serving's REST API (/v1/models/NAME, /metadata, :predict) for the"
          + " highest version under --model-base-path (BASE/1/, BASE/2/, ... each a SavedModel"
          + " with tag serve).",
      "A new complete version directory is picked up without restart; runs until interrupted.",
      "Prometheus metrics: GET /monitoring/prometheus/metrics.",
      "With --grpc-port, also TF Serving's gRPC API (tensorflow.serving.PredictionService"
          + " Predict and GetModelMetadata, ModelService GetModelStatus) on that port."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model-base-path", required = true, paramLabel = "BASE",
      description = "Directory holding the integer version directories.")
  Path basePath;

  @Option(names = "--model-name", required = true, paramLabel = "NAME",
      description = "The name in /v1/models/NAME.")
  String modelName;

  @Option(names = "--port", defaultValue = "" + ServerOptions.DEFAULT_PORT,
      description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--grpc-port", paramLabel = "PORT",
      description = "Also serve TF Serving's gRPC API on this port (TF Serving's --port; 8500"
          + " there), 0 for any free one; off when not given.")
  Integer grpcPort;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--poll-seconds", defaultValue = "2", paramLabel = "SECONDS",
      description = "How often to look for a new version (default: ${DEFAULT-VALUE}).")
  double pollSeconds;

  @Option(names = "--max-body-bytes", defaultValue = "" + ServerOptions.DEFAULT_MAX_BODY_BYTES,
      paramLabel = "BYTES",
      description = "Largest request body accepted; larger ones get a 413 (default:"
          + " ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--max-request-rows", defaultValue = "" + ServingLimits.DEFAULT_MAX_ROWS,
      paramLabel = "ROWS",
      description = "Most rows (examples) in one request (default: ${DEFAULT-VALUE}).")
  int maxRequestRows;

  @Option(names = "--max-text-length", defaultValue = "" + ServingLimits.DEFAULT_MAX_TEXT_LENGTH,
      paramLabel = "CHARS",
      description = "Longest text in characters, and longest token_ids row (default:"
          + " ${DEFAULT-VALUE}).")
  int maxTextLength;

  @Option(names = "--max-concurrent-requests",
      defaultValue = "" + ServingLimits.DEFAULT_MAX_CONCURRENT_REQUESTS, paramLabel = "N",
      description = "Most requests handled at once; more get a 503 with Retry-After (default:"
          + " ${DEFAULT-VALUE}).")
  int maxConcurrentRequests;

  @Option(names = "--max-request-memory-mb",
      defaultValue = "" + ServingLimits.DEFAULT_MAX_REQUEST_MEMORY_MB, paramLabel = "MB",
      description = "Largest estimated memory of one request, rows x padded length x widest"
          + " layer x 4 bytes, checked before the model runs (default: ${DEFAULT-VALUE}).")
  long maxRequestMemoryMb;

  @Override
  public Integer call() {
    if (!Files.isDirectory(basePath)) {
      throw new UserError("--model-base-path " + basePath + " is not a directory");
    }
    if (grpcPort != null && (grpcPort < 0 || grpcPort > 65535)) {
      throw new UserError("--grpc-port " + grpcPort + " is not in 0..65535");
    }
    if (!(pollSeconds > 0) || maxBodyBytes < 1) {
      throw new UserError("--poll-seconds and --max-body-bytes must be positive");
    }
    if (maxRequestRows < 1 || maxTextLength < 1 || maxConcurrentRequests < 1
        || maxRequestMemoryMb < 1 || maxRequestMemoryMb > Long.MAX_VALUE >> 20) {
      throw new UserError("--max-request-rows, --max-text-length, --max-concurrent-requests and"
          + " --max-request-memory-mb must be positive");
    }
    ModelServer server = start(ServerOptions.defaults().withHost(host).withPort(port)
        .withMaxBodyBytes(maxBodyBytes)
        .withLimits(new ServingLimits(maxRequestRows, maxTextLength, maxConcurrentRequests,
            maxRequestMemoryMb << 20))
        .withPollInterval(Duration.ofMillis(Math.max(1, Math.round(pollSeconds * 1000)))));
    GrpcModelServer grpc = grpcPort == null ? null : startGrpc(server);
    Runnable stop = () -> {
      if (grpc != null) {
        grpc.close(); // first: its calls use the model the REST server unloads
      }
      server.close();
    };
    Thread shutdownHook = new Thread(stop, "kiln-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Serving " + modelName + " version " + server.servingVersion() + " at "
        + server.modelUrl());
    if (grpc != null) {
      out.println("Serving TF Serving's gRPC API for " + modelName + " at " + host + ":"
          + grpc.port());
    }
    out.flush();
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      // asked to stop from within the JVM (a signal runs the shutdown hook instead)
    }
    Runtime.getRuntime().removeShutdownHook(shutdownHook);
    stop.run();
    return 0;
  }

  private GrpcModelServer startGrpc(ModelServer server) {
    try {
      return GrpcModelServer.start(server.predictor(), host, grpcPort, maxBodyBytes);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw new UserError("cannot listen on " + host + ":" + grpcPort + " (--grpc-port): "
          + e.getMessage());
    }
  }

  private ModelServer start(ServerOptions options) {
    try {
      return ModelServer.start(modelName, basePath, options);
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage());
    } catch (IOException e) {
      throw new UserError("cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
  }
}
