package dev.kiln.launch.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.tokenizers.Gpt2Encoder;
import dev.kiln.launch.serve.ExportTokenizer;
import dev.kiln.launch.serve.SavedModelServable;
import dev.kiln.launch.serve.ServingType;
import dev.kiln.launch.serve.SignatureSpec;
import dev.kiln.launch.serve.TensorValue;
import dev.kiln.models.run.TrainedTextClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny imdb-cnn (GPT-2 ids) exported: the SavedModel takes token ids, its assets name the
 * tokenizer, and Java tokenization in front of it gives what the training graph gives.
 */
class Gpt2ExportTest {
  @TempDir static Path temp;
  static Path workdir;
  static Path version;
  static float[] trained;

  @BeforeAll
  static void trainAndExport() throws Exception {
    workdir = temp.resolve("workdir");
    ExportedModels.trainGpt2Cnn(workdir);
    version = WorkdirExport.export(workdir, "best", ExportedModels.labelsFile(temp),
        temp.resolve("models"), OptionalLong.empty());
    try (TrainedTextClassifier model = TrainedTextClassifier.load(workdir)) {
      trained = model.probabilities(
          ExportedModels.SENTENCES.stream().map(s -> new LabelledText(s, -1, 0)).toList());
    }
  }

  @Test
  void theExportNamesItsTokenizerAndBothSignaturesTakeTokenIds() throws Exception {
    for (String file : List.of("assets/config.json", "assets/label.labels.txt",
        "assets/tokenizer.json", "saved_model.pb")) {
      assertTrue(Files.isRegularFile(version.resolve(file)), file);
    }
    assertFalse(Files.exists(version.resolve("assets/vocab.txt")));
    JsonObject record = JsonParser.parseString(
        Files.readString(version.resolve("assets/tokenizer.json"))).getAsJsonObject();
    assertEquals("gpt2", record.get("tokenizer").getAsString());
    assertEquals("r50k_base", record.get("encoding").getAsString());
    assertEquals(ExportedModels.MAX_INPUT_LENGTH, record.get("max_length").getAsInt());
    assertEquals("token_ids", record.get("signature").getAsString());
    assertEquals(new ExportTokenizer("gpt2", ExportedModels.MAX_INPUT_LENGTH),
        ExportTokenizer.read(version).orElseThrow());

    // What TensorFlow Serving sees: no string input anywhere.
    try (SavedModelServable model = SavedModelServable.load(version)) {
      for (String key : List.of("serving_default", "token_ids")) {
        SignatureSpec signature = model.signatures().get(key);
        assertEquals(List.of("lengths", "token_ids"), List.copyOf(signature.inputs().keySet()), key);
        assertArrayEquals(new long[] {-1, ExportedModels.MAX_INPUT_LENGTH},
            signature.inputs().get("token_ids").dims().orElseThrow(), key);
        assertEquals("tensorflow/serving/predict", signature.methodName());
      }
    }
  }

  /** kiln predict's path: raw text, tokenized in Java, through the export; = the training graph. */
  @Test
  void predictionsFromRawTextAreTheTrainingGraphs() {
    try (ExportedClassifier classifier = ExportedClassifier.load(version.getParent())) {
      List<ExportedClassifier.Prediction> predictions =
          classifier.predict(ExportedModels.SENTENCES);
      for (int i = 0; i < trained.length; i++) {
        String sentence = "'" + ExportedModels.SENTENCES.get(i) + "'";
        boolean positive = trained[i] >= 0.5f;
        assertEquals(ExportedModels.LABELS.get(positive ? 1 : 0), predictions.get(i).label(),
            sentence);
        assertEquals(positive ? trained[i] : 1 - trained[i], predictions.get(i).probability(),
            1e-6, sentence);
      }
    }
    // not vacuous: the tiny model tells the two cues apart
    assertTrue(trained[0] > 0.5 && trained[1] < 0.5, trained[0] + " " + trained[1]);
  }

  /**
   * A TensorFlow Serving client feeding token_ids itself: tiktoken's ids, rows padded with any id,
   * give the same probabilities.
   */
  @Test
  void theTokenIdsSignatureIgnoresWhatPadsTheRows() {
    Gpt2Encoder encoder = new Gpt2Encoder(ExportedModels.MAX_INPUT_LENGTH);
    int n = ExportedModels.SENTENCES.size();
    int time = ExportedModels.MAX_INPUT_LENGTH;
    int[] ids = new int[n * time];
    int[] lengths = new int[n];
    SplittableRandom garbage = new SplittableRandom(9);
    for (int i = 0; i < n; i++) {
      int[] encoded = encoder.encode(ExportedModels.SENTENCES.get(i));
      for (int t = 0; t < time; t++) {
        ids[i * time + t] = t < encoded.length ? encoded[t] : garbage.nextInt(50257);
      }
      lengths[i] = encoded.length;
    }
    try (SavedModelServable model = SavedModelServable.load(version)) {
      Map<String, TensorValue> outputs = model.predict("serving_default", Map.of(
          "token_ids", new TensorValue(ServingType.INT32, new long[] {n, time}, ids),
          "lengths", new TensorValue(ServingType.INT32, new long[] {n}, lengths)));
      float[] probabilities = (float[]) outputs.get("probabilities").elements();
      for (int i = 0; i < n; i++) {
        assertEquals(trained[i], probabilities[2 * i + 1], 1e-6, ExportedModels.SENTENCES.get(i));
        assertEquals(1 - trained[i], probabilities[2 * i], 1e-6, ExportedModels.SENTENCES.get(i));
      }
    }
  }
}
