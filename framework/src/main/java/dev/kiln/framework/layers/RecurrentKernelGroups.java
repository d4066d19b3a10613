package dev.kiln.framework.layers;

import dev.kiln.framework.Jit;
import dev.kiln.framework.step.XlaCpuRuntime;
import dev.kiln.framework.variables.GraphContext;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The recurrent kernel as an unrolled layer's steps use it: under XLA's legacy CPU runtime
 * ({@link XlaCpuRuntime#legacy}), steps are taken in groups of at most {@link #GROUP}, each group
 * after the first reading the kernel through an identity matmul {@code I · W} (exact), so that
 * the kernel's gradient is a sum of at most {@link #GROUP} per-step matmuls per group instead of
 * one sum over every step.
 *
 * <p>Why: that runtime's oneDNN rewriter fuses such a sum into one oneDNN matmul as one {@code
 * BINARY_ADD} post-op per term, and oneDNN refuses more than 32 post-ops: a 48-step bucket
 * aborted the JVM ("could not append a binary post-op", XLA_NOTES.md). Otherwise (no XLA, the
 * thunk runtime, or at most {@link #GROUP} steps) the kernel is used as it is, with no extra
 * matmul.
 */
final class RecurrentKernelGroups<T extends TFloating> {
  /** Steps per group: 24 steps (23 fused additions) were seen to compile. */
  static final int GROUP = 16;

  private final Ops tf;
  private final Operand<T> kernel;
  private final boolean grouped;
  private Operand<T> identity;
  private Operand<T> current;
  private int currentGroup;

  /**
   * @param kernel <T>[n, width] the recurrent kernel's read value
   * @param time the number of unrolled steps
   */
  RecurrentKernelGroups(GraphContext ctx, Operand<T> kernel, int time) {
    this(ctx, kernel, time, XlaCpuRuntime.legacy());
  }

  /** @param legacyRuntime whether XLA compiles for its legacy CPU runtime */
  RecurrentKernelGroups(GraphContext ctx, Operand<T> kernel, int time, boolean legacyRuntime) {
    this.tf = ctx.tf();
    this.kernel = kernel;
    this.grouped = legacyRuntime && ctx.jit() == Jit.XLA && time > GROUP;
    this.current = kernel;
  }

  /** The kernel for step {@code t} (steps asked for in order). */
  Operand<T> at(int t) {
    int group = t / GROUP;
    if (!grouped || group == currentGroup) {
      return current;
    }
    if (identity == null) {
      long n = kernel.shape().get(0);
      float[][] eye = new float[(int) n][(int) n];
      for (int i = 0; i < n; i++) {
        eye[i][i] = 1f;
      }
      identity = tf.dtypes.cast(tf.constant(eye), kernel.type());
    }
    currentGroup = group;
    current = tf.linalg.matMul(identity, kernel);
    return current;
  }
}
