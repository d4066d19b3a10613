package dev.kiln.framework.layers;

import dev.kiln.framework.Scalars;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The GELU activation in its tanh approximation,
 * {@code 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³)))}: jax.nn.gelu's default and BERT's.
 */
public final class Gelu {
  private Gelu() {}

  /** @return <T>[...] GELU of every element of {@code x} */
  public static <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    Class<T> type = x.type();
    Operand<T> cubic = tf.math.add(x, tf.math.mul(Scalars.of(tf, 0.044715, type), tf.math.mul(x, tf.math.square(x))));
    Operand<T> gate = tf.math.add(Scalars.of(tf, 1, type),
        tf.math.tanh(tf.math.mul(Scalars.of(tf, Math.sqrt(2 / Math.PI), type), cubic)));
    return tf.math.mul(tf.math.mul(Scalars.of(tf, 0.5, type), x), gate);
  }
}
