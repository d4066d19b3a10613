package dev.kiln.models;

import java.util.List;
import java.util.Map;

/**
 * A family of models and the presets that train them: Kiln's own ({@code lstm}, {@code cnn},
 * {@code tfidf}, {@code transformer}) and any a user puts on the classpath.
 *
 * <p>Kiln finds every family with {@link java.util.ServiceLoader}: a jar names its
 * implementations, one class name a line, in {@code META-INF/services/dev.kiln.models.ModelFamily},
 * and each needs a public no-argument constructor. Their presets then appear in {@code ./kiln
 * presets} and train with {@code ./kiln train --preset NAME}; a preset's {@code model} field names
 * the builder ({@link #classifiers}) that makes its graph.
 */
public interface ModelFamily {

  /** The presets this family ships, in the order {@code ./kiln presets} lists them. */
  List<Preset> presets();

  /**
   * The sequence classifiers this family builds, by the value of the config's {@code model} field.
   * None (the default) for a family whose models are not sequence classifiers (TF-IDF + logistic
   * regression, which has its own trainer).
   */
  default Map<String, ClassifierBuilder> classifiers() {
    return Map.of();
  }
}
