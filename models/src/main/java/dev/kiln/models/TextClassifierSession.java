package dev.kiln.models;

import dev.kiln.framework.Jit;
import dev.kiln.framework.Sessions;
import dev.kiln.framework.checkpoint.CheckpointIO;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.losses.BinaryLoss;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.train.BinaryClassifierGraph;
import dev.kiln.framework.train.BinaryClassifierSteps;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A text classifier's graph and session, built from a config: the model, optimizer and training
 * loss it names, compiled steps for each padded length, checkpoint I/O over every variable. Training and
 * evaluation build it the same way, so a checkpoint of one restores into the other.
 */
final class TextClassifierSession implements AutoCloseable {
  private final Graph graph;
  private final ParameterStore store;
  private final BinaryClassifierGraph compiled;
  private final CheckpointIO checkpoints;
  private final Session session;
  // Replaced by restore, so the learning rate TensorBoard logs follows the restored step.
  private BinaryClassifierSteps steps;
  private final Optimizer optimizer;

  /**
   * Builds the graph, starts a session and initialises every variable from {@code seed}.
   *
   * @param sequenceLengths the padded lengths batches come in
   */
  TextClassifierSession(Config config, int vocabularySize, List<Integer> sequenceLengths) {
    this.graph = new Graph();
    try {
      this.store = new ParameterStore(graph, config.getInt("seed"));
      SequenceClassifier model = Models.classifier(config, store, vocabularySize);
      this.optimizer = Optimizers.create(config, store, model);
      this.compiled = new BinaryClassifierGraph(graph, model, optimizer,
          BinaryLoss.parse(config.getString("loss")), config.getInt("batch_size"), sequenceLengths, Jit.parse(config.getString("jit")));
      this.checkpoints = new CheckpointIO(store);
      this.session = Sessions.create(graph, Runtime.getRuntime().availableProcessors(), 1);
      store.initialize(session);
      this.steps = new BinaryClassifierSteps(compiled, session);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  BinaryClassifierSteps steps() {
    return steps;
  }

  /** The learning rate the optimizer applies at the current global step. */
  double currentLearningRate() {
    return optimizer.learningRate(steps.globalStep());
  }

  ParameterStore store() {
    return store;
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
  BinaryClassifierSteps restore(Path prefix) {
    checkpoints.restore(session, prefix);
    steps = new BinaryClassifierSteps(compiled, session);
    return steps;
  }

  @Override
  public void close() {
    session.close();
    compiled.close();
    graph.close();
  }
}
