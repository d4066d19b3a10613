package dev.kiln.launch;

import dev.kiln.launch.serve.BatchingParameters;
import dev.kiln.launch.serve.BatchingParametersFile;
import dev.kiln.launch.serve.ModelServer;
import dev.kiln.launch.serve.ServerOptions;
import dev.kiln.launch.serve.SessionThreads;
import dev.kiln.launch.serve.ServingLimits;
import dev.kiln.launch.serve.grpc.GrpcModelServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
      "A new complete version directory is picked up without restart; runs until SIGTERM or"
          + " SIGINT, then stops accepting, answers the requests in flight and exits 0.",
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

  @Option(names = "--enable-batching",
      description = "Merge concurrent :predict requests for the same signature and input shapes"
          + " into one session run (TF Serving's --enable_batching).")
  boolean enableBatching;

  @Option(names = "--max-batch-size", paramLabel = "ROWS",
      defaultValue = "" + BatchingParameters.DEFAULT_MAX_BATCH_SIZE,
      description = "With --enable-batching: most rows in one merged run; a larger request runs"
          + " alone (default: ${DEFAULT-VALUE}).")
  int maxBatchSize;

  @Option(names = "--batch-timeout-micros", paramLabel = "MICROS",
      defaultValue = "" + BatchingParameters.DEFAULT_BATCH_TIMEOUT_MICROS,
      description = "With --enable-batching: longest wait of a batch that is not full; 0 runs"
          + " what is queued as soon as a batch thread is free (default: ${DEFAULT-VALUE}).")
  long batchTimeoutMicros;

  @Option(names = "--num-batch-threads", paramLabel = "N",
      description = "With --enable-batching: threads running merged batches (default: one per"
          + " core).")
  Integer numBatchThreads;

  @Option(names = "--batching-parameters-file", paramLabel = "FILE",
      description = "With --enable-batching: TF Serving's --batching_parameters_file, a text"
          + " tensorflow.serving.BatchingParameters (max_batch_size { value: 32 } ...), in place"
          + " of the four batching options above.")
  Path batchingParametersFile;

  @Option(names = "--max-enqueued-batches", paramLabel = "N",
      defaultValue = "" + BatchingParameters.DEFAULT_MAX_ENQUEUED_BATCHES,
      description = "With --enable-batching: most batches waiting per signature and input"
          + " shapes; past it a request gets a 503 with Retry-After (default: ${DEFAULT-VALUE}).")
  int maxEnqueuedBatches;

  @Option(names = "--tensorflow-intra-op-parallelism", paramLabel = "N", defaultValue = "0",
      description = "Threads one TensorFlow op may use (TF Serving's"
          + " --tensorflow_intra_op_parallelism); 0: one per core (default: ${DEFAULT-VALUE}).")
  int intraOpParallelism;

  @Option(names = "--tensorflow-inter-op-parallelism", paramLabel = "N", defaultValue = "0",
      description = "Threads running independent ops of one session run (TF Serving's"
          + " --tensorflow_inter_op_parallelism); 0: TensorFlow's choice, -1: the calling thread"
          + " runs them all (default: ${DEFAULT-VALUE}).")
  int interOpParallelism;

  @Option(names = "--drain-seconds", paramLabel = "SECONDS", defaultValue = "30",
      description = "On SIGTERM, how long to wait for the requests in flight (default:"
          + " ${DEFAULT-VALUE}).")
  long drainSeconds;

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
    if (drainSeconds < 0) {
      throw new UserError("--drain-seconds must not be negative");
    }
    if (intraOpParallelism < 0) {
      throw new UserError("--tensorflow-intra-op-parallelism must not be negative");
    }
    ServerOptions options = ServerOptions.defaults().withHost(host).withPort(port)
        .withMaxBodyBytes(maxBodyBytes)
        .withLimits(new ServingLimits(maxRequestRows, maxTextLength, maxConcurrentRequests,
            maxRequestMemoryMb << 20))
        .withPollInterval(Duration.ofMillis(Math.max(1, Math.round(pollSeconds * 1000))))
        .withDrainTimeout(Duration.ofSeconds(drainSeconds))
        .withSessionThreads(new SessionThreads(intraOpParallelism, interOpParallelism));
    if (enableBatching) {
      options = options.withBatching(batchingParameters());
    } else if (batchingParametersFile != null) {
      throw new UserError("--batching-parameters-file needs --enable-batching");
    }
    ModelServer server = start(options);
    GrpcModelServer grpc = grpcPort == null ? null : startGrpc(server);
    CountDownLatch stop = new CountDownLatch(1);
    try (ShutdownSignals.Registration signals = ShutdownSignals.onTermination(stop::countDown)) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("Serving " + modelName + " version " + server.servingVersion() + " at "
          + server.modelUrl() + (enableBatching ? " with batching" : ""));
      if (grpc != null) {
        out.println("Serving TF Serving's gRPC API for " + modelName + " at " + host + ":"
            + grpc.port());
      }
      out.flush();
      try {
        stop.await();
      } catch (InterruptedException e) {
        // asked to stop from within the JVM
      }
      // gRPC first, as its calls use the model the REST server unloads; both stop accepting and
      // answer the requests in flight.
      if (grpc != null) {
        grpc.close(Duration.ofSeconds(drainSeconds));
      }
      server.close();
      out.println("Stopped serving " + modelName);
      out.flush();
    } finally {
      if (grpc != null) {
        grpc.close();
      }
      server.close();
    }
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

  private static final List<String> BATCHING_FLAGS = List.of("--max-batch-size",
      "--batch-timeout-micros", "--num-batch-threads", "--max-enqueued-batches");

  private BatchingParameters batchingParameters() {
    try {
      BatchingParameters flags = new BatchingParameters(maxBatchSize, batchTimeoutMicros,
          numBatchThreads == null ? BatchingParameters.defaultThreads() : numBatchThreads,
          maxEnqueuedBatches);
      if (batchingParametersFile == null) {
        return flags;
      }
      for (String flag : BATCHING_FLAGS) {
        if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
          throw new UserError("give the batching parameters either in"
              + " --batching-parameters-file or as options, not both (" + flag + ")");
        }
      }
      return BatchingParametersFile.read(batchingParametersFile, flags);
    } catch (IllegalArgumentException e) {
      throw new UserError(batchingParametersFile == null ? e.getMessage()
          : "--batching-parameters-file " + e.getMessage());
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
