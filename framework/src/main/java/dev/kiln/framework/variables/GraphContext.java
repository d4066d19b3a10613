package dev.kiln.framework.variables;

import dev.kiln.framework.Jit;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Where layers build their ops: an {@link Ops} for the graph being built, and the read value of
 * each variable in that graph.
 *
 * <p>Inside a {@link dev.kiln.framework.step.CompiledStep} the graph is the step function's body and
 * reads come from its resource arguments; {@link DirectContext} builds in the main graph instead.
 */
public interface GraphContext {
  /** The op factory for the graph being built. */
  Ops tf();

  /**
   * The value of {@code variable} at the start of the step ({@code ReadVariableOp}, one per variable
   * and graph). Gradients are taken with respect to these tensors.
   */
  <T extends TType> Operand<T> read(Variable<T> variable);

  /**
   * Notes that {@code rows} = {@code Gather(read(table), ids)}: a data-parallel step may then
   * exchange the gradient of those rows and their ids instead of the whole table's gradient.
   * Ignored by default.
   */
  default void recordLookup(Variable<?> table, Operand<TInt32> ids, Operand<?> rows) {}

  /** How the ops built here will run; layers may add XLA-only hints under {@link Jit#XLA}. */
  default Jit jit() {
    return Jit.NONE;
  }
}
