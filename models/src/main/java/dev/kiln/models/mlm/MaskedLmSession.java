package dev.kiln.models.mlm;

import dev.kiln.framework.Jit;
import dev.kiln.framework.Sessions;
import dev.kiln.framework.checkpoint.CheckpointIO;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.optim.Adam;
import dev.kiln.framework.optim.AdamConfig;
import dev.kiln.framework.optim.LearningRateSchedule;
import dev.kiln.framework.variables.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A masked language model's graph and session, built from a config: the model, Adam over every
 * parameter ({@code pretrain_learning_rate}, linear warm-up over {@code pretrain_warmup_fraction}
 * of {@code pretrain_steps}, then cosine decay to 0 at the last step; {@code grad_clip_norm}),
 * compiled steps for each padded length, checkpoint I/O over every variable.
 */
final class MaskedLmSession implements AutoCloseable {
  private final Graph graph;
  private final ParameterStore store;
  private final Adam optimizer;
  private final MaskedLmGraph compiled;
  private final CheckpointIO checkpoints;
  private final Session session;

  MaskedLmSession(Config config, int vocabularySize, List<Integer> sequenceLengths,
      IntUnaryOperator predictionsPerRow) {
    this.graph = new Graph();
    try {
      this.store = new ParameterStore(graph, config.getInt("seed"));
      MaskedLanguageModel model = new MaskedLanguageModel(store, config, vocabularySize);
      this.optimizer = new Adam(store.scope("adam"), store.trainable(), List.of(),
          AdamConfig.defaults()
              .withLearningRate(config.getDouble("pretrain_learning_rate"))
              .withClipNorm(config.getDouble("grad_clip_norm")),
          schedule(config));
      this.compiled = new MaskedLmGraph(graph, model, optimizer,
          config.getInt("pretrain_batch_size"), sequenceLengths, predictionsPerRow,
          Jit.parse(config.getString("jit")));
      this.checkpoints = new CheckpointIO(store);
      this.session = Sessions.create(graph, Runtime.getRuntime().availableProcessors(), 1);
      store.initialize(session);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private static LearningRateSchedule schedule(Config config) {
    int steps = config.getInt("pretrain_steps");
    double fraction = config.getDouble("pretrain_warmup_fraction");
    if (steps < 1) {
      throw new ConfigException("config field pretrain_steps: must be positive, got " + steps);
    }
    if (!(fraction >= 0 && fraction < 1)) {
      throw new ConfigException(
          "config field pretrain_warmup_fraction: must be in [0, 1), got " + fraction);
    }
    return LearningRateSchedule.warmupCosine(Math.round(fraction * steps), steps, 0.0);
  }

  /** Steps bound to the session as it is now (initialised, or just restored). */
  MaskedLmSteps steps() {
    return new MaskedLmSteps(compiled, session);
  }

  double learningRate(long step) {
    return optimizer.learningRate(step);
  }

  CheckpointIO checkpoints() {
    return checkpoints;
  }

  Session session() {
    return session;
  }

  ParameterStore store() {
    return store;
  }

  byte[] graphDef() {
    return graph.toGraphDef().toByteArray();
  }

  /** Restores every variable from {@code prefix}; returns steps that see the restored count. */
  MaskedLmSteps restore(Path prefix) {
    checkpoints.restore(session, prefix);
    return steps();
  }

  @Override
  public void close() {
    session.close();
    compiled.close();
    graph.close();
  }
}
