package dev.kiln.framework.train;

import dev.kiln.framework.Sessions;
import dev.kiln.framework.checkpoint.CheckpointIO;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.nio.file.Path;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A model's graph and session: the variables, the optimizer and compiled steps a model builds into
 * them, checkpoint I/O over every variable, and the {@link TrainingSteps} bound to the session.
 * Training and evaluation open a model's session the same way, so a checkpoint of one restores
 * into the other.
 *
 * <pre>{@code
 * try (ModelSession<BinaryClassifierSteps> model = ModelSession.open(seed, store -> {
 *   Optimizer optimizer = ...;
 *   BinaryClassifierGraph compiled = new BinaryClassifierGraph(store.graph(), ...);
 *   return new ModelSession.Parts<>(optimizer, compiled, s -> new BinaryClassifierSteps(compiled, s));
 * })) { ... }
 * }</pre>
 *
 * @param <S> the steps the model's compiled graph runs
 */
public final class ModelSession<S extends TrainingSteps<?>> implements AutoCloseable {
  /**
   * What a model builds into the session's graph.
   *
   * @param compiled its compiled steps, closed with the session
   * @param bindSteps binds the steps to a session whose variables are initialised or restored
   */
  public record Parts<S>(Optimizer optimizer, AutoCloseable compiled,
      Function<Session, S> bindSteps) {}

  private final Graph graph;
  private final ParameterStore store;
  private final Parts<S> parts;
  private final CheckpointIO checkpoints;
  private final Session session;
  // Replaced by restore, so the learning rate TensorBoard logs follows the restored step.
  private S steps;

  private ModelSession(Graph graph, ParameterStore store, Parts<S> parts,
      Function<Graph, Session> sessions) {
    this.graph = graph;
    this.store = store;
    this.parts = parts;
    this.checkpoints = new CheckpointIO(store);
    this.session = sessions.apply(graph);
    store.initialize(session);
    this.steps = parts.bindSteps().apply(session);
  }

  /**
   * Builds a fresh graph with {@code build}, starts a session and initialises every variable from
   * {@code seed}.
   */
  public static <S extends TrainingSteps<?>> ModelSession<S> open(long seed,
      Function<ParameterStore, Parts<S>> build) {
    return open(seed, build,
        graph -> Sessions.create(graph, Runtime.getRuntime().availableProcessors(), 1));
  }

  /**
   * As above, the session made by {@code sessions} (a data-parallel worker's, on its TensorFlow
   * server).
   */
  public static <S extends TrainingSteps<?>> ModelSession<S> open(long seed,
      Function<ParameterStore, Parts<S>> build, Function<Graph, Session> sessions) {
    Graph graph = new Graph();
    try {
      ParameterStore store = new ParameterStore(graph, seed);
      return new ModelSession<>(graph, store, build.apply(store), sessions);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The steps bound to the session as it is now (initialised, or last restored). */
  public S steps() {
    return steps;
  }

  /** Restores every variable from {@code prefix}; returns steps that see the restored step. */
  public S restore(Path prefix) {
    checkpoints.restore(session, prefix);
    steps = parts.bindSteps().apply(session);
    return steps;
  }

  /**
   * {@link #restore}, closing this session if it fails (a checkpoint of another model, say): for
   * a session opened only to hold a trained model.
   */
  public S restoreOrClose(Path prefix) {
    try {
      return restore(prefix);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The learning rate the optimizer applies at the current global step. */
  public double currentLearningRate() {
    return parts.optimizer().learningRate(steps.globalStep());
  }

  /** What the model built into the graph: its compiled steps. */
  public AutoCloseable compiled() {
    return parts.compiled();
  }

  public ParameterStore store() {
    return store;
  }

  public CheckpointIO checkpoints() {
    return checkpoints;
  }

  public Session session() {
    return session;
  }

  /** The graph the model is built in. */
  public Graph graph() {
    return graph;
  }

  /**
   * SHA-256 of every variable's value, in the store's order: equal on two sessions exactly when
   * they hold the same parameters and optimizer state. Adds read ops to the graph.
   */
  public String variablesHash() {
    Ops tf = Ops.create(graph);
    var digest = com.google.common.hash.Hashing.sha256().newHasher();
    for (Variable<?> variable : store.all()) {
      var read = tf.readVariableOp(variable.handle(), variable.dtype());
      try (Result result = session.runner().fetch(read).run()) {
        var data = result.get(0).asRawTensor().data();
        byte[] bytes = new byte[(int) data.size()];
        data.read(bytes);
        digest.putString(variable.name(), java.nio.charset.StandardCharsets.UTF_8).putBytes(bytes);
      }
    }
    return digest.hash().toString();
  }

  /** The serialized GraphDef, for TensorBoard's graph view. */
  public byte[] graphDef() {
    return graph.toGraphDef().toByteArray();
  }

  /**
   * The current values of the store's float variable {@code name}, flattened. Adds a read op to
   * the graph on each call: for inspecting a trained model, not for a training loop.
   */
  public float[] values(String name) {
    Variable<?> variable = store.get(name);
    if (variable.dtype() != TFloat32.class) {
      throw new IllegalArgumentException(name + " holds " + variable.dtype().getSimpleName()
          + ", not float32");
    }
    var read = Ops.create(graph).readVariableOp(variable.handle(), TFloat32.class);
    try (Result result = session.runner().fetch(read).run()) {
      TFloat32 tensor = (TFloat32) result.get(0);
      float[] values = new float[(int) tensor.size()];
      tensor.asRawTensor().data().asFloats().read(values);
      return values;
    }
  }

  /**
   * The current value of the store's variable {@code name}: its elements' bytes in the host's
   * order (little-endian here), row-major, whatever its type. Adds a read op to the graph on each
   * call, like {@link #values}.
   */
  public byte[] rawValues(String name) {
    Variable<?> variable = store.get(name);
    var read = Ops.create(graph).readVariableOp(variable.handle(), variable.dtype());
    try (Result result = session.runner().fetch(read).run()) {
      var data = result.get(0).asRawTensor().data();
      byte[] bytes = new byte[Math.toIntExact(data.size())];
      data.read(bytes);
      return bytes;
    }
  }

  @Override
  public void close() {
    session.close();
    try {
      parts.compiled().close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the compiled steps", e);
    } finally {
      graph.close();
    }
  }
}
