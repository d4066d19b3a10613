package dev.kiln.framework.distribute;

import dev.kiln.framework.Sessions;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.optim.CrossReplicaSum;
import dev.kiln.framework.step.StepContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.RemoteSessions;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;
import org.tensorflow.types.TFloat32;

/**
 * This process's part in a synchronous data-parallel run: TensorFlow's gRPC server for its task,
 * sessions that run on it (so collectives reach the other workers), and the all-reduce a train
 * step sums its gradients with. Every worker builds the same graph, so the collectives' instance
 * keys, handed out in build order, agree across workers.
 *
 * <p>The server is never stopped: TensorFlow's gRPC server cannot shut down cleanly ("Clean
 * shutdown is not currently implemented"); it goes with the process.
 */
public final class DataParallel implements CrossReplicaSum {
  /** One job, as TensorFlow's multi-worker tests use: every task is {@code /job:worker}. */
  static final String JOB = "worker";

  private final ClusterSpec cluster;
  private final float timeoutSeconds;
  private final ConfigProto sessionConfig;
  private final AtomicInteger instanceKeys = new AtomicInteger(100);
  // The largest payloads the steps exchange, for CollectiveBenchmark.
  private long largestSum;
  private long[] largestGather = {0, 0};
  @SuppressWarnings("unused") // held so the server lives as long as this object
  private final Server server;

  private DataParallel(ClusterSpec cluster, float timeoutSeconds, ConfigProto sessionConfig,
      Server server) {
    this.cluster = cluster;
    this.timeoutSeconds = timeoutSeconds;
    this.sessionConfig = sessionConfig;
    this.server = server;
  }

  /**
   * Starts this task's server and waits until every other worker's accepts connections. A port
   * already in use, and a worker that does not answer within {@code timeoutSeconds}, are
   * one-line errors naming them.
   *
   * @param timeoutSeconds how long any collective waits for the other workers
   * @param intraOpThreads threads per op in this worker's sessions
   */
  public static DataParallel start(ClusterSpec cluster, int timeoutSeconds, int intraOpThreads) {
    if (timeoutSeconds <= 0) {
      throw new ConfigException("--worker-timeout must be positive, got " + timeoutSeconds);
    }
    requirePortFree(cluster);
    // TensorFlow's multi-worker tests hang with fewer than workers + 1 inter-op threads.
    ConfigProto config = Sessions.config(intraOpThreads, cluster.size() + 2)
        .addDeviceFilters("/job:" + JOB + "/task:" + cluster.rank())
        .setExperimental(ConfigProto.Experimental.newBuilder()
            .setCollectiveGroupLeader("/job:" + JOB + "/replica:0/task:0"))
        .build();
    JobDef.Builder job = JobDef.newBuilder().setName(JOB);
    for (int i = 0; i < cluster.size(); i++) {
      job.putTasks(i, cluster.addresses().get(i));
    }
    ServerDef def = ServerDef.newBuilder()
        .setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName(JOB)
        .setTaskIndex(cluster.rank())
        .setProtocol("grpc")
        .setDefaultSessionConfig(config)
        .build();
    Server server;
    try {
      server = new Server(def);
      server.start();
    } catch (RuntimeException e) {
      throw new ConfigException("cannot start the TensorFlow server of "
          + cluster.describe(cluster.rank()) + ": " + firstLine(e.getMessage()));
    }
    awaitPeers(cluster, timeoutSeconds);
    return new DataParallel(cluster, timeoutSeconds, config, server);
  }

  /**
   * Waits at most {@code timeoutSeconds} in all until every other worker's server accepts
   * connections. Needed: a worker whose chief never comes up would otherwise hang in its first
   * run, below any collective's timeout, while TensorFlow's master retries the chief for the
   * collectives' step ids for ever ("RefreshStepIdSequence: UNAVAILABLE ... Retrying").
   */
  static void awaitPeers(ClusterSpec cluster, int timeoutSeconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    for (int task = 0; task < cluster.size(); task++) {
      if (task == cluster.rank()) {
        continue;
      }
      String address = cluster.addresses().get(task);
      while (!PeerProbe.answers(address, connectMillis(deadline))) {
        if (System.nanoTime() >= deadline) {
          throw new ConfigException(cluster.describe(task) + " does not answer: "
              + (PeerProbe.resolves(address) ? "nothing accepted a connection"
                  : "its host name does not resolve")
              + " within " + timeoutSeconds + " s (--worker-timeout); "
              + cluster.describe(cluster.rank()) + " stops");
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the other workers", e);
        }
      }
    }
  }

  /** How long one connection attempt may take: at most 1 s, and not past the deadline. */
  private static int connectMillis(long deadline) {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1, Math.min(1000, left));
  }

  public ClusterSpec cluster() {
    return cluster;
  }

  @Override
  public int workers() {
    return cluster.size();
  }

  public float timeoutSeconds() {
    return timeoutSeconds;
  }

  /** A session for {@code graph} on this task's server; the caller closes it (before the graph). */
  public Session session(Graph graph) {
    return RemoteSessions.create(graph, "grpc://" + cluster.self(), sessionConfig);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code CollectiveReduceV2}: in the step's function, or under XLA on CPU between its
   * two compiled halves ({@link StepContext#acrossWorkers}).
   */
  @Override
  public Operand<TFloat32> sum(StepContext ctx, Operand<TFloat32> local) {
    largestSum = Math.max(largestSum, local.shape().size());
    int key = instanceKeys.getAndIncrement();
    return ctx.acrossWorkers(local, local.shape(), (graph, tf, x) -> Collectives.allReduceSum(
        graph, tf, x, workers(), key, timeoutSeconds, "ring"), collectivesCompileUnderXla());
  }

  /** {@inheritDoc} One {@code CollectiveGatherV2}, placed as {@link #sum}'s all-reduce. */
  @Override
  public Operand<TFloat32> gather(StepContext ctx, Operand<TFloat32> local) {
    long[] shape = local.shape().asArray();
    if (shape.length == 2 && shape[0] * shape[1] > largestGather[0] * largestGather[1]) {
      largestGather = shape;
    }
    long[] gathered = shape.clone();
    gathered[0] = shape[0] < 0 ? -1 : shape[0] * workers();
    int key = instanceKeys.getAndIncrement();
    return ctx.acrossWorkers(local, Shape.of(gathered), (graph, tf, x) -> Collectives.allGather(
        graph, tf, x, workers(), key, timeoutSeconds), collectivesCompileUnderXla());
  }

  /**
   * Whether XLA compiles a step's collectives into the step itself. Not on CPU: TensorFlow
   * refuses ("Collectives are not yet implemented for CPU devices when compiling with XLA"), so
   * a {@code --jit xla} train step is two XLA computations with the collectives between them.
   *
   * <p>The GPU hook, not run here (no GPU build of TF Java has been used with Kiln): on GPU,
   * TensorFlow's XLA lowers {@code CollectiveReduceV2} to an NCCL all-reduce inside the compiled
   * computation. A worker whose steps run on a GPU would return true here (and pass the hint
   * {@code "nccl"} in {@link #sum}); each train step would then stay one XLA computation holding
   * its collectives, as a single-process step is, and run with a collective graph key.
   */
  boolean collectivesCompileUnderXla() {
    return false;
  }

  /** Floats in the largest all-reduce a step holds (0 before any step is built). */
  long largestSum() {
    return largestSum;
  }

  /** [rows, columns] of the largest all-gather a step holds ({0, 0} if none). */
  long[] largestGather() {
    return largestGather.clone();
  }

  /**
   * An all-reduce sum in the main graph (outside any step), with a fixed instance key below the
   * steps' ones: the start-up check runs it before the workers know their graphs agree.
   */
  Operand<TFloat32> sum(Graph graph, Operand<TFloat32> local, int instanceKey) {
    if (instanceKey >= 100) {
      throw new IllegalArgumentException("instance keys from 100 on are the steps'");
    }
    return Collectives.allReduceSum(graph, Ops.create(graph), local, workers(), instanceKey,
        timeoutSeconds, "auto");
  }

  /** An all-gather in the main graph (outside any step), with a fixed instance key below 100. */
  Operand<TFloat32> gather(Graph graph, Operand<TFloat32> local, int instanceKey) {
    if (instanceKey >= 100) {
      throw new IllegalArgumentException("instance keys from 100 on are the steps'");
    }
    return Collectives.allGather(graph, Ops.create(graph), local, workers(), instanceKey,
        timeoutSeconds);
  }

  /**
   * What to tell the user when a collective failed: the first worker whose port no longer
   * accepts connections (a dead process), or TensorFlow's own first line.
   */
  public String explainFailure(RuntimeException failure) {
    for (int task = 0; task < cluster.size(); task++) {
      if (task != cluster.rank() && !PeerProbe.answers(cluster.addresses().get(task))) {
        return cluster.describe(task) + " stopped answering; " + cluster.describe(cluster.rank())
            + " stops (collectives wait at most " + Math.round(timeoutSeconds)
            + " s, --worker-timeout)";
      }
    }
    return "a collective between the workers failed on " + cluster.describe(cluster.rank())
        + ": " + firstLine(failure.getMessage());
  }

  private static void requirePortFree(ClusterSpec cluster) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(cluster.port()));
    } catch (IOException e) {
      throw new ConfigException("port " + cluster.port() + " of " + cluster.describe(cluster.rank())
          + " is in use");
    }
  }

  /**
   * TensorFlow's first line, or its first two where the first only says which task reported it
   * ("From /job:worker/replica:0/task:0:"), so the line still says what failed.
   */
  static String firstLine(String message) {
    List<String> lines = message == null ? List.of()
        : message.lines().map(String::trim).filter(line -> !line.isEmpty()).limit(2).toList();
    if (lines.isEmpty()) {
      return "";
    }
    boolean onlyWhere = lines.get(0).startsWith("From /job:") && lines.get(0).endsWith(":");
    return onlyWhere && lines.size() > 1 ? lines.get(0) + " " + lines.get(1) : lines.get(0);
  }
}
