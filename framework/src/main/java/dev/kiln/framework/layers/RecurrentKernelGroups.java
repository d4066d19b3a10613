package dev.kiln.framework.layers;

import dev.kiln.framework.Jit;
import dev.kiln.framework.step.XlaBarrier;
import dev.kiln.framework.step.XlaCpuRuntime;
import dev.kiln.framework.variables.GraphContext;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/**
 * The recurrent kernel as an unrolled layer's steps use it: under XLA's legacy CPU runtime
 * ({@link XlaCpuRuntime#legacy}), steps are taken in groups of at most {@link #GROUP}, each group
 * after the first reading the kernel through an {@link XlaBarrier} ({@code I · W}, exact), so that
 * the kernel's gradient is a sum of at most {@link #GROUP} per-step matmuls per group instead of
 * one sum over every step.
 *
 * <p>Why: that runtime's oneDNN rewriter fuses such a sum into one oneDNN matmul as one {@code
 * BINARY_ADD} post-op per term, and oneDNN refuses more than 32 post-ops: a 48-step bucket
 * aborted the JVM ("could not append a binary post-op", XLA_NOTES.md). Otherwise (no XLA, the
 * thunk runtime, or at most {@link #GROUP} steps) every step uses the kernel as it is.
 */
final class RecurrentKernelGroups<T extends TFloating> {
  /** Steps per group: 24 steps (23 fused additions) were seen to compile. */
  static final int GROUP = 16;

  /** The kernel of each group of steps, the first being the kernel itself. */
  private final List<Operand<T>> groups = new ArrayList<>();

  /**
   * @param kernel <T>[n, width] the recurrent kernel's read value
   * @param time the number of unrolled steps
   */
  RecurrentKernelGroups(GraphContext ctx, Operand<T> kernel, int time) {
    this(ctx, kernel, time, XlaCpuRuntime.legacy());
  }

  /** @param legacyRuntime whether XLA compiles for its legacy CPU runtime */
  RecurrentKernelGroups(GraphContext ctx, Operand<T> kernel, int time, boolean legacyRuntime) {
    groups.add(kernel);
    if (legacyRuntime && ctx.jit() == Jit.XLA) {
      XlaBarrier<T> barrier =
          XlaBarrier.identityDot(ctx, (int) kernel.shape().get(0), kernel.type());
      for (int start = GROUP; start < time; start += GROUP) {
        groups.add(barrier.applyLeft(kernel));
      }
    }
  }

  /** The kernel for step {@code t}. */
  Operand<T> at(int t) {
    return groups.get(Math.min(t / GROUP, groups.size() - 1));
  }
}
