package dev.kiln.framework.layers;

import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A recurrent layer statically unrolled over a batch of padded sequences from a zero state:
 * {@link SimpleRnn}, {@link Gru} or {@link Lstm}. All honour sequence lengths the same way (see
 * {@link UnrolledSteps}).
 */
public interface RecurrentLayer<T extends TFloating> {

  /** The cell names {@link #create} knows, which are also their variable scopes. */
  List<String> CELLS = List.of("rnn", "gru", "lstm");

  /** What a recurrent layer returns. */
  interface Output<T extends TFloating> {
    /** <T>[batch, hidden] the hidden state after each example's last real token */
    Operand<T> last();

    /** <T>[batch, time, hidden] the hidden state at each step, zero where t ≥ length */
    Operand<T> sequence();
  }

  /** An {@link Output} and nothing more (the LSTM adds its cell state). */
  record States<T extends TFloating>(Operand<T> last, Operand<T> sequence) implements Output<T> {}

  /**
   * @param x <T>[batch, time, in], time static
   * @param lengths <int32>[batch] number of real steps per example, in [0, time]
   */
  Output<T> apply(GraphContext ctx, Operand<T> x, Operand<TInt32> lengths);

  int hiddenSize();

  List<Variable<T>> variables();

  /**
   * The layer a config's {@code cell} field names, its variables in {@code parent}'s sub-scope of
   * the same name ({@code lstm}, {@code rnn} or {@code gru}).
   */
  static <T extends TFloating> RecurrentLayer<T> create(
      String cell, ParameterStore parent, int in, int hidden, Class<T> dtype) {
    checkCell(cell);
    return createIn(cell, parent.scope(cell), in, hidden, dtype);
  }

  /** The layer {@code cell} names, its variables directly in {@code scope}. */
  static <T extends TFloating> RecurrentLayer<T> createIn(
      String cell, ParameterStore scope, int in, int hidden, Class<T> dtype) {
    checkCell(cell);
    return switch (cell) {
      case "rnn" -> new SimpleRnn<>(scope, in, hidden, dtype);
      case "gru" -> new Gru<>(scope, in, hidden, dtype);
      default -> new Lstm<>(scope, in, hidden, dtype);
    };
  }

  private static void checkCell(String cell) {
    if (!CELLS.contains(cell)) {
      throw new ConfigException(
          "config field cell: unknown cell '" + cell + "' (known: " + String.join(", ", CELLS) + ")");
    }
  }
}

