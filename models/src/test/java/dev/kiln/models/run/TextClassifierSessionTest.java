package dev.kiln.models.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.optim.LearningRateSchedule;
import dev.kiln.framework.train.BinaryClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.models.Presets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassifierSessionTest {

  /**
   * TensorBoard's learning_rate after a resume: the rate at the restored step, not at step 0 of
   * the steps the session held before the restore.
   */
  @Test
  void theLearningRateFollowsTheRestoredStep(@TempDir Path workdir) throws Exception {
    Config config = Presets.named("sst2-lstm-2020").config().withOverrides(List.of(
        "embedding_size=8", "hidden_size=8", "batch_size=16", "num_epochs=1", "min_freq=1",
        "max_input_length=16", "learning_rate=0.01", "lr_warmup_steps=5", "lr_decay_steps=100",
        "jit=none"));
    new TextClassifierTraining(config, workdir).run(TextClassifierTrainingTest.sentiments(160, 1),
        TextClassifierTrainingTest.sentiments(32, 2), List.of());
    Path checkpoints = workdir.resolve("checkpoints");
    CheckpointRecord latest = CheckpointState.read(checkpoints).orElseThrow().latest();
    int vocabularySize = ClassifierTokenizer.load(config, workdir).encoder().vocabularySize();

    try (ModelSession<BinaryClassifierSteps> session = TextClassifierSession.open(config, vocabularySize,
        List.of(16))) {
      assertEquals(0.0, session.currentLearningRate(), "warm-up starts at 0");
      BinaryClassifierSteps restored = session.restore(latest.prefix(checkpoints));
      long step = latest.progress().globalStep();
      assertTrue(step > 5, "past the warm-up: " + step);
      assertEquals(step, restored.globalStep());
      double expected = 0.01 * LearningRateSchedule.warmupCosine(5, 100, 0.0).factor(step);
      assertNotEquals(0.0, expected);
      assertEquals(expected, session.currentLearningRate(), 1e-12);
    }
  }
}
