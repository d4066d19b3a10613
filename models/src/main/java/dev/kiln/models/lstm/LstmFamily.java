package dev.kiln.models.lstm;

import dev.kiln.models.ClassifierBuilder;
import dev.kiln.models.ModelFamily;
import dev.kiln.models.Preset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the LSTM family on SST-2: the 2020 Flax LSTM (and its GRU and Elman RNN cells) and
 * the current Flax BiLSTM with attention.
 */
public final class LstmFamily implements ModelFamily {

  @Override
  public List<Preset> presets() {
    return Sst2Presets.all();
  }

  @Override
  public Map<String, ClassifierBuilder> classifiers() {
    Map<String, ClassifierBuilder> builders = new LinkedHashMap<>();
    builders.put("lstm_classifier", LstmClassifier::new);
    builders.put("bilstm_attention", BiLstmAttentionClassifier::new);
    return builders;
  }
}
