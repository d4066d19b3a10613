package dev.kiln.models.run;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.train.Trainer;
import dev.kiln.framework.train.TrainingListener;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Trains a binary text classifier from a config into a workdir ({@link Classifiers#training}
 * chooses the implementation by the config's {@code model}).
 */
public interface ClassifierTraining {

  /**
   * Trains a new run, or continues the workdir's run from {@code from}: one of its checkpoints,
   * taken with this config on the same examples, through {@code num_epochs}.
   *
   * @param train the training examples (labels 0 or 1)
   * @param eval the evaluation examples (labels 0 or 1)
   * @param listeners progress, logging: called by the training loop
   * @return the epochs finished by this call
   */
  Trainer.History train(List<LabelledText> train, List<LabelledText> eval,
      List<TrainingListener> listeners, Optional<CheckpointRecord> from) throws IOException;

  /** A new run: {@link #train} from no checkpoint. */
  default Trainer.History run(List<LabelledText> train, List<LabelledText> eval,
      List<TrainingListener> listeners) throws IOException {
    return train(train, eval, listeners, Optional.empty());
  }

  /** The workdir's run continued from {@code checkpoint}: {@link #train} from it. */
  default Trainer.History resume(List<LabelledText> train, List<LabelledText> eval,
      List<TrainingListener> listeners, CheckpointRecord checkpoint) throws IOException {
    return train(train, eval, listeners, Optional.of(checkpoint));
  }
}
