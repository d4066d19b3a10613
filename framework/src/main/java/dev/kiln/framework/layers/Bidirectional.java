package dev.kiln.framework.layers;

import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReverseSequence;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Two recurrent layers of one cell kind ({@link RecurrentLayer#CELLS}), one reading each sequence
 * forwards and one backwards, their per-step outputs concatenated. The backward pass is
 * length-aware, like Flax's {@code flip_sequences}: only each example's first {@code length} steps
 * are reversed, so padding never comes first.
 *
 * <p>Variables: {@code <scope>/forward/*} and {@code <scope>/backward/*} (the cell's own names).
 */
public final class Bidirectional<T extends TFloating> {
  private final RecurrentLayer<T> forward;
  private final RecurrentLayer<T> backward;

  /** @param cell {@code lstm}, {@code gru} or {@code rnn} */
  public Bidirectional(String cell, ParameterStore scope, int in, int hidden, Class<T> dtype) {
    this.forward = RecurrentLayer.createIn(cell, scope.scope("forward"), in, hidden, dtype);
    this.backward = RecurrentLayer.createIn(cell, scope.scope("backward"), in, hidden, dtype);
  }

  /**
   * @param x <T>[batch, time, in], time static
   * @param lengths <int32>[batch] real steps per example
   * @return <T>[batch, time, 2·hidden]: forward then backward outputs, zero where t ≥ length
   */
  public Operand<T> apply(GraphContext ctx, Operand<T> x, Operand<TInt32> lengths) {
    Ops tf = ctx.tf();
    Operand<T> forwardOut = forward.apply(ctx, x, lengths).sequence();
    Operand<T> backwardOut =
        reverse(tf, backward.apply(ctx, reverse(tf, x, lengths), lengths).sequence(), lengths);
    return tf.concat(List.of(forwardOut, backwardOut), tf.constant(2));
  }

  private static <T extends TFloating> Operand<T> reverse(
      Ops tf, Operand<T> x, Operand<TInt32> lengths) {
    return tf.reverseSequence(x, lengths, 1L, ReverseSequence.batchDim(0L));
  }

  public int outputSize() {
    return 2 * forward.hiddenSize();
  }

  public List<Variable<T>> variables() {
    List<Variable<T>> variables = new ArrayList<>(forward.variables());
    variables.addAll(backward.variables());
    return variables;
  }
}
