package dev.kiln.models.run;

import dev.kiln.datasets.text.Batch;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.distribute.ClusterSpec;
import dev.kiln.framework.distribute.DataParallel;
import dev.kiln.framework.distribute.LoopbackPorts;
import dev.kiln.framework.train.BatchTotals;
import dev.kiln.framework.train.BinaryClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.models.Presets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Run in a child JVM by {@link DataParallelXlaTest} with {@code XLA_FLAGS=--xla_dump_to=DIR}
 * (read when the native library loads): trains a tiny {@code sst2-lstm-2020} under {@code
 * jit=xla} on 4 global batches in one process, then as 2 workers (TensorFlow servers in this JVM
 * on free 127.0.0.1 ports, one thread each) on their rows of the same batches. Prints, for the
 * test to check:
 *
 * <pre>
 * single losses=[...]
 * worker R calls=[train_step_t4/gradients_call:FN, ...]   (the train step's function calls)
 * worker R main-graph collectives=[...]                    (collective ops in the main graph)
 * worker R function collectives=[...]                      (collective ops in any function)
 * worker R losses=[...]
 * worker R largest weight difference=D                      (relative to the largest weight)
 * worker R weights as worker 0's=true|false                 (to the bit)
 * </pre>
 */
public final class DataParallelXlaProbe {
  static final int WORKERS = 2;
  private static final int VOCABULARY = 40;
  private static final int BATCH = 12;
  private static final int TIME = 4;

  /** @param optimizer the config's {@code optimizer}: the probe's first argument, else adam */
  private static Config config(String optimizer) {
    return Presets.named("sst2-lstm-2020").config()
        .withOverrides(List.of("embedding_size=16", "hidden_size=16", "batch_size=" + BATCH,
            "max_input_length=" + TIME, "bucket_size=" + TIME, "learning_rate=0.01",
            "l2_reg=0.001", "grad_clip_norm=1.0", "jit=xla", "optimizer=" + optimizer));
  }

  private record Run(List<Double> losses, Map<String, float[]> weights) {}

  public static void main(String[] args) throws Exception {
    Config config = config(args.length > 0 ? args[0] : "adam");
    long start = System.nanoTime();
    List<Batch> batches = batches();
    Run single;
    try (ModelSession<BinaryClassifierSteps> model =
        TextClassifierSession.open(config, VOCABULARY, List.of(TIME))) {
      List<Double> losses = new ArrayList<>();
      for (Batch batch : batches) {
        BatchTotals totals = model.steps().train(batch);
        losses.add(totals.lossSum() / totals.weight());
      }
      single = new Run(losses, WeightDifference.trainable(model));
    }
    System.out.println("single losses=" + single.losses);
    System.out.printf("single process: %.1f s%n", (System.nanoTime() - start) / 1e9);
    start = System.nanoTime();

    List<String> addresses = new ArrayList<>();
    for (int port : LoopbackPorts.free(WORKERS)) {
      addresses.add("127.0.0.1:" + port);
    }
    ExecutorService threads = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<Run>> futures = new ArrayList<>();
      for (int rank = 0; rank < WORKERS; rank++) {
        ClusterSpec cluster = new ClusterSpec(addresses, rank);
        futures.add(threads.submit(() -> worker(config, cluster, batches)));
      }
      List<Run> runs = new ArrayList<>();
      for (Future<Run> future : futures) {
        runs.add(future.get(240, TimeUnit.SECONDS));
      }
      System.out.printf("%d workers: %.1f s%n", WORKERS, (System.nanoTime() - start) / 1e9);
      for (int rank = 0; rank < WORKERS; rank++) {
        Run run = runs.get(rank);
        System.out.println("worker " + rank + " losses=" + run.losses);
        System.out.println("worker " + rank + " largest weight difference="
            + WeightDifference.largestRelative(single.weights, run.weights));
        System.out.println("worker " + rank + " weights as worker 0's="
            + run.weights.keySet().stream().allMatch(name -> java.util.Arrays.equals(
                runs.get(0).weights.get(name), run.weights.get(name))));
      }
    } finally {
      threads.shutdownNow();
    }
    System.out.flush();
    // TensorFlow's gRPC servers cannot shut down cleanly; they go with the process.
    System.exit(0);
  }

  private static Run worker(Config config, ClusterSpec cluster, List<Batch> batches) {
    DataParallel group = DataParallel.start(cluster, 60, 1);
    int rows = BATCH / WORKERS;
    try (ModelSession<BinaryClassifierSteps> model =
        TextClassifierSession.open(config, VOCABULARY, List.of(TIME), group)) {
      GraphDef graph = model.graph().toGraphDef();
      String rank = "worker " + cluster.rank();
      List<String> calls = graph.getNodeList().stream()
          .filter(n -> n.getOp().equals("StatefulPartitionedCall")
              && n.getName().startsWith("train_step_t" + TIME + "/"))
          .map(n -> n.getName() + ":" + n.getAttrMap().get("f").getFunc().getName()).toList();
      List<String> mainCollectives = graph.getNodeList().stream().map(NodeDef::getOp)
          .filter(op -> op.startsWith("Collective")).sorted().toList();
      List<String> functionCollectives = graph.getLibrary().getFunctionList().stream()
          .flatMap(f -> f.getNodeDefList().stream()).map(NodeDef::getOp)
          .filter(op -> op.startsWith("Collective")).sorted().toList();
      List<Double> losses = new ArrayList<>();
      for (Batch batch : batches) {
        BatchTotals totals = model.steps().train(batch.rows(cluster.rank() * rows, rows));
        losses.add(totals.lossSum() / totals.weight());
      }
      synchronized (DataParallelXlaProbe.class) {
        System.out.println(rank + " calls=" + calls);
        System.out.println(rank + " main-graph collectives=" + mainCollectives);
        System.out.println(rank + " function collectives=" + functionCollectives);
      }
      return new Run(losses, WeightDifference.trainable(model));
    }
  }

  /** 4 global batches of length 4, the last with 7 real rows of 12 (worker 1's share: 1). */
  private static List<Batch> batches() {
    return RandomGlobalBatches.of(BATCH, VOCABULARY, List.of(TIME, TIME, TIME, TIME), 7);
  }
}
