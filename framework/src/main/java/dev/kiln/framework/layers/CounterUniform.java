package dev.kiln.framework.layers;

import dev.kiln.framework.Scalars;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * Counter-based uniform random numbers for dropout-like layers: value i is {@code k / 2^24} in
 * [0, 1), with {@code k} a 32-bit integer hash of (seed, step, i).
 *
 * <p>The hash uses int64 multiply / xor / shift / and ops whose products stay below 2^63, so the
 * TensorFlow CPU kernels and XLA compute bit-identical numbers: the same seed and step give the
 * same mask with {@code jit=xla} and {@code jit=none}. ({@code StatelessRandomUniform} does not:
 * XLA's implementation draws different numbers — see XLA_NOTES.md.)
 */
public final class CounterUniform {
  // Rows of the global batch before this worker's shard, while a data-parallel step is built.
  private static final ThreadLocal<Long> FIRST_ROW = ThreadLocal.withInitial(() -> 0L);

  private CounterUniform() {}

  /**
   * While the returned scope is open, values drawn on this thread for a tensor whose dimension 0
   * is the batch are those of rows {@code firstRow..} of the global batch: a data-parallel worker
   * holding rows {@code firstRow..} draws the dropout masks a single worker would for them.
   */
  public static AutoCloseable shardStartingAtRow(long firstRow) {
    long previous = FIRST_ROW.get();
    FIRST_ROW.set(firstRow);
    return () -> FIRST_ROW.set(previous);
  }

  /**
   * @param shape <int32>[rank] the shape of the result
   * @param seed distinguishes the layers of one model
   * @param step <int64>[] a value that changes every training step (the optimizer's count)
   * @return <T>[shape] values in [0, 1)
   */
  public static <T extends TFloating> Operand<T> sample(
      Ops tf, Operand<TInt32> shape, int seed, Operand<TInt64> step, Class<T> type) {
    Operand<TInt64> key = hash(tf, tf.bitwise.bitwiseXor(
        hash(tf, tf.math.add(tf.constant(seed & 0xffffffffL), tf.constant(0x9e3779b9L))),
        mask32(tf, step)));
    Operand<TInt64> size =
        tf.dtypes.cast(tf.reduceProd(shape, tf.constant(0)), TInt64.class);
    Operand<TInt64> index = tf.range(tf.constant(0L), size, tf.constant(1L));
    long firstRow = FIRST_ROW.get();
    if (firstRow != 0) {
      // Index i of this shard is index firstRow·(size / rows) + i of the global batch.
      Operand<TInt64> rows = tf.dtypes.cast(
          tf.gather(shape, tf.constant(0), tf.constant(0)), TInt64.class);
      index = tf.math.add(index,
          tf.math.mul(tf.constant(firstRow), tf.math.div(size, rows)));
    }
    Operand<TInt64> bits = hash(tf,
        mask32(tf, tf.math.add(index, tf.math.mul(key, tf.constant(0x27d4eb2fL)))));
    Operand<T> flat = tf.math.mul(tf.dtypes.cast(tf.bitwise.rightShift(bits, tf.constant(8L)), type),
        Scalars.of(tf, 1.0 / (1 << 24), type));
    return tf.reshape(flat, shape);
  }

  /** A 32-bit integer mixer (xor-shift-multiply); input and output in [0, 2^32). */
  private static Operand<TInt64> hash(Ops tf, Operand<TInt64> v) {
    Operand<TInt64> h = v;
    h = tf.bitwise.bitwiseXor(h, tf.bitwise.rightShift(h, tf.constant(16L)));
    h = mask32(tf, tf.math.mul(h, tf.constant(0x7feb352dL)));
    h = tf.bitwise.bitwiseXor(h, tf.bitwise.rightShift(h, tf.constant(15L)));
    h = mask32(tf, tf.math.mul(h, tf.constant(0x2c1b3c6dL)));
    h = tf.bitwise.bitwiseXor(h, tf.bitwise.rightShift(h, tf.constant(16L)));
    return h;
  }

  private static Operand<TInt64> mask32(Ops tf, Operand<TInt64> v) {
    return tf.bitwise.bitwiseAnd(v, tf.constant(0xffffffffL));
  }
}
