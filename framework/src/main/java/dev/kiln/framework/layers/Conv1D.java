package dev.kiln.framework.layers;

import dev.kiln.framework.Jit;
import dev.kiln.framework.Scalars;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.step.XlaCpuRuntime;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * A 1-D convolution over time, {@code Conv2D} on [batch, 1, time, in] with a [1, width, in, out]
 * kernel (Conv2D has a gradient in the C++ graph API and an XLA kernel).
 *
 * <p>Variables: {@code <scope>/kernel} [width, in, out] (LeCun normal, fan-in width·in, as
 * Flax's {@code nn.Conv}), {@code <scope>/bias} [out] (zeros).
 *
 * <p>Padding as TensorFlow defines it. {@code VALID}: output step j reads inputs
 * [j·stride, j·stride + width). {@code SAME}: ⌈time / stride⌉ outputs; the input is zero-padded by
 * {@code total = max((⌈time/stride⌉ − 1)·stride + width − time, 0)} steps, ⌊total/2⌋ of them in
 * front. {@link Padding#explicit explicit(front, back)} (Flax's {@code padding=[(front, back)]},
 * PyTorch's {@code padding=p} with front = back = p): {@code front} zeros before the input and
 * {@code back} after it, then VALID; output step j reads inputs [j·stride − front, j·stride − front
 * + width).
 *
 * <p>Lengths: inputs at t ≥ length are zeroed before the convolution, so a padded example reads
 * zeros past its end, as TF's own SAME padding would; {@link #outputLengths} maps each length
 * through the stride. Appending padding steps to a batch changes no output step below the output
 * length for {@code VALID} and explicit padding, whatever the number appended, and for {@code SAME}
 * only when the number appended is a multiple of the stride (otherwise TF's front padding ⌊total/2⌋
 * may shift by one). So a bucketed model that must give every example the same result in any
 * bucket uses VALID or explicit padding; with {@code front + back = width − 1} every example of
 * length L ≥ 1 keeps ⌈L/stride⌉ outputs, as SAME would give it alone.
 */
public final class Conv1D<T extends TFloating> {
  /** How the input is padded: TensorFlow's VALID and SAME, or fixed amounts before and after. */
  public static final class Padding {
    /** No padding: only windows that lie within the input. */
    public static final Padding VALID = new Padding("VALID", 0, 0);
    /** TensorFlow's SAME: ⌈time/stride⌉ outputs, the padding split by the batch's time size. */
    public static final Padding SAME = new Padding("SAME", 0, 0);

    private final String name;
    private final int front;
    private final int back;

    private Padding(String name, int front, int back) {
      this.name = name;
      this.front = front;
      this.back = back;
    }

    /** {@code front} zeros before each input and {@code back} after it, whatever its time size. */
    public static Padding explicit(int front, int back) {
      if (front < 0 || back < 0) {
        throw new IllegalArgumentException(
            "padding amounts must be ≥ 0, got front " + front + " and back " + back);
      }
      return new Padding("EXPLICIT", front, back);
    }

    /**
     * {@code width − 1} zeros split around the input, ⌊(width − 1)/2⌋ in front and the rest at the
     * back (TF's SAME split for stride 1): width 7 is {@code explicit(3, 3)}, PyTorch's
     * {@code padding=3}. An input of length L ≥ 1 then has ⌈L/stride⌉ outputs for any stride.
     */
    public static Padding centered(int width) {
      if (width < 1) {
        throw new IllegalArgumentException("width must be ≥ 1, got " + width);
      }
      return explicit((width - 1) / 2, width - 1 - (width - 1) / 2);
    }

    public int front() {
      return front;
    }

    public int back() {
      return back;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Padding that && name.equals(that.name) && front == that.front
          && back == that.back;
    }

    @Override
    public int hashCode() {
      return (name.hashCode() * 31 + front) * 31 + back;
    }

    @Override
    public String toString() {
      return name.equals("EXPLICIT") ? "EXPLICIT(" + front + ", " + back + ")" : name;
    }
  }

  private final Variable<T> kernel;
  private final Variable<T> bias;
  private final int width;
  private final int stride;
  private final Padding padding;

  public Conv1D(ParameterStore scope, int width, int in, int out, int stride, Padding padding, Class<T> dtype) {
    if (width < 1 || stride < 1) {
      throw new IllegalArgumentException("width and stride must be ≥ 1, got " + width + " and " + stride);
    }
    this.kernel = scope.variable("kernel", dtype, Shape.of(width, in, out), Initializers.lecunNormal());
    this.bias = scope.variable("bias", dtype, Shape.of(out), Initializers.zeros());
    this.width = width;
    this.stride = stride;
    this.padding = padding;
  }

  /**
   * @param x <T>[batch, time, in]
   * @param lengths <int32>[batch] real steps per example; inputs past them are read as zeros
   * @return <T>[batch, time', out], time' = ⌈time/stride⌉ (SAME) or ⌊(time + front + back −
   *     width)/stride⌋ + 1 (VALID: front = back = 0; explicit); steps at or past {@link
   *     #outputLengths} are not meaningful
   */
  public Operand<T> apply(GraphContext ctx, Operand<T> x, Operand<TInt32> lengths) {
    if (ctx.jit() == Jit.XLA && XlaCpuRuntime.legacy()) {
      // Its convolution aborts the process (a failed check in convolution_thunk_internal.h).
      throw new ConfigException("XLA's legacy CPU runtime (XLA_FLAGS="
          + "--xla_cpu_use_thunk_runtime=false) cannot run convolutions: unset that flag, or train"
          + " with --jit none");
    }
    Ops tf = ctx.tf();
    Operand<T> zeroed = LengthMask.fill(tf, x, lengths, 0);
    if (padding.front() + padding.back() > 0) {
      zeroed = tf.pad(zeroed,
          tf.constant(new int[][] {{0, 0}, {padding.front(), padding.back()}, {0, 0}}),
          Scalars.of(tf, 0, x.type()));
    }
    Operand<T> image = tf.expandDims(zeroed, tf.constant(1));
    Operand<T> filter = tf.expandDims(ctx.read(kernel), tf.constant(0));
    String mode = padding == Padding.SAME ? "SAME" : "VALID";
    Operand<T> conv = tf.nn.conv2d(image, filter, List.of(1L, 1L, (long) stride, 1L), mode);
    return tf.math.add(tf.squeeze(conv, Squeeze.axis(List.of(1L))), ctx.read(bias));
  }

  /**
   * Real output steps per example: ⌈length/stride⌉ for SAME, max(⌊(length + front + back −
   * width)/stride⌋ + 1, 0) for VALID (front = back = 0) and explicit padding: the outputs the
   * example would have alone, padded by exactly {@code front} and {@code back}.
   *
   * @param lengths <int32>[batch]
   * @return <int32>[batch]
   */
  public Operand<TInt32> outputLengths(Ops tf, Operand<TInt32> lengths) {
    Operand<TInt32> s = tf.constant(stride);
    if (padding == Padding.SAME) {
      return tf.math.floorDiv(tf.math.add(lengths, tf.constant(stride - 1)), s);
    }
    Operand<TInt32> padded = tf.math.add(lengths, tf.constant(padding.front() + padding.back()));
    Operand<TInt32> windows =
        tf.math.add(tf.math.floorDiv(tf.math.sub(padded, tf.constant(width)), s), tf.constant(1));
    return tf.math.maximum(windows, tf.constant(0));
  }

  public List<Variable<T>> variables() {
    return List.of(kernel, bias);
  }
}
