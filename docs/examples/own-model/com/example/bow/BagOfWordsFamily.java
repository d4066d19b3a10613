package com.example.bow;

import dev.kiln.framework.config.Config;
import dev.kiln.models.ClassifierBuilder;
import dev.kiln.models.ModelFamily;
import dev.kiln.models.Preset;
import dev.kiln.models.Sst2Fields;
import java.util.List;
import java.util.Map;

/** Registers the model as {@code bag_of_words} and its preset {@code sst2-bag-of-words}. */
public final class BagOfWordsFamily implements ModelFamily {

  @Override
  public List<Preset> presets() {
    Config config = Sst2Fields.textClassifier("sst2-bag-of-words")
        .set("model", "bag_of_words")
        .set("optimizer", "adam")
        .set("learning_rate", 1e-3)
        .set("momentum", 0.0)
        .set("weight_decay", 0.0)
        .set("l2_reg", 0.0)
        .set("grad_clip_norm", 0.0)
        .build();
    return List.of(new Preset("sst2-bag-of-words",
        "mean of the word embeddings + Dense(1), Adam 1e-3", config));
  }

  @Override
  public Map<String, ClassifierBuilder> classifiers() {
    return Map.of("bag_of_words", BagOfWordsClassifier::new);
  }
}
