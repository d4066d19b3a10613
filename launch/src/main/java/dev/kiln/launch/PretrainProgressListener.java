package dev.kiln.launch;

import dev.kiln.framework.train.EpochResult;
import dev.kiln.framework.train.ProgressDisplay;
import dev.kiln.framework.train.TrainingListener;
import java.util.Locale;

/**
 * Shows masked-LM pre-training progress: each round of steps as the display's "epoch", and at
 * its end the masked-LM losses and the held-out masked-token accuracy.
 */
final class PretrainProgressListener implements TrainingListener {
  private final ProgressDisplay display;

  PretrainProgressListener(ProgressDisplay display) {
    this.display = display;
  }

  @Override
  public void onEpochStart(int round, int rounds, int stepsInRound) {
    display.startEpoch(round, rounds, stepsInRound);
  }

  @Override
  public void onStepEnd(int stepsDone, double meanLoss, long predictionsDone) {
    display.update(stepsDone, meanLoss, predictionsDone);
  }

  @Override
  public void onEpochEnd(EpochResult r) {
    display.endEpoch(String.format(Locale.ROOT,
        "step %d: mlm_loss %.4f masked_accuracy %.2f%%, eval mlm_loss %.4f masked_accuracy"
            + " %.2f%% (%.1f s, %.0f masked tokens/s)",
        r.step(), r.trainLoss(), 100 * r.trainAccuracy(), r.evalLoss(), 100 * r.evalAccuracy(),
        r.epochSeconds(), r.examplesPerSecond()));
  }
}
