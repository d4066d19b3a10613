package dev.kiln.models.cnn;

import dev.kiln.models.ClassifierBuilder;
import dev.kiln.models.ModelFamily;
import dev.kiln.models.Preset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the IMDB 1D CNN of the JAX AI Stack tutorial.
 */
public final class CnnFamily implements ModelFamily {

  @Override
  public List<Preset> presets() {
    return ImdbPresets.all();
  }

  @Override
  public Map<String, ClassifierBuilder> classifiers() {
    Map<String, ClassifierBuilder> builders = new LinkedHashMap<>();
    builders.put("cnn_classifier", CnnClassifier::new);
    return builders;
  }
}
