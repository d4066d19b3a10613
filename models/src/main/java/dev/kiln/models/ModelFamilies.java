package dev.kiln.models;

import dev.kiln.framework.config.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.WeakHashMap;

/**
 * Every {@link ModelFamily} on the classpath, found by {@link ServiceLoader}, with their presets and
 * classifier builders by name. {@link Presets} and {@link Models} answer from it.
 */
public final class ModelFamilies {
  private static final Map<ClassLoader, ModelFamilies> LOADED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Map<String, Preset> presets = new LinkedHashMap<>();
  private final Map<String, ClassifierBuilder> classifiers = new LinkedHashMap<>();

  private ModelFamilies(Iterable<ModelFamily> families) {
    for (ModelFamily family : families) {
      for (Preset preset : family.presets()) {
        if (presets.putIfAbsent(preset.name(), preset) != null) {
          throw new ConfigException("preset " + preset.name() + " is defined twice on the"
              + " classpath (again by " + family.getClass().getName() + ")");
        }
      }
      family.classifiers().forEach((model, builder) -> {
        if (classifiers.putIfAbsent(model, builder) != null) {
          throw new ConfigException("model " + model + " is defined twice on the classpath (again"
              + " by " + family.getClass().getName() + ")");
        }
      });
    }
  }

  /**
   * The families the current thread's context class loader sees (Kiln's own and those of the jars
   * on the classpath), loaded once per class loader.
   */
  public static ModelFamilies onClasspath() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ClassLoader effective = loader != null ? loader : ModelFamilies.class.getClassLoader();
    return LOADED.computeIfAbsent(effective,
        l -> new ModelFamilies(ServiceLoader.load(ModelFamily.class, l)));
  }

  /** The given families, in order, as {@link #onClasspath} would combine them. */
  public static ModelFamilies of(List<ModelFamily> families) {
    return new ModelFamilies(families);
  }

  /** Every preset, by name, in the families' order. */
  public Map<String, Preset> presets() {
    return Collections.unmodifiableMap(presets);
  }

  /** Every classifier builder, by the config's {@code model} value, in the families' order. */
  public Map<String, ClassifierBuilder> classifiers() {
    return Collections.unmodifiableMap(classifiers);
  }
}
