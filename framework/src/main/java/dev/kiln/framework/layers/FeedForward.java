package dev.kiln.framework.layers;

import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The Transformer's position-wise feed-forward block: {@code Dense(dim → hidden) → activation →
 * Dense(hidden → dim)}, applied to every position alike.
 *
 * <p>Variables: {@code <scope>/inner/{kernel,bias}} [dim, hidden], {@code <scope>/outer/{kernel,bias}}
 * [hidden, dim] (see {@link Dense}).
 */
public final class FeedForward<T extends TFloating> {
  /** The activation between the two projections. */
  public enum Activation {
    RELU,
    /** {@link Gelu}: the tanh approximation, jax.nn.gelu's default. */
    GELU
  }

  private final Dense<T> inner;
  private final Dense<T> outer;
  private final Activation activation;

  public FeedForward(ParameterStore scope, int dim, int hidden, Activation activation, Class<T> dtype) {
    this.inner = new Dense<>(scope.scope("inner"), dim, hidden, dtype);
    this.outer = new Dense<>(scope.scope("outer"), hidden, dim, dtype);
    this.activation = activation;
  }

  /**
   * @param x <T>[batch, ..., dim], every dimension but the batch static
   * @return <T>[batch, ..., dim]
   */
  public Operand<T> apply(GraphContext ctx, Operand<T> x) {
    Operand<T> h = inner.applyToLastAxis(ctx, x);
    return outer.applyToLastAxis(ctx, activate(ctx.tf(), h));
  }

  private Operand<T> activate(Ops tf, Operand<T> x) {
    return activation == Activation.RELU ? tf.nn.relu(x) : Gelu.apply(tf, x);
  }

  public List<Variable<T>> variables() {
    return List.of(inner.kernel(), inner.bias().orElseThrow(), outer.kernel(), outer.bias().orElseThrow());
  }
}
