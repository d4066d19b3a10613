package dev.kiln.framework.losses;

import dev.kiln.framework.Scalars;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Binary cross-entropy on logits, in the stable form
 * {@code l = max(x, 0) - x·z + log(1 + exp(-|x|))} (no overflow for any x).
 *
 * <p>{@code max(x, 0)} and {@code -|x|} are built with one {@code select} on {@code x ≥ 0}, as
 * TensorFlow's {@code sigmoid_cross_entropy_with_logits} does, so the gradient is σ(x) − z at
 * x = 0 too (ReLU's and Abs's registered gradients are 0 there, which would give −z).
 */
public final class SigmoidCrossEntropy {
  private SigmoidCrossEntropy() {}

  /**
   * @param logits <T>[batch]
   * @param labels <T>[batch] in [0, 1]
   * @return <T>[batch] per-example loss
   */
  public static <T extends TFloating> Operand<T> perExample(Ops tf, Operand<T> logits, Operand<T> labels) {
    Operand<TBool> nonNegative = tf.math.greaterEqual(logits, tf.zerosLike(logits));
    Operand<T> relu = tf.select(nonNegative, logits, tf.zerosLike(logits));
    Operand<T> negAbs = tf.select(nonNegative, tf.math.neg(logits), logits);
    Operand<T> softplusNegAbs = tf.math.log1p(tf.math.exp(negAbs));
    return tf.math.add(tf.math.sub(relu, tf.math.mul(logits, labels)), softplusNegAbs);
  }

  /**
   * @return <T>[] mean over the batch
   */
  public static <T extends TFloating> Operand<T> mean(Ops tf, Operand<T> logits, Operand<T> labels) {
    return tf.math.mean(perExample(tf, logits, labels), tf.constant(0));
  }

  /**
   * @param weights <T>[batch] non-negative; padding examples get 0
   * @return <T>[] {@code sum(w·l) / max(sum(w), tiny)}
   */
  public static <T extends TFloating> Operand<T> weightedMean(
      Ops tf, Operand<T> logits, Operand<T> labels, Operand<T> weights) {
    Operand<T> l = perExample(tf, logits, labels);
    Operand<T> num = tf.reduceSum(tf.math.mul(weights, l), tf.constant(0));
    Operand<T> den = tf.math.maximum(tf.reduceSum(weights, tf.constant(0)), Scalars.of(tf, 1e-12, logits.type()));
    return tf.math.div(num, den);
  }
}
