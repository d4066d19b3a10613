package dev.kiln.models.run;

import dev.kiln.framework.checkpoint.BestMetric;
import dev.kiln.framework.checkpoint.CheckpointPolicy;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every training run (classifiers of each kind, masked-LM pre-training) checks and records
 * in its workdir the same way: the refusal to start over a run that has checkpoints, the
 * resume-time batch count check, the checkpoint policy from the config, and the hyperparameters
 * TensorBoard shows.
 */
public final class RunWorkdir {
  /** The run's full configuration (preset + overrides), written before training. */
  public static final String CONFIG_FILE = "config.json";
  /** The run's TensorFlow checkpoints and their {@code state.json}. */
  public static final String CHECKPOINT_DIR = "checkpoints";

  private RunWorkdir() {}

  /**
   * @param checkpoints the workdir's checkpoint directory
   * @param instead what to do instead, ending the message ("train in another workdir")
   * @throws ConfigException if {@code checkpoints} holds a run's checkpoints already
   */
  public static void requireNoEarlierRun(Path checkpoints, String instead) throws IOException {
    if (CheckpointState.read(checkpoints).isPresent()) {
      throw new ConfigException(checkpoints + " holds the checkpoints of a run already; resume"
          + " it or " + instead);
    }
  }

  /**
   * @param batchesPerEpoch how many batches an epoch of the training data gives now
   * @throws ConfigException if the checkpoint's epochs had another number of batches
   */
  static void requireSameBatchesPerEpoch(CheckpointRecord checkpoint, int batchesPerEpoch) {
    int then = checkpoint.progress().batchesInEpoch();
    if (then != batchesPerEpoch) {
      throw new ConfigException("cannot resume from " + checkpoint.name() + ": its epochs had "
          + then + " batches, the training data now gives " + batchesPerEpoch
          + " (another dataset or batch_size?)");
    }
  }

  /** {@code checkpoint_every_steps}, {@code keep_checkpoints} and the given best metric. */
  public static CheckpointPolicy checkpointPolicy(Config config, BestMetric best) {
    return new CheckpointPolicy(config.getInt("checkpoint_every_steps"),
        config.getInt("keep_checkpoints"), best);
  }

  /** As above, the best metric being the config's {@code best_metric}. */
  static CheckpointPolicy checkpointPolicy(Config config) {
    return checkpointPolicy(config, BestMetric.named(config.getString("best_metric")));
  }

  /** The preset's name, then every config field, in order; callers may add entries. */
  public static Map<String, Object> hyperparameters(Config config) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("preset", config.preset());
    config.fields().forEach(field -> values.put(field, config.value(field)));
    return values;
  }
}
