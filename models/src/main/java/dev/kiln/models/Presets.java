package dev.kiln.models;

import dev.kiln.framework.config.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * Every preset on the classpath (Kiln's and those of users' {@link ModelFamily}s), by name, in the
 * order {@code kiln presets} lists them.
 */
public final class Presets {
  private Presets() {}

  public static List<Preset> all() {
    return List.copyOf(ModelFamilies.onClasspath().presets().values());
  }

  /** The preset called {@code name}; an error that lists the known names if there is none. */
  public static Preset named(String name) {
    Map<String, Preset> presets = ModelFamilies.onClasspath().presets();
    Preset preset = presets.get(name);
    if (preset == null) {
      throw new ConfigException("unknown preset '" + name + "' (known: "
          + String.join(", ", presets.keySet()) + ")");
    }
    return preset;
  }
}
