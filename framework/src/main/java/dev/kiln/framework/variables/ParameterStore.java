package dev.kiln.framework.variables;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The variables of one graph: named resource variables with shapes, dtypes and deterministic
 * initial values, in creation order.
 *
 * <pre>{@code
 * ParameterStore store = new ParameterStore(graph, 42);
 * Variable<TFloat32> k = store.scope("lstm").variable("kernel", TFloat32.class, Shape.of(256, 1024),
 *     Initializers.lecunNormal());            // name "lstm/kernel"
 * ...build everything...
 * store.initialize(session);                    // one run assigns every initial value
 * }</pre>
 *
 * <p>Initial values are computed on the JVM from {@code seed} and the variable's name, and fed to
 * one {@code AssignVariableOp} per variable: the same seed gives the same values in any graph.
 */
public final class ParameterStore {
  private final Graph graph;
  private final long seed;
  private final String prefix;
  private final Registry registry;

  private static final class Registry {
    final Map<String, Variable<?>> variables = new LinkedHashMap<>();
    final Map<String, Operand<?>> initialValues = new LinkedHashMap<>();
    final Map<String, Op> initializers = new LinkedHashMap<>();
  }

  /** A store for {@code graph}; every initial value derives from {@code seed}. */
  public ParameterStore(Graph graph, long seed) {
    this(graph, seed, "", new Registry());
  }

  private ParameterStore(Graph graph, long seed, String prefix, Registry registry) {
    this.graph = graph;
    this.seed = seed;
    this.prefix = prefix;
    this.registry = registry;
  }

  /** A view that prefixes names with {@code name + "/"}; variables land in the same store. */
  public ParameterStore scope(String name) {
    checkName(name);
    return new ParameterStore(graph, seed, prefix + name + "/", registry);
  }

  /** The graph the variables live in. */
  public Graph graph() {
    return graph;
  }

  /** Creates a trainable variable {@code <scope>/name}. */
  public <T extends TType> Variable<T> variable(String name, Class<T> dtype, Shape shape, Initializer init) {
    return create(name, dtype, shape, init, true);
  }

  /** Creates a non-trainable variable (optimizer slot, step counter, ...). */
  public <T extends TType> Variable<T> state(String name, Class<T> dtype, Shape shape, Initializer init) {
    return create(name, dtype, shape, init, false);
  }

  private <T extends TType> Variable<T> create(
      String name, Class<T> dtype, Shape shape, Initializer init, boolean trainable) {
    checkName(name);
    String full = prefix + name;
    if (registry.variables.containsKey(full)) {
      throw new IllegalArgumentException("variable '" + full + "' already exists");
    }
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("variable '" + full + "' needs a fully known shape, got " + shape);
    }
    Ops tf = Ops.create(graph);
    String[] parts = full.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      tf = tf.withSubScope(parts[i]);
    }
    String leaf = parts[parts.length - 1];
    Operand<?> handle = tf.withName(leaf).varHandleOp(dtype, shape, VarHandleOp.sharedName(full));
    Operand<T> initial = tf.withName(leaf + "_initial_value").placeholder(dtype,
        org.tensorflow.op.core.Placeholder.shape(shape));
    Op assign = tf.withName(leaf + "_initialize").assignVariableOp(handle, initial);
    Variable<T> v = new Variable<>(full, dtype, shape, init, trainable, handle);
    registry.variables.put(full, v);
    registry.initialValues.put(full, initial);
    registry.initializers.put(full, assign);
    return v;
  }

  /** Every variable of the store (all scopes), in creation order. */
  public List<Variable<?>> all() {
    return Collections.unmodifiableList(new ArrayList<>(registry.variables.values()));
  }

  /** The trainable variables, in creation order. */
  public List<Variable<?>> trainable() {
    return registry.variables.values().stream().filter(Variable::trainable).toList();
  }

  /** The variable with this full name; the error lists the names that exist. */
  public Variable<?> get(String fullName) {
    Variable<?> v = registry.variables.get(fullName);
    if (v == null) {
      throw new IllegalArgumentException("no variable '" + fullName + "'; have " + registry.variables.keySet());
    }
    return v;
  }

  /** Assigns every variable its initial value, in one session run. */
  public void initialize(Session session) {
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Variable<?> v : registry.variables.values()) {
        SplittableRandom random = new SplittableRandom(seed ^ fnv1a64(v.name()));
        Tensor t = tensorOf(v.dtype(), v.shape(), v.initializer().values(v.shape(), random));
        tensors.add(t);
        runner.feed(registry.initialValues.get(v.name()), t);
      }
      registry.initializers.values().forEach(runner::addTarget);
      runner.run().close();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /**
   * Assigns each variable of {@code values} its tensor, in one session run, through the same ops
   * as {@link #initialize}: to start some variables from values other than their initial ones
   * (a pre-trained checkpoint's). The caller keeps ownership of the tensors.
   *
   * @throws IllegalArgumentException if a variable is not of this store, or a tensor's dtype or
   *     shape is not its variable's
   */
  public void assign(Session session, Map<Variable<?>, Tensor> values) {
    Session.Runner runner = session.runner();
    for (Map.Entry<Variable<?>, Tensor> entry : values.entrySet()) {
      Variable<?> v = entry.getKey();
      Tensor t = entry.getValue();
      if (registry.variables.get(v.name()) != v) {
        throw new IllegalArgumentException("variable '" + v.name() + "' is not in this store");
      }
      Class<?> type = t instanceof TType typed ? typed.type() : t.getClass();
      if (type != v.dtype() || !t.shape().equals(v.shape())) {
        throw new IllegalArgumentException("variable '" + v.name() + "' is " + v.dtype().getSimpleName()
            + v.shape() + ", the value " + type.getSimpleName() + t.shape());
      }
      runner.feed(registry.initialValues.get(v.name()), t);
      runner.addTarget(registry.initializers.get(v.name()));
    }
    if (!values.isEmpty()) {
      runner.run().close();
    }
  }

  /** A tensor of {@code dtype} holding {@code values} (row-major); float32/64 and int32/64. */
  public static Tensor tensorOf(Class<? extends TType> dtype, Shape shape, double[] values) {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException("expected " + shape.size() + " values for " + shape + ", got " + values.length);
    }
    if (dtype == TFloat32.class) {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      return TFloat32.tensorOf(shape, DataBuffers.of(f, true, false));
    } else if (dtype == TFloat64.class) {
      return TFloat64.tensorOf(shape, DataBuffers.of(values, true, false));
    } else if (dtype == TInt32.class) {
      int[] a = new int[values.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = (int) values[i];
      }
      return TInt32.tensorOf(shape, DataBuffers.of(a, true, false));
    } else if (dtype == TInt64.class) {
      long[] a = new long[values.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = (long) values[i];
      }
      return TInt64.tensorOf(shape, DataBuffers.of(a, true, false));
    }
    throw new IllegalArgumentException("unsupported variable dtype " + dtype.getSimpleName());
  }

  private static void checkName(String name) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*(/[A-Za-z0-9][A-Za-z0-9_.\\-]*)*")) {
      throw new IllegalArgumentException("bad variable or scope name '" + name + "'");
    }
  }

  private static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
