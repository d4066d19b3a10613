package dev.kiln.framework.optim;

import dev.kiln.framework.step.StepContext;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Sums a tensor over every worker of a data-parallel run, inside a step: what an optimizer calls
 * between the local gradients and the update ({@code dev.kiln.framework.distribute.DataParallel}
 * builds it from TensorFlow's collective all-reduce).
 */
public interface CrossReplicaSum {
  /**
   * @param local <float32>[n] this worker's values
   * @return <float32>[n] the element-wise sum of every worker's values
   */
  Operand<TFloat32> sum(StepContext ctx, Operand<TFloat32> local);

  /**
   * @param local <float32>[k, ...] this worker's rows (every worker's of the same shape)
   * @return <float32>[workers·k, ...] every worker's rows, worker 0's first
   */
  Operand<TFloat32> gather(StepContext ctx, Operand<TFloat32> local);

  /** How many workers take part. */
  int workers();
}
