package dev.kiln.framework.step;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds one collective op (an all-reduce or all-gather across the workers) on a value, in
 * whichever graph the step puts it: inside the step's function, or in the main graph between the
 * two compiled halves of a {@code --jit xla} step ({@link StepContext#acrossWorkers}).
 */
@FunctionalInterface
public interface StepCollective {
  /**
   * @param graph the graph {@code local} is in, where the op is added
   * @param tf an {@link Ops} for {@code graph}
   * @return the collective's result
   */
  Operand<TFloat32> build(Graph graph, Ops tf, Operand<TFloat32> local);
}
