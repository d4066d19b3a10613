package dev.kiln.models;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.models.cnn.CnnClassifier;
import dev.kiln.models.lstm.BiLstmAttentionClassifier;
import dev.kiln.models.lstm.LstmClassifier;
import dev.kiln.models.transformer.TransformerClassifier;

/** Builds the model a config's {@code model} field names. */
public final class Models {
  private Models() {}

  /** The classifier for {@code config}, its variables created in {@code store}. */
  public static SequenceClassifier classifier(Config config, ParameterStore store, int vocabularySize) {
    String model = config.getString("model");
    return switch (model) {
      case "lstm_classifier" -> new LstmClassifier(store, config, vocabularySize);
      case "bilstm_attention" -> new BiLstmAttentionClassifier(store, config, vocabularySize);
      case "cnn_classifier" -> new CnnClassifier(store, config, vocabularySize);
      case "transformer_classifier" -> new TransformerClassifier(store, config, vocabularySize);
      default -> throw new ConfigException("config field model: unknown model '" + model
          + "' (known: lstm_classifier, bilstm_attention, cnn_classifier, transformer_classifier)");
    };
  }
}
