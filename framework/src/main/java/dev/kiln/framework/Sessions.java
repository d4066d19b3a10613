package dev.kiln.framework;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** Sessions with explicit CPU thread pools. */
public final class Sessions {
  private Sessions() {}

  /**
   * A session whose ops use {@code intraOp} threads each and at most {@code interOp} ops at once
   * ({@code ConfigProto.intra_op_parallelism_threads} / {@code inter_op_parallelism_threads}; 0 lets
   * TensorFlow choose). The caller closes it.
   */
  public static Session create(Graph graph, int intraOp, int interOp) {
    return create(graph, intraOp, interOp, Jit.NONE);
  }

  /** As above, configured for a graph whose steps run as {@code jit} ({@link #config}). */
  public static Session create(Graph graph, int intraOp, int interOp, Jit jit) {
    return new Session(graph, config(intraOp, interOp, jit));
  }

  /**
   * The session's configuration. Under {@link Jit#XLA} TensorFlow's graph optimizer (Grappler's
   * meta-optimizer) is off: it rewrote every unrolled step function of the library at the first
   * run, costing memory and seconds, while XLA compiles each step from the function as built
   * anyway. The steps compute the same numbers either way (XLA_NOTES.md, "Memory and compile
   * time").
   */
  public static ConfigProto config(int intraOp, int interOp, Jit jit) {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOp)
        .setInterOpParallelismThreads(interOp);
    if (jit == Jit.XLA) {
      config.setGraphOptions(GraphOptions.newBuilder()
          .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
    }
    return config.build();
  }
}
