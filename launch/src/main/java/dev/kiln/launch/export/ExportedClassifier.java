package dev.kiln.launch.export;

import dev.kiln.launch.UserError;
import dev.kiln.launch.serve.ModelVersionDirs;
import dev.kiln.launch.serve.Servable;
import dev.kiln.launch.serve.ServingType;
import dev.kiln.launch.serve.TokenizingServable;
import dev.kiln.launch.serve.TensorValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A text classifier SavedModel written by {@link WorkdirExport}, scoring raw sentences: in the
 * graph, or in Java first for an export whose assets name a tokenizer ({@link TokenizingServable}).
 */
public final class ExportedClassifier implements AutoCloseable {
  private final Servable model;

  private ExportedClassifier(Servable model) {
    this.model = model;
  }

  /** One sentence's predicted class name and the probability of that class. */
  public record Prediction(String label, float probability) {}

  /**
   * Loads {@code path}: a SavedModel version directory, or a model base path whose highest
   * complete version is loaded.
   */
  public static ExportedClassifier load(Path path) {
    Path dir = path;
    if (!Files.isRegularFile(path.resolve(SavedModelWriter.SAVED_MODEL_FILE))) {
      if (!Files.isDirectory(path)) {
        throw new UserError(path + " is not a directory");
      }
      long version = ModelVersionDirs.latest(path).orElseThrow(() -> new UserError(path
          + " is neither a SavedModel nor a base path with a complete version"));
      dir = ModelVersionDirs.dir(path, version);
    }
    return new ExportedClassifier(TokenizingServable.load(dir));
  }

  /** The prediction for each of {@code sentences}, in order, from {@code serving_default}. */
  public List<Prediction> predict(List<String> sentences) {
    byte[][] utf8 = sentences.stream().map(s -> s.getBytes(StandardCharsets.UTF_8))
        .toArray(byte[][]::new);
    Map<String, TensorValue> outputs = model.predict(ServingGraph.SENTENCES_SIGNATURE, Map.of(
        "sentences", new TensorValue(ServingType.STRING, new long[] {utf8.length}, utf8)));
    float[] probabilities = (float[]) outputs.get("probabilities").elements();
    byte[][] labels = (byte[][]) outputs.get("label").elements();
    List<Prediction> predictions = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      predictions.add(new Prediction(new String(labels[i], StandardCharsets.UTF_8),
          Math.max(probabilities[2 * i], probabilities[2 * i + 1])));
    }
    return predictions;
  }

  @Override
  public void close() {
    model.close();
  }
}
