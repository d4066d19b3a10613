package dev.kiln.framework.layers;

import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializer;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A lookup table {@code <scope>/table} [vocab, dim]. The whole table is read and rows are
 * gathered from the read value ({@code GatherV2}), so the gradient w.r.t. the table is a dense
 * [vocab, dim] tensor and the lookup compiles under XLA.
 */
public final class Embedding<T extends TFloating> {
  private final Variable<T> table;

  public Embedding(ParameterStore scope, int vocab, int dim, Class<T> dtype, Initializer init) {
    this.table = scope.variable("table", dtype, Shape.of(vocab, dim), init);
  }

  /**
   * @param ids <int32>[...] token ids in [0, vocab)
   * @return <T>[..., dim]
   */
  public Operand<T> apply(GraphContext ctx, Operand<TInt32> ids) {
    var tf = ctx.tf();
    Operand<T> rows = tf.gather(ctx.read(table), ids, tf.constant(0));
    ctx.recordLookup(table, ids, rows);
    return rows;
  }

  public Variable<T> table() {
    return table;
  }
}
