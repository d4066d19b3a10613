package dev.kiln.models.run;

import dev.kiln.framework.Jit;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.optim.Adam;
import dev.kiln.framework.optim.AdamConfig;
import dev.kiln.framework.optim.LearningRateSchedule;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.models.transformer.mlm.MaskedLanguageModel;
import dev.kiln.models.transformer.mlm.MaskedLmGraph;
import dev.kiln.models.transformer.mlm.MaskedLmSteps;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Opens a masked language model's {@link ModelSession} from a config: the model, Adam over every
 * parameter ({@code pretrain_learning_rate}, linear warm-up over {@code pretrain_warmup_fraction}
 * of {@code pretrain_steps}, then cosine decay to 0 at the last step; {@code grad_clip_norm}),
 * compiled steps for each padded length.
 */
final class MaskedLmSession {
  private MaskedLmSession() {}

  /**
   * @param sequenceLengths the padded lengths batches come in
   * @param predictionsPerRow the prediction slots of a row of each length
   */
  static ModelSession<MaskedLmSteps> open(Config config, int vocabularySize,
      List<Integer> sequenceLengths, IntUnaryOperator predictionsPerRow) {
    return ModelSession.open(config.getInt("seed"), store -> {
      MaskedLanguageModel model = new MaskedLanguageModel(store, config, vocabularySize);
      Adam optimizer = new Adam(store.scope("adam"), store.trainable(), List.of(),
          AdamConfig.defaults()
              .withLearningRate(config.getDouble("pretrain_learning_rate"))
              .withClipNorm(config.getDouble("grad_clip_norm")),
          schedule(config));
      MaskedLmGraph compiled = new MaskedLmGraph(store.graph(), model, optimizer,
          config.getInt("pretrain_batch_size"), sequenceLengths, predictionsPerRow,
          Jit.parse(config.getString("jit")));
      return new ModelSession.Parts<>(optimizer, compiled,
          session -> new MaskedLmSteps(compiled, session));
    });
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
}
