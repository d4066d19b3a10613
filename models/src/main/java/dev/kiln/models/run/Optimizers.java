package dev.kiln.models.run;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.optim.Adam;
import dev.kiln.framework.optim.AdamConfig;
import dev.kiln.framework.optim.LearningRateSchedule;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.optim.Sgd;
import dev.kiln.framework.optim.SgdConfig;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;

/** Builds the optimizer a config's {@code optimizer} field names, over every trainable parameter. */
public final class Optimizers {
  private Optimizers() {}

  /**
   * Config fields: {@code optimizer} ({@code adam}; {@code lazy_adam}, Adam updating an embedding
   * table only in the rows a batch looks up, see {@link AdamConfig#lazyRows}; or {@code sgd}),
   * {@code learning_rate}, {@code momentum} and {@code weight_decay} (sgd), {@code l2_reg} (on the model's {@link
   * SequenceClassifier#l2Parameters}), {@code grad_clip_norm} (0 = off), {@code lr_warmup_steps}
   * and {@code lr_decay_steps} (a warmup-cosine schedule to 0 when decay steps > 0, else constant).
   */
  public static Optimizer create(Config config, ParameterStore store, SequenceClassifier model) {
    return create(config, store, model.l2Parameters());
  }

  /** As {@link #create(Config, ParameterStore, SequenceClassifier)}, L2 on {@code l2Parameters}. */
  public static Optimizer create(Config config, ParameterStore store,
      List<Variable<?>> l2Parameters) {
    String name = config.getString("optimizer");
    return switch (name) {
      // lazy_adam keeps adam's variable names, so a checkpoint of one resumes under the other.
      case "adam", "lazy_adam" -> new Adam(store.scope("adam"), store.trainable(), l2Parameters,
          AdamConfig.defaults()
              .withLearningRate(config.getDouble("learning_rate"))
              .withL2(config.getDouble("l2_reg"))
              .withClipNorm(config.getDouble("grad_clip_norm"))
              .withLazyRows(name.equals("lazy_adam")),
          schedule(config));
      case "sgd" -> new Sgd(store.scope("sgd"), store.trainable(), l2Parameters,
          new SgdConfig(config.getDouble("learning_rate"), config.getDouble("momentum"),
              config.getDouble("weight_decay"), config.getDouble("l2_reg"),
              config.getDouble("grad_clip_norm")),
          schedule(config));
      default -> throw new ConfigException(
          "config field optimizer: unknown optimizer '" + name + "' (known: adam, lazy_adam, sgd)");
    };
  }

  private static LearningRateSchedule schedule(Config config) {
    int warmup = config.getInt("lr_warmup_steps");
    int decay = config.getInt("lr_decay_steps");
    if (decay == 0) {
      if (warmup != 0) {
        throw new ConfigException("config field lr_warmup_steps: a warmup needs lr_decay_steps"
            + " (the step where the cosine decay ends), got 0");
      }
      return LearningRateSchedule.constant();
    }
    if (warmup < 0 || decay <= warmup) {
      throw new ConfigException("config fields lr_warmup_steps (" + warmup + ") and"
          + " lr_decay_steps (" + decay + "): need 0 <= warmup < decay");
    }
    return LearningRateSchedule.warmupCosine(warmup, decay, 0.0);
  }
}
