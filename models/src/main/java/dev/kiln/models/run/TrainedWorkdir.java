package dev.kiln.models.run;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.models.Presets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads what {@link TextClassifierTraining} wrote into a workdir. */
public final class TrainedWorkdir {
  private TrainedWorkdir() {}

  /**
   * {@code workdir}'s {@code config.json}, over the defaults of the preset it names.
   *
   * @throws ConfigException if there is no config.json (nothing was trained there)
   */
  public static Config config(Path workdir) throws IOException {
    Path configFile = workdir.resolve(RunWorkdir.CONFIG_FILE);
    String json;
    try {
      json = Files.readString(configFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("no trained model in " + workdir + ": " + configFile
          + " not found (train one with ./kiln train --workdir " + workdir + ")");
    }
    String source = configFile.toString();
    return Config.fromJson(json, Presets.named(Config.presetOf(json, source)).config(), source);
  }
}
