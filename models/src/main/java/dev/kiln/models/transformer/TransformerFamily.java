package dev.kiln.models.transformer;

import dev.kiln.models.ClassifierBuilder;
import dev.kiln.models.ModelFamily;
import dev.kiln.models.Preset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the Transformer encoder classifier, trained from scratch or fine-tuned from
 * masked-LM pre-training.
 */
public final class TransformerFamily implements ModelFamily {

  @Override
  public List<Preset> presets() {
    return TransformerPresets.all();
  }

  @Override
  public Map<String, ClassifierBuilder> classifiers() {
    Map<String, ClassifierBuilder> builders = new LinkedHashMap<>();
    builders.put("transformer_classifier", TransformerClassifier::new);
    return builders;
  }
}
