package dev.kiln.framework.step;

import dev.kiln.framework.Jit;
import dev.kiln.framework.variables.GraphContext;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * A fusion boundary for XLA that is exact and has a gradient: a product with the identity matrix.
 *
 * <p>Why: in an unrolled LSTM the state carried between steps (c, and h through the padding
 * carry) forms an elementwise chain across time, forward and backward. XLA CPU's fusion pass
 * duplicates cheap elementwise producers into every consumer, so each step's fusion recomputed the
 * chain from the first step (fused computations of ~390 instructions; the train step 2.5–3.5×
 * slower than without XLA). XLA never fuses an elementwise producer into a dot, so
 * {@code x · I} materialises x once; its gradient is again a dot, which cuts the backward chain too.
 * {@code XlaOptimizationBarrier} does not work for this on CPU: the optimised HLO no longer contains
 * it and the recomputation stays (see XLA_NOTES.md).
 *
 * <p>Only added under {@link Jit#XLA}; with {@link Jit#NONE} the value passes through, so both
 * modes compute the same numbers (x·1 + 0·… is exact for finite x).
 *
 * <p>One barrier holds one identity constant, shared by every step it is applied at: a constant
 * per step (n² floats, 256 KiB for n = 256) made the unrolled functions' library over 100 MiB,
 * copied by TensorFlow at each stage before compiling (XLA_NOTES.md, "Memory and compile time").
 *
 * @param <T> the type of the values it passes
 */
public final class XlaBarrier<T extends TNumber> {
  private final Ops tf;
  private final int n;
  private final Class<T> type;
  private final boolean active;
  private Operand<T> identity; // built at the first apply

  private XlaBarrier(Ops tf, int n, Class<T> type, boolean active) {
    this.tf = tf;
    this.n = n;
    this.type = type;
    this.active = active;
  }

  /**
   * A barrier for values of shape [batch, n] and type {@code type}, built in {@code ctx}'s graph:
   * under XLA an identity matmul, its constant built once; otherwise nothing.
   */
  public static <T extends TNumber> XlaBarrier<T> identityDot(GraphContext ctx, int n,
      Class<T> type) {
    return new XlaBarrier<>(ctx.tf(), n, type, ctx.jit() == Jit.XLA);
  }

  /**
   * @param x <T>[batch, n]
   * @return <T>[batch, n] equal to x; under XLA computed as {@code x · I(n)}
   */
  public Operand<T> apply(Operand<T> x) {
    return active ? tf.linalg.matMul(x, identity()) : x;
  }

  /**
   * @param x <T>[n, m]
   * @return <T>[n, m] equal to x; under XLA computed as {@code I(n) · x}
   */
  public Operand<T> applyLeft(Operand<T> x) {
    return active ? tf.linalg.matMul(identity(), x) : x;
  }

  private Operand<T> identity() {
    if (identity == null) {
      float[][] eye = new float[n][n];
      for (int i = 0; i < n; i++) {
        eye[i][i] = 1f;
      }
      identity = tf.dtypes.cast(tf.constant(eye), type);
    }
    return identity;
  }
}
