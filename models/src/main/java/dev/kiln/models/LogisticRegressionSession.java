package dev.kiln.models;

import dev.kiln.framework.Jit;
import dev.kiln.framework.Sessions;
import dev.kiln.framework.checkpoint.CheckpointIO;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.train.FeatureClassifierGraph;
import dev.kiln.framework.train.FeatureClassifierSteps;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.ParameterStore;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * A {@link LogisticRegression}'s graph and session, built from a config: the optimizer it names,
 * the compiled train and eval steps, checkpoint I/O over every variable. Training and evaluation
 * build it the same way, so a checkpoint of one restores into the other.
 */
final class LogisticRegressionSession implements AutoCloseable {
  private final Graph graph;
  private final FeatureClassifierGraph compiled;
  private final CheckpointIO checkpoints;
  private final Session session;
  private final Optimizer optimizer;
  private final Operand<TFloat32> weights;
  private final Operand<TFloat32> bias;
  private FeatureClassifierSteps steps;

  /** Builds the graph, starts a session and initialises every variable. */
  LogisticRegressionSession(Config config, int numFeatures) {
    this.graph = new Graph();
    try {
      ParameterStore store = new ParameterStore(graph, config.getInt("seed"));
      LogisticRegression model = new LogisticRegression(store, numFeatures);
      this.optimizer = Optimizers.create(config, store, model.l2Parameters());
      this.compiled = new FeatureClassifierGraph(graph, model, optimizer,
          config.getInt("batch_size"), Jit.parse(config.getString("jit")));
      DirectContext direct = new DirectContext(graph);
      this.weights = direct.read(model.weights());
      this.bias = direct.read(model.bias());
      this.checkpoints = new CheckpointIO(store);
      this.session = Sessions.create(graph, Runtime.getRuntime().availableProcessors(), 1);
      store.initialize(session);
      this.steps = new FeatureClassifierSteps(compiled, session);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  FeatureClassifierSteps steps() {
    return steps;
  }

  /** The learning rate the optimizer applies at the current global step. */
  double currentLearningRate() {
    return optimizer.learningRate(steps.globalStep());
  }

  CheckpointIO checkpoints() {
    return checkpoints;
  }

  Session session() {
    return session;
  }

  /** The serialized GraphDef, for TensorBoard's graph view. */
  byte[] graphDef() {
    return graph.toGraphDef().toByteArray();
  }

  /** Restores every variable from {@code prefix} and re-reads the global step. */
  FeatureClassifierSteps restore(Path prefix) {
    checkpoints.restore(session, prefix);
    steps = new FeatureClassifierSteps(compiled, session);
    return steps;
  }

  /** {@code <float32>[features]}: the current weight of each feature. */
  float[] weights() {
    try (Result result = session.runner().fetch(weights).run()) {
      TFloat32 tensor = (TFloat32) result.get(0);
      float[] values = new float[(int) tensor.size()];
      tensor.asRawTensor().data().asFloats().read(values);
      return values;
    }
  }

  /** The current bias. */
  float bias() {
    try (Result result = session.runner().fetch(bias).run()) {
      return ((TFloat32) result.get(0)).getFloat(0);
    }
  }

  @Override
  public void close() {
    session.close();
    compiled.close();
    graph.close();
  }
}
