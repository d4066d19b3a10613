package dev.kiln.models;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.train.Trainer;
import dev.kiln.framework.train.TrainingListener;
import java.io.IOException;
import java.util.List;

/**
 * Trains a binary text classifier from a config into a workdir ({@link Classifiers#training}
 * chooses the implementation by the config's {@code model}).
 */
public interface ClassifierTraining {

  /**
   * @param train the training examples (labels 0 or 1)
   * @param eval the evaluation examples (labels 0 or 1)
   * @param listeners progress, logging: called by the training loop
   */
  Trainer.History run(List<LabelledText> train, List<LabelledText> eval,
      List<TrainingListener> listeners) throws IOException;

  /**
   * Continues the workdir's run from {@code checkpoint}, one of its checkpoints taken with this
   * config on the same examples, through {@code num_epochs}.
   *
   * @return the epochs finished by this call
   */
  Trainer.History resume(List<LabelledText> train, List<LabelledText> eval,
      List<TrainingListener> listeners, CheckpointRecord checkpoint) throws IOException;
}
