package dev.kiln.framework.train;

import dev.kiln.framework.step.StepContext;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The outputs every binary classifier step reports, as sums over its batch ({@link BatchTotals}):
 * {@code loss_sum} = Σ w·loss, {@code correct} = Σ w·[logit ≥ 0 ⇔ label = 1], {@code weight} = Σ w.
 */
final class BinaryMetrics {
  private BinaryMetrics() {}

  /**
   * @param logits <float32>[batch]
   * @param labels <float32>[batch] in {0, 1}
   * @param weights <float32>[batch] 0 for padding rows
   * @param losses <float32>[batch] the per-example loss
   */
  static void output(StepContext ctx, Operand<TFloat32> logits, Operand<TFloat32> labels,
      Operand<TFloat32> weights, Operand<TFloat32> losses) {
    output(ctx, sums(ctx, logits, labels, weights, losses));
  }

  /** The three sums, {@code loss_sum}, {@code correct}, {@code weight} in that order. */
  static List<Operand<TFloat32>> sums(StepContext ctx, Operand<TFloat32> logits,
      Operand<TFloat32> labels, Operand<TFloat32> weights, Operand<TFloat32> losses) {
    Ops tf = ctx.tf();
    Operand<TFloat32> predicted =
        tf.dtypes.cast(tf.math.greaterEqual(logits, tf.constant(0f)), TFloat32.class);
    Operand<TFloat32> right = tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat32.class);
    return List.of(tf.reduceSum(tf.math.mul(weights, losses), tf.constant(0)),
        tf.reduceSum(tf.math.mul(weights, right), tf.constant(0)),
        tf.reduceSum(weights, tf.constant(0)));
  }

  /** Declares {@code sums} ({@link #sums}' order) as the step's outputs. */
  static void output(StepContext ctx, List<Operand<TFloat32>> sums) {
    ctx.output("loss_sum", sums.get(0));
    ctx.output("correct", sums.get(1));
    ctx.output("weight", sums.get(2));
  }
}
