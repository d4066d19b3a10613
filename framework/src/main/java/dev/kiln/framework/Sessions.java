package dev.kiln.framework;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** Sessions with explicit CPU thread pools and without Grappler's RAM-dependent memory rewrite. */
public final class Sessions {
  private Sessions() {}

  /**
   * A session whose ops use {@code intraOp} threads each and at most {@code interOp} ops at once
   * ({@code ConfigProto.intra_op_parallelism_threads} / {@code inter_op_parallelism_threads}; 0 lets
   * TensorFlow choose). The caller closes it.
   */
  public static Session create(Graph graph, int intraOp, int interOp) {
    return new Session(graph, config(intraOp, interOp).build());
  }

  /**
   * The configuration of every Kiln session (training, single- and multi-worker, export, warm
   * start, serving): the thread pools as above, and Grappler's memory optimizer off. On a CPU the
   * only rewrite that optimizer makes is its "scheduling" pass's, which turns an {@code AddN} of
   * more than two inputs into a {@code TemporaryVariable} summed by {@code AssignAdd}s whenever
   * its static estimate of the graph's peak memory exceeds 80% of the RAM the host has free at
   * that moment. So whether it fires depends on the machine's state, not on the model: when it
   * fires inside an XLA-compiled step (the long buckets of {@code sst2-bilstm-attention}, whose
   * gradient sums add one term per unrolled step), compilation fails with "unsupported operations
   * ... TemporaryVariable"; under the executor it silently changes the order in which gradients
   * are summed.
   */
  public static ConfigProto.Builder config(int intraOp, int interOp) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOp)
        .setInterOpParallelismThreads(interOp)
        .setGraphOptions(GraphOptions.newBuilder()
            .setRewriteOptions(RewriterConfig.newBuilder()
                .setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT)));
  }
}
