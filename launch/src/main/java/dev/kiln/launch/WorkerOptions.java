package dev.kiln.launch;

import dev.kiln.framework.distribute.ClusterSpec;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How {@code train} joins a multi-worker run: the {@code TF_CONFIG} environment variable as
 * tf.distribute reads it, or {@code --cluster} with {@code --task-index}; {@code --local-workers}
 * starts the workers itself ({@link LocalWorkers}).
 */
final class WorkerOptions {
  static final String TF_CONFIG = "TF_CONFIG";

  @Option(names = "--cluster", paramLabel = "HOST:PORT,...",
      description = "Train data-parallel on these workers (one host:port each, the first the"
          + " chief); every worker runs the same command with its own --task-index. Default:"
          + " the TF_CONFIG environment variable if set, else a single process.")
  String cluster;

  @Option(names = "--task-index", paramLabel = "I",
      description = "This worker's place in --cluster (0: the chief, which evaluates and writes"
          + " the workdir).")
  Integer taskIndex;

  @Option(names = "--local-workers", paramLabel = "N",
      description = "Start N workers on this machine (free 127.0.0.1 ports), show the chief's"
          + " progress, and stop them all if one fails or on Ctrl-C.")
  Integer localWorkers;

  @Option(names = "--worker-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long a worker waits for the others at an all-reduce before it stops,"
          + " naming the worker that stopped answering (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--intra-op-threads", paramLabel = "N", defaultValue = "0",
      description = "Threads per TensorFlow op in a worker (default: the machine's cores, or"
          + " cores / N with --local-workers N).")
  int intraOpThreads;

  /** Whether to start local workers; refused together with another way to name a cluster. */
  boolean startsLocalWorkers(String tfConfig) {
    if (localWorkers != null && (cluster != null || taskIndex != null
        || (tfConfig != null && !tfConfig.isBlank()))) {
      throw new UserError("--local-workers starts the workers itself; it cannot be given with"
          + " --cluster, --task-index or TF_CONFIG");
    }
    return localWorkers != null;
  }

  /** The cluster this process is part of, if any; incomplete options are refused. */
  Optional<ClusterSpec> cluster(String tfConfig) {
    if (cluster != null || taskIndex != null) {
      if (cluster == null || taskIndex == null) {
        throw new UserError("--cluster and --task-index go together");
      }
      return Optional.of(ClusterSpec.fromFlags(cluster, taskIndex));
    }
    if (tfConfig != null && !tfConfig.isBlank()) {
      return Optional.of(ClusterSpec.fromTfConfig(tfConfig));
    }
    return Optional.empty();
  }

  /** Threads per op for a worker of {@code cluster}. */
  int intraOpThreads() {
    return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
  }
}
