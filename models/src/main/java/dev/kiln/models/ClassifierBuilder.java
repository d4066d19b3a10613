package dev.kiln.models;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.ParameterStore;

/**
 * Makes a model family's {@link SequenceClassifier} from a config: usually its constructor, as
 * {@code LstmClassifier::new}.
 */
@FunctionalInterface
public interface ClassifierBuilder {

  /**
   * @param store where the model creates its variables
   * @param config the run's config: the model's fields and every other
   * @param vocabularySize how many token ids there are (ids are below it)
   */
  SequenceClassifier build(ParameterStore store, Config config, int vocabularySize);
}
