package dev.kiln.models.run;

import dev.kiln.framework.Jit;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.distribute.DataParallel;
import dev.kiln.framework.train.DataParallelShard;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.losses.BinaryLoss;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.train.BinaryClassifierGraph;
import dev.kiln.framework.train.BinaryClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.models.Models;
import java.util.List;

/**
 * Opens a text classifier's {@link ModelSession} from a config: the model, optimizer and training
 * loss it names, compiled steps for each padded length.
 */
final class TextClassifierSession {
  private TextClassifierSession() {}

  /** @param sequenceLengths the padded lengths batches come in */
  static ModelSession<BinaryClassifierSteps> open(Config config, int vocabularySize,
      List<Integer> sequenceLengths) {
    return ModelSession.open(config.getInt("seed"),
        store -> parts(config, vocabularySize, sequenceLengths, store, null));
  }

  /**
   * As above for one worker of a data-parallel run: train steps on its share of each batch
   * ({@link DataParallelShard}), in a session on its TensorFlow server. Under {@code jit=xla}
   * each train step is two XLA computations with the collectives between them ({@link
   * dev.kiln.framework.step.CompiledStep}).
   */
  static ModelSession<BinaryClassifierSteps> open(Config config, int vocabularySize,
      List<Integer> sequenceLengths, DataParallel workers) {
    DataParallelShard shard = new DataParallelShard(workers, workers.cluster().rank());
    shard.rows(config.getInt("batch_size"));
    return ModelSession.open(config.getInt("seed"),
        store -> parts(config, vocabularySize, sequenceLengths, store, shard), workers::session);
  }

  private static ModelSession.Parts<BinaryClassifierSteps> parts(Config config,
      int vocabularySize, List<Integer> sequenceLengths, ParameterStore store,
      DataParallelShard shard) {
    SequenceClassifier model = Models.classifier(config, store, vocabularySize);
    Optimizer optimizer = Optimizers.create(config, store, model);
    BinaryClassifierGraph compiled = new BinaryClassifierGraph(store.graph(), model, optimizer,
        BinaryLoss.parse(config.getString("loss")), config.getInt("batch_size"),
        sequenceLengths, Jit.parse(config.getString("jit")), shard);
    return new ModelSession.Parts<>(optimizer, compiled,
        session -> new BinaryClassifierSteps(compiled, session));
  }
}
