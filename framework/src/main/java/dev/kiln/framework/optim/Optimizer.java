package dev.kiln.framework.optim;

import dev.kiln.framework.step.StepContext;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/** Updates parameters inside a compiled train step, from the gradients of a loss. */
public interface Optimizer {

  /**
   * Differentiates {@code loss} (plus any regularisation the optimizer owns) and assigns the new
   * parameters and optimizer state inside {@code ctx}.
   *
   * @param loss <T>[] the data loss
   * @return <T>[] the loss that was minimised
   */
  <T extends TFloating> Operand<T> minimize(StepContext ctx, Operand<T> loss);

  /**
   * The data-parallel form of {@link #minimize}: differentiates this worker's loss sum, sums the
   * gradients and {@code sums} (metric sums, then the weight last) over every worker with one
   * all-reduce, divides the gradients by the summed weight, so the update is that of the mean
   * loss over the global batch, and applies it (with any regularisation, after the division).
   *
   * @param lossSum <float32>[] Σ of this worker's per-example objective (not divided)
   * @param sums <float32>[] scalars to sum over the workers; the last is the weight Σ w
   * @return <float32>[] each of {@code sums}, summed over every worker
   */
  default List<Operand<TFloat32>> minimizeAcrossWorkers(StepContext ctx, Operand<TFloat32> lossSum,
      List<Operand<TFloat32>> sums, CrossReplicaSum allReduce) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " does not train across workers");
  }

  /** The learning rate of the update applied at {@code step} (0-based), for logging. */
  double learningRate(long step);

  /** <int64>[] the number of updates applied so far: the global step. */
  Variable<TInt64> count();
}
