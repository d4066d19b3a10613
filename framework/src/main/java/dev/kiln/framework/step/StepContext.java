package dev.kiln.framework.step;

import dev.kiln.framework.Jit;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * What a {@link StepBody} builds with: the function body's {@link Ops}, variable reads and
 * assignments through resource arguments, named inputs, and named outputs.
 *
 * <p>Semantics: every {@link #read} sees the value at the start of the step; every {@link #assign}
 * happens after that variable's read; every output is produced after all assignments.
 */
public final class StepContext implements GraphContext {
  /** One function argument: its placeholder in the body and what the caller passes for it. */
  record Arg(Output<?> placeholder, DataType dtype, Variable<?> variable, String inputName,
      Class<? extends TType> inputType, Shape inputShape) {}

  private final Graph body;
  private final Ops tf;
  private final List<Arg> args = new ArrayList<>();
  private final Map<String, Output<?>> handles = new LinkedHashMap<>();
  private final Map<String, Operand<?>> reads = new LinkedHashMap<>();
  private final Map<String, ReadVariableOp<?>> readOps = new LinkedHashMap<>();
  private final Map<String, Operand<?>> inputs = new LinkedHashMap<>();
  private final List<Op> assigns = new ArrayList<>();
  private final Map<String, Operand<?>> outputs = new LinkedHashMap<>();

  private final Jit jit;
  private boolean collectives;
  private final List<Lookup> lookups = new ArrayList<>();
  private final List<Boundary> boundaries = new ArrayList<>();

  /**
   * A recorded {@code rows = Gather(read(table), ids)}.
   *
   * @param ids <int32>[n] the ids looked up, flattened (row-major, as {@code rows}' leading
   *     dimensions)
   */
  public record Lookup(Variable<?> table, Operand<TInt32> ids, Operand<?> rows) {}

  StepContext(Graph body, Jit jit) {
    this.body = body;
    this.jit = jit;
    this.tf = Ops.create(body);
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public Jit jit() {
    return jit;
  }

  /** The graph of the function body (for {@code addGradients}). */
  public Graph graph() {
    return body;
  }

  /** The resource handle of {@code variable} inside the body (a function argument). */
  public Output<?> handle(Variable<?> variable) {
    return handles.computeIfAbsent(variable.name(), n -> {
      Output<?> h = body.opBuilder("Placeholder", "arg_" + args.size(), body.baseScope())
          .setAttr("dtype", DataType.DT_RESOURCE).build().output(0);
      args.add(new Arg(h, DataType.DT_RESOURCE, variable, null, null, null));
      return h;
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>The value is {@code Reshape(ReadVariableOp(handle), shape)}: a resource argument carries no
   * shape, so without the reshape shape inference would lose every static dimension downstream.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T extends TType> Operand<T> read(Variable<T> variable) {
    return (Operand<T>) reads.computeIfAbsent(variable.name(), n -> {
      ReadVariableOp<T> op = tf.withName("read_" + n.replace('/', '_')).readVariableOp(handle(variable), variable.dtype());
      readOps.put(n, op);
      return tf.reshape(op, tf.constant(variable.shape().asArray()));
    });
  }

  /**
   * Declares a fed input of the step. {@code shape} may have unknown dimensions (-1), but the
   * dimensions the graph unrolls over (sequence length) must be static.
   *
   * @return the input inside the body
   */
  @SuppressWarnings("unchecked")
  public <T extends TType> Operand<T> input(String name, Class<T> dtype, Shape shape) {
    if (inputs.containsKey(name)) {
      throw new IllegalArgumentException("input '" + name + "' declared twice");
    }
    Operand<T> p = tf.withName("arg_" + args.size()).placeholder(dtype, Placeholder.shape(shape));
    args.add(new Arg(p.asOutput(), p.asOutput().dataType(), null, name, dtype, shape));
    inputs.put(name, p);
    return p;
  }

  /** Writes {@code value} to {@code variable}, after the step's read of it (if any). */
  public <T extends TType> Op assign(Variable<T> variable, Operand<T> value) {
    Ops scoped = tf;
    ReadVariableOp<?> read = readOps.get(variable.name());
    if (read != null) {
      scoped = tf.withControlDependencies(List.of(read));
    }
    Op a = scoped.assignVariableOp(handle(variable), value);
    assigns.add(a);
    return a;
  }

  /**
   * The rows {@code ids} of {@code variable} at the start of the step, read without reading the
   * whole variable ({@code ResourceGather}). A {@link #scatterUpdate} of the same rows that uses
   * them comes after them through its data; any other write must not be made to {@code variable}.
   *
   * @param ids <int32>[n] row indices
   * @return <T>[n, ...] the rows, shaped as the variable past its first dimension
   */
  public <T extends TType> Operand<T> readRows(Variable<T> variable, Operand<TInt32> ids) {
    long[] shape = variable.shape().asArray();
    shape[0] = -1;
    return tf.reshape(tf.resourceGather(handle(variable), ids, variable.dtype()),
        tf.constant(shape));
  }

  /**
   * Writes {@code rows} into the rows {@code ids} of {@code variable} ({@code
   * ResourceScatterUpdate}), after the step's read of it (if any); the other rows keep their
   * values. An id may repeat only with equal rows: which write lands is not defined.
   *
   * @param ids <int32>[n] row indices in [0, variable's first dimension)
   * @param rows <T>[n, ...] the new rows, shaped as the variable past its first dimension
   */
  public <T extends TType> Op scatterUpdate(Variable<T> variable, Operand<TInt32> ids,
      Operand<T> rows) {
    Ops scoped = tf;
    ReadVariableOp<?> read = readOps.get(variable.name());
    if (read != null) {
      scoped = tf.withControlDependencies(List.of(read));
    }
    Op a = scoped.resourceScatterUpdate(handle(variable), ids, rows);
    assigns.add(a);
    return a;
  }

  /** Returns {@code value} from the step under {@code name}, computed after all assignments. */
  public void output(String name, Operand<?> value) {
    if (outputs.containsKey(name)) {
      throw new IllegalArgumentException("output '" + name + "' declared twice");
    }
    outputs.put(name, value);
  }

  @Override
  public void recordLookup(Variable<?> table, Operand<TInt32> ids, Operand<?> rows) {
    lookups.add(new Lookup(table, tf.reshape(ids, tf.constant(new int[] {-1})), rows));
  }

  /** The lookups recorded so far, in order. */
  public List<Lookup> lookups() {
    return List.copyOf(lookups);
  }

  /**
   * The result of {@code collective} (an all-reduce or all-gather across the workers of a
   * data-parallel run) applied to {@code local}.
   *
   * <p>Where the collective goes: with {@link Jit#NONE}, or when XLA can compile collectives on
   * this device ({@code insideXla}), it is built here, inside the step's function, and the step
   * runs with a collective graph key. Otherwise ({@link Jit#XLA} on CPU, where TensorFlow refuses
   * "Collectives are not yet implemented for CPU devices when compiling with XLA") the value
   * returned is a boundary: a placeholder that {@link CompiledStep} feeds from the collective,
   * built in the main graph between two compiled computations, one computing everything up to
   * the collectives (forward, gradients), the other everything after them (the update).
   *
   * @param resultShape the collective's result shape (an all-gather's first dimension is the
   *     workers' rows together)
   * @param insideXla whether XLA compiles collectives on the device the step runs on
   */
  public Operand<TFloat32> acrossWorkers(Operand<TFloat32> local, Shape resultShape,
      StepCollective collective, boolean insideXla) {
    if (jit == Jit.NONE || insideXla) {
      collectives = true;
      return collective.build(body, tf, local);
    }
    Operand<TFloat32> boundary = tf.withName("boundary_" + boundaries.size())
        .placeholder(TFloat32.class, Placeholder.shape(resultShape));
    boundaries.add(new Boundary(local, boundary, collective));
    return boundary;
  }

  /**
   * A collective the step runs between its two compiled halves: {@code local} (computed by the
   * first) goes through {@code collective} and comes back as {@code placeholder} (read by the
   * second).
   */
  record Boundary(Operand<TFloat32> local, Operand<TFloat32> placeholder,
      StepCollective collective) {}

  List<Boundary> boundaries() {
    return boundaries;
  }

  boolean collectives() {
    return collectives;
  }

  List<Arg> args() {
    return args;
  }

  List<Op> assigns() {
    return assigns;
  }

  Map<String, Operand<?>> outputs() {
    return outputs;
  }
}
