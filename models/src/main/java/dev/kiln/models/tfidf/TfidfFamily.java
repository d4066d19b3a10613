package dev.kiln.models.tfidf;

import dev.kiln.models.ModelFamily;
import dev.kiln.models.Preset;
import java.util.List;

/**
 * Registers TF-IDF + logistic regression. Its model ({@value LogisticRegression#MODEL}) is not a
 * sequence classifier: {@code dev.kiln.models.run} trains it with a trainer of its own, so this
 * family registers presets only.
 */
public final class TfidfFamily implements ModelFamily {

  @Override
  public List<Preset> presets() {
    return TfidfPresets.all();
  }
}
