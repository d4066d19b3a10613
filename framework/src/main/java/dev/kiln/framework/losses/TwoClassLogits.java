package dev.kiln.framework.losses;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * A two-class softmax head ({@code Dense(2)}, as Flax and Keras examples end) as the one binary
 * logit the binary classifier path takes: {@code d = z₁ − z₀}.
 *
 * <p>This is exact, not an approximation: softmax([z₀, z₁])₁ = 1 / (1 + e^−(z₁−z₀)) = sigmoid(d),
 * so the class-1 probability, the argmax ({@code d ≥ 0} ⇔ class 1; on a tie, softmax argmax picks
 * class 0, the binary path class 1) and the cross-entropy are those of the softmax:
 * −log softmax(z)_y = {@link SigmoidCrossEntropy} of (d, y). Its gradient w.r.t. z is
 * (σ(d) − y)·[−1, 1] = softmax(z) − onehot(y), the softmax cross-entropy's own. Shifting both
 * logits by the same amount changes neither, as with softmax.
 */
public final class TwoClassLogits {
  private TwoClassLogits() {}

  /**
   * @param logits <T>[batch, 2] the scores of class 0 and class 1
   * @return <T>[batch] z₁ − z₀, the binary logit of class 1
   */
  public static <T extends TFloating> Operand<T> margin(Ops tf, Operand<T> logits) {
    if (logits.shape().numDimensions() != 2 || logits.shape().size(1) != 2) {
      throw new IllegalArgumentException("two-class logits must be [batch, 2], got " + logits.shape());
    }
    Operand<T> perClass = tf.math.mul(logits, tf.dtypes.cast(tf.constant(new float[] {-1f, 1f}), logits.type()));
    return tf.reduceSum(perClass, tf.constant(1));
  }
}
