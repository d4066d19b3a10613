package dev.kiln.framework.layers;

import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * An Elman RNN over a fixed number of time steps, statically unrolled like {@link Lstm}:
 * {@code h' = tanh(x_t·Wx + h·Wh + b)} (Flax's {@code SimpleCell}).
 *
 * <p>Variables: {@code <scope>/input_kernel} [in, hidden] (LeCun normal), {@code
 * <scope>/recurrent_kernel} [hidden, hidden] (orthogonal), {@code <scope>/bias} [hidden] (zeros).
 *
 * <p>Sequence lengths are honoured as {@link UnrolledSteps} describes. No {@link
 * dev.kiln.framework.step.XlaBarrier}: h reaches the next step only through a matmul, which XLA
 * never fuses into, so there is no elementwise chain across time.
 */
public final class SimpleRnn<T extends TFloating> implements RecurrentLayer<T> {
  private final int in;
  private final int hidden;
  private final GateKernels<T> kernels;

  public SimpleRnn(ParameterStore scope, int in, int hidden, Class<T> dtype) {
    this.in = in;
    this.hidden = hidden;
    this.kernels = GateKernels.create(scope, in, hidden, 1, dtype);
  }

  /**
   * Runs the RNN from a zero state.
   *
   * @param x <T>[batch, time, in], time static
   * @param lengths <int32>[batch] number of real steps per example, in [0, time]
   */
  @Override
  public States<T> apply(GraphContext ctx, Operand<T> x, Operand<TInt32> lengths) {
    Ops tf = ctx.tf();
    UnrolledSteps<T> steps = new UnrolledSteps<>(tf, x, lengths, in, hidden, "RNN");
    List<org.tensorflow.Output<T>> proj = steps.project(x, ctx.read(kernels.inputKernel()), ctx.read(kernels.bias()));
    RecurrentKernelGroups<T> wh =
        new RecurrentKernelGroups<>(ctx, ctx.read(kernels.recurrentKernel()), steps.time());
    Operand<T> h = steps.zeros();
    for (int t = 0; t < steps.time(); t++) {
      h = tf.math.tanh(tf.math.add(proj.get(t), tf.linalg.matMul(h, wh.at(t))));
      steps.emit(t, h);
    }
    return new States<>(steps.last(), steps.sequence());
  }

  @Override
  public int hiddenSize() {
    return hidden;
  }

  @Override
  public List<Variable<T>> variables() {
    return kernels.list();
  }
}
