package dev.kiln.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFamiliesTest {

  @Test
  void kilnsOwnFamiliesAreFoundOnTheClassPathInTheirServicesFileOrder() {
    ModelFamilies families = ModelFamilies.onClasspath();
    assertEquals(List.of("sst2-lstm-2020", "sst2-rnn", "sst2-gru", "sst2-bilstm-attention",
            "sst2-tfidf-logreg", "imdb-cnn", "sst2-transformer", "sst2-transformer-mlm"),
        List.copyOf(families.presets().keySet()));
    assertEquals(List.of("lstm_classifier", "bilstm_attention", "cnn_classifier",
        "transformer_classifier"), List.copyOf(families.classifiers().keySet()));
  }

  @Test
  void aPresetOrModelDefinedTwiceIsRefusedNamingTheSecondFamily() {
    ModelFamily first = new Family("a", "m");
    ModelFamily presetAgain = new Family("a", "n");
    ModelFamily modelAgain = new Family("b", "m");

    ConfigException preset = assertThrows(ConfigException.class,
        () -> ModelFamilies.of(List.of(first, presetAgain)));
    assertEquals("preset a is defined twice on the classpath (again by "
        + Family.class.getName() + ")", preset.getMessage());
    ConfigException model = assertThrows(ConfigException.class,
        () -> ModelFamilies.of(List.of(first, modelAgain)));
    assertEquals("model m is defined twice on the classpath (again by "
        + Family.class.getName() + ")", model.getMessage());
  }

  /** One preset and one model, neither of which builds anything here. */
  private record Family(String preset, String model) implements ModelFamily {
    @Override
    public List<Preset> presets() {
      return List.of(new Preset(preset, "", Config.builder(preset).set("model", model).build()));
    }

    @Override
    public Map<String, ClassifierBuilder> classifiers() {
      return Map.of(model, (store, config, vocabularySize) -> {
        throw new UnsupportedOperationException();
      });
    }
  }
}
