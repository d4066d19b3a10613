package dev.kiln.models;

import dev.kiln.framework.config.ConfigException;
import dev.kiln.models.cnn.ImdbPresets;
import dev.kiln.models.lstm.Sst2Presets;
import dev.kiln.models.tfidf.TfidfPresets;
import dev.kiln.models.transformer.TransformerPresets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every preset Kiln ships, by name, in the order {@code kiln presets} lists them. */
public final class Presets {
  private static final Map<String, Preset> PRESETS = new LinkedHashMap<>();

  static {
    for (Preset preset : Sst2Presets.all()) {
      PRESETS.put(preset.name(), preset);
    }
    for (Preset preset : TfidfPresets.all()) {
      PRESETS.put(preset.name(), preset);
    }
    for (Preset preset : ImdbPresets.all()) {
      PRESETS.put(preset.name(), preset);
    }
    for (Preset preset : TransformerPresets.all()) {
      PRESETS.put(preset.name(), preset);
    }
  }

  private Presets() {}

  public static List<Preset> all() {
    return List.copyOf(PRESETS.values());
  }

  /** The preset called {@code name}; an error that lists the known names if there is none. */
  public static Preset named(String name) {
    Preset preset = PRESETS.get(name);
    if (preset == null) {
      throw new ConfigException("unknown preset '" + name + "' (known: "
          + String.join(", ", PRESETS.keySet()) + ")");
    }
    return preset;
  }
}
