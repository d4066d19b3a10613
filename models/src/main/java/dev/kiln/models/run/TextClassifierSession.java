package dev.kiln.models.run;

import dev.kiln.framework.Jit;
import dev.kiln.framework.config.Config;
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
    return ModelSession.open(config.getInt("seed"), store -> {
      SequenceClassifier model = Models.classifier(config, store, vocabularySize);
      Optimizer optimizer = Optimizers.create(config, store, model);
      BinaryClassifierGraph compiled = new BinaryClassifierGraph(store.graph(), model, optimizer,
          BinaryLoss.parse(config.getString("loss")), config.getInt("batch_size"),
          sequenceLengths, Jit.parse(config.getString("jit")));
      return new ModelSession.Parts<>(optimizer, compiled,
          session -> new BinaryClassifierSteps(compiled, session));
    });
  }
}
