package dev.kiln.models;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.ParameterStore;
import java.util.Map;

/** Builds the model a config's {@code model} field names, with the builder its family registered. */
public final class Models {
  private Models() {}

  /** The classifier for {@code config}, its variables created in {@code store}. */
  public static SequenceClassifier classifier(Config config, ParameterStore store, int vocabularySize) {
    String model = config.getString("model");
    Map<String, ClassifierBuilder> builders = ModelFamilies.onClasspath().classifiers();
    ClassifierBuilder builder = builders.get(model);
    if (builder == null) {
      throw new ConfigException("config field model: unknown model '" + model
          + "' (known: " + String.join(", ", builders.keySet()) + ")");
    }
    return builder.build(store, config, vocabularySize);
  }
}
