package dev.kiln.framework.layers;

import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializer;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A fully connected layer on sparse inputs, {@code y = x · kernel + bias}, where each row of x is
 * given by its non-zero entries as (index, value) pairs ({@code dev.kiln.datasets.text.FeatureBatch}):
 * {@code y[b] = Σ_k values[b, k] · kernel[ids[b, k]] + bias}. The kernel rows are gathered from
 * its read value ({@code GatherV2}), so nothing of size {@code [batch, in]} is ever built, and the
 * gradient w.r.t. the kernel is a dense {@code [in, out]} tensor, as for {@link Embedding}.
 *
 * <p>Variables: {@code <scope>/kernel} [in, out], {@code <scope>/bias} [out] (optional).
 */
public final class SparseDense<T extends TFloating> {
  private final Variable<T> kernel;
  private final Variable<T> bias;
  private final int in;
  private final int out;

  /** @param biasInit null for a layer without bias */
  public SparseDense(ParameterStore scope, int in, int out, Class<T> dtype, Initializer kernelInit,
      Initializer biasInit) {
    this.in = in;
    this.out = out;
    this.kernel = scope.variable("kernel", dtype, Shape.of(in, out), kernelInit);
    this.bias = biasInit == null ? null : scope.variable("bias", dtype, Shape.of(out), biasInit);
  }

  /**
   * @param ids <int32>[batch, width] feature indices in [0, in); a padding pair has any index and
   *     value 0
   * @param values <T>[batch, width] the value of each pair
   * @return <T>[batch, out]
   */
  public Operand<T> apply(GraphContext ctx, Operand<TInt32> ids, Operand<T> values) {
    var tf = ctx.tf();
    Operand<T> rows = tf.gather(ctx.read(kernel), ids, tf.constant(0)); // [batch, width, out]
    Operand<T> scaled = tf.math.mul(rows, tf.expandDims(values, tf.constant(-1)));
    Operand<T> product = tf.reduceSum(scaled, tf.constant(1));
    return bias == null ? product : tf.math.add(product, ctx.read(bias));
  }

  public Variable<T> kernel() {
    return kernel;
  }

  /** The bias, or empty for a layer without one. */
  public Optional<Variable<T>> bias() {
    return Optional.ofNullable(bias);
  }

  public int inputSize() {
    return in;
  }

  public int outputSize() {
    return out;
  }
}
