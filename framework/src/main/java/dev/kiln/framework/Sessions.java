package dev.kiln.framework;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/** Sessions with explicit CPU thread pools. */
public final class Sessions {
  private Sessions() {}

  /**
   * A session whose ops use {@code intraOp} threads each and at most {@code interOp} ops at once
   * ({@code ConfigProto.intra_op_parallelism_threads} / {@code inter_op_parallelism_threads}; 0 lets
   * TensorFlow choose). The caller closes it.
   */
  public static Session create(Graph graph, int intraOp, int interOp) {
    ConfigProto config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOp)
        .setInterOpParallelismThreads(interOp)
        .build();
    return new Session(graph, config);
  }
}
