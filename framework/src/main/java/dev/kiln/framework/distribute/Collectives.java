package dev.kiln.framework.distribute;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * TensorFlow's collective ops, which TF Java has no wrappers for ({@code CollectiveReduceV2},
 * {@code CollectiveGatherV2}: their api_defs say SKIP), built with {@code Graph.opBuilder}. Every
 * worker must build the same collectives with the same keys, in the same order.
 *
 * <p>GPU: on GPU, XLA lowers these ops to NCCL inside a compiled step; on CPU TensorFlow refuses
 * ("Collectives are not yet implemented for CPU devices when compiling with XLA"), so Kiln keeps
 * them outside XLA computations ({@link DataParallel#collectivesCompileUnderXla}, the GPU hook).
 * The communication hint is where a GPU run would ask for {@code nccl}.
 */
final class Collectives {
  static final int GROUP_KEY = 1;

  private Collectives() {}

  /**
   * The element-wise sum over the group of {@code local} (every worker's has the same shape).
   *
   * @param timeoutSeconds how long to wait for the other workers before failing with
   *     DEADLINE_EXCEEDED
   */
  static <T extends TType> Operand<T> allReduceSum(Graph graph, Ops tf, Operand<T> local,
      int groupSize, int instanceKey, float timeoutSeconds, String hint) {
    return collective(graph, tf, "CollectiveReduceV2", local, groupSize, instanceKey,
        timeoutSeconds, hint, true);
  }

  /** Every worker's {@code local} (same shape), concatenated along dimension 0 in rank order. */
  static <T extends TType> Operand<T> allGather(Graph graph, Ops tf, Operand<T> local,
      int groupSize, int instanceKey, float timeoutSeconds) {
    return collective(graph, tf, "CollectiveGatherV2", local, groupSize, instanceKey,
        timeoutSeconds, "auto", false);
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> collective(Graph graph, Ops tf, String type,
      Operand<T> local, int groupSize, int instanceKey, float timeoutSeconds, String hint,
      boolean reduce) {
    var builder = graph.opBuilder(type, tf.scope().makeOpName(type), tf.scope())
        .addInput(local.asOutput())
        .addInput(tf.constant(groupSize).asOutput())
        .addInput(tf.constant(GROUP_KEY).asOutput())
        .addInput(tf.constant(instanceKey).asOutput())
        .addInputList(new Output<?>[0])
        .setAttr("communication_hint", hint)
        .setAttr("timeout_seconds", timeoutSeconds);
    if (reduce) {
      builder.setAttr("merge_op", "Add").setAttr("final_op", "Id");
    }
    return (Operand<T>) builder.build().output(0);
  }
}
