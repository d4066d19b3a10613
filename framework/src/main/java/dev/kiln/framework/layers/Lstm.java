package dev.kiln.framework.layers;

import dev.kiln.framework.step.XlaBarrier;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * An LSTM over a fixed number of time steps, statically unrolled (no {@code While}: gradients
 * through {@code Graph.whileLoop} abort the JVM, see XLA_NOTES.md).
 *
 * <p>Gates in Flax's order i, f, g, o: {@code z = x_t·Wx + h·Wh + b};
 * {@code c' = σ(f)·c + σ(i)·tanh(g)}; {@code h' = σ(o)·tanh(c')}.
 *
 * <p>Variables: {@code <scope>/input_kernel} [in, 4·hidden] (LeCun normal),
 * {@code <scope>/recurrent_kernel} [hidden, 4·hidden] (one orthogonal block per gate),
 * {@code <scope>/bias} [4·hidden] (zeros).
 *
 * <p>Sequence lengths are honoured as {@link UnrolledSteps} describes: {@code last} and {@code
 * cell} are the state after each example's last real token, per-step outputs are zero for t ≥
 * length. Under XLA, c passes an {@link XlaBarrier} between steps: it is an elementwise chain
 * across time that XLA CPU would otherwise recompute in every step's fusion.
 */
public final class Lstm<T extends TFloating> implements RecurrentLayer<T> {
  private final int in;
  private final int hidden;
  private final GateKernels<T> kernels;

  /**
   * @param last <T>[batch, hidden] h after each example's last real token
   * @param cell <T>[batch, hidden] c after each example's last real token
   * @param sequence <T>[batch, time, hidden] h at each step, zero where t ≥ length
   */
  public record Output<T extends TFloating>(Operand<T> last, Operand<T> cell, Operand<T> sequence)
      implements RecurrentLayer.Output<T> {}

  public Lstm(ParameterStore scope, int in, int hidden, Class<T> dtype) {
    this.in = in;
    this.hidden = hidden;
    this.kernels = GateKernels.create(scope, in, hidden, 4, dtype);
  }

  /**
   * Runs the LSTM from a zero state.
   *
   * @param x <T>[batch, time, in], time static
   * @param lengths <int32>[batch] number of real steps per example, in [0, time]
   */
  @Override
  public Output<T> apply(GraphContext ctx, Operand<T> x, Operand<TInt32> lengths) {
    Ops tf = ctx.tf();
    UnrolledSteps<T> steps = new UnrolledSteps<>(tf, x, lengths, in, hidden, "LSTM");
    List<org.tensorflow.Output<T>> projSteps = steps.project(x, ctx.read(kernels.inputKernel()), ctx.read(kernels.bias()));
    int time = steps.time();
    RecurrentKernelGroups<T> wh =
        new RecurrentKernelGroups<>(ctx, ctx.read(kernels.recurrentKernel()), time);
    XlaBarrier<T> barrier = XlaBarrier.identityDot(ctx, hidden, x.type());
    Operand<T> h = steps.zeros();
    Operand<T> c = steps.zeros();
    Operand<T> lastC = steps.zeros();
    for (int t = 0; t < time; t++) {
      Operand<T> z = tf.math.add(projSteps.get(t), tf.linalg.matMul(h, wh.at(t)));
      Split<T> gates = tf.split(tf.constant(1), z, 4L);
      Operand<T> i = tf.math.sigmoid(gates.output().get(0));
      Operand<T> f = tf.math.sigmoid(gates.output().get(1));
      Operand<T> g = tf.math.tanh(gates.output().get(2));
      Operand<T> o = tf.math.sigmoid(gates.output().get(3));
      c = tf.math.add(tf.math.mul(f, c), tf.math.mul(i, g));
      h = tf.math.mul(o, tf.math.tanh(c));
      steps.emit(t, h);
      lastC = steps.selectLast(lastC, t, c);
      if (t < time - 1) {
        c = barrier.apply(c);
      }
    }
    return new Output<>(steps.last(), lastC, steps.sequence());
  }

  public int inputSize() {
    return in;
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
