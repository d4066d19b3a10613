package dev.kiln.framework.layers;

import dev.kiln.framework.Scalars;
import dev.kiln.framework.step.XlaBarrier;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A GRU over a fixed number of time steps, statically unrolled like {@link Lstm}, with the
 * equations of Flax's {@code GRUCell} (the reset gate applies to h·Whn + b_hn, after the matmul,
 * as in cuDNN and PyTorch, not to h before it as in the original paper):
 *
 * <pre>
 *   r  = σ(x·Wir + h·Whr + b_r)
 *   z  = σ(x·Wiz + h·Whz + b_z)
 *   n  = tanh(x·Win + b_in + r ⊙ (h·Whn + b_hn))
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 *
 * <p>Variables: {@code <scope>/input_kernel} [in, 3·hidden] (Wir | Wiz | Win, LeCun normal),
 * {@code <scope>/recurrent_kernel} [hidden, 3·hidden] (Whr | Whz | Whn, one orthogonal block per
 * gate), {@code <scope>/bias} [3·hidden] (b_r | b_z | b_in, zeros; Flax's separate input and
 * hidden biases of r and z only ever appear summed) and {@code <scope>/recurrent_bias} [hidden]
 * (b_hn, zeros).
 *
 * <p>Sequence lengths are honoured as {@link UnrolledSteps} describes. Under XLA, h passes an
 * {@link XlaBarrier} between steps: {@code z ⊙ h} makes it an elementwise chain across time.
 */
public final class Gru<T extends TFloating> implements RecurrentLayer<T> {
  private final int in;
  private final int hidden;
  private final GateKernels<T> kernels;
  private final Variable<T> recurrentBias;

  public Gru(ParameterStore scope, int in, int hidden, Class<T> dtype) {
    this.in = in;
    this.hidden = hidden;
    this.kernels = GateKernels.create(scope, in, hidden, 3, dtype);
    this.recurrentBias = scope.variable("recurrent_bias", dtype, Shape.of(hidden), Initializers.zeros());
  }

  /**
   * Runs the GRU from a zero state.
   *
   * @param x <T>[batch, time, in], time static
   * @param lengths <int32>[batch] number of real steps per example, in [0, time]
   */
  @Override
  public States<T> apply(GraphContext ctx, Operand<T> x, Operand<TInt32> lengths) {
    Ops tf = ctx.tf();
    UnrolledSteps<T> steps = new UnrolledSteps<>(tf, x, lengths, in, hidden, "GRU");
    Operand<T> bhn = ctx.read(recurrentBias);
    Operand<T> one = Scalars.of(tf, 1, x.type());
    List<org.tensorflow.Output<T>> proj = steps.project(x, ctx.read(kernels.inputKernel()), ctx.read(kernels.bias()));
    int time = steps.time();
    RecurrentKernelGroups<T> wh =
        new RecurrentKernelGroups<>(ctx, ctx.read(kernels.recurrentKernel()), time);
    XlaBarrier<T> barrier = XlaBarrier.identityDot(ctx, hidden, x.type());
    Operand<T> h = steps.zeros();
    for (int t = 0; t < time; t++) {
      Split<T> xs = tf.split(tf.constant(1), proj.get(t), 3L);
      Split<T> hs = tf.split(tf.constant(1), tf.linalg.matMul(h, wh.at(t)), 3L);
      Operand<T> r = tf.math.sigmoid(tf.math.add(xs.output().get(0), hs.output().get(0)));
      Operand<T> z = tf.math.sigmoid(tf.math.add(xs.output().get(1), hs.output().get(1)));
      Operand<T> n = tf.math.tanh(tf.math.add(xs.output().get(2),
          tf.math.mul(r, tf.math.add(hs.output().get(2), bhn))));
      h = tf.math.add(tf.math.mul(tf.math.sub(one, z), n), tf.math.mul(z, h));
      steps.emit(t, h);
      if (t < time - 1) {
        h = barrier.apply(h);
      }
    }
    return new States<>(steps.last(), steps.sequence());
  }

  @Override
  public int hiddenSize() {
    return hidden;
  }

  @Override
  public List<Variable<T>> variables() {
    return List.of(kernels.inputKernel(), kernels.recurrentKernel(), kernels.bias(), recurrentBias);
  }
}
