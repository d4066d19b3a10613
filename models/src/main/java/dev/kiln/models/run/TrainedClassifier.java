package dev.kiln.models.run;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.Evaluation;
import java.util.List;

/**
 * A checkpoint of a training workdir, loaded with everything it was trained with ({@link
 * Classifiers#load}): evaluates splits and scores sentences.
 */
public interface TrainedClassifier extends AutoCloseable {

  /** The config the workdir was trained with. */
  Config config();

  /** Loss and accuracy over {@code examples} (labels 0 or 1). */
  Evaluation evaluate(List<LabelledText> examples);

  /** P(class 1) of each example, in the order given; labels are ignored. */
  float[] probabilities(List<LabelledText> examples);

  @Override
  void close();
}
