package dev.kiln.launch.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.SparseVector;
import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.datasets.text.WordTokenizer;
import dev.kiln.framework.config.Config;
import dev.kiln.launch.serve.SavedModelServable;
import dev.kiln.launch.serve.ServingType;
import dev.kiln.launch.serve.TensorValue;
import dev.kiln.models.Presets;
import dev.kiln.models.run.TfidfClassifierTraining;
import dev.kiln.models.run.TrainedTfidfClassifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * Exports a tiny TF-IDF + logistic regression workdir and checks that the SavedModel, computing
 * TF-IDF in its graph from raw sentences, scores them as the JVM does: {@link TfidfVectorizer} on
 * the workdir's tfidf.txt, then the trained weights.
 */
class TfidfExportTest {
  /**
   * Punctuation, upper case, repeated words, unknown and one-letter words, Unicode letters and
   * spaces, and sentences with no term at all, the empty one included.
   */
  static final List<String> SENTENCES = List.of(
      "the film was great",
      "The FILM was GREAT!!!",
      "dull, dull, DULL... and boring",
      "",
      "   \t ",
      "a I ? 7 !",
      "xyzzy qqq unknown-words only",
      "great great great great great film",
      "It's a fine,moving film; the plot? AWFUL.",
      "\u00a0moving\u2003film\u0085plot\u000bawful\u001f",
      "ünïcödé FÍLM Straße, was very_fine great2 great_ 42",
      "İt was ﬁne and VERY moving");

  @TempDir static Path temp;
  static Path workdir;
  static Path version;
  static TfidfVectorizer vectorizer;
  static float[] coefficients;
  static float intercept;

  @BeforeAll
  static void trainAndExport() throws Exception {
    workdir = temp.resolve("workdir");
    Config config = Presets.named("sst2-tfidf-logreg").config().withOverrides(List.of(
        "batch_size=16", "num_epochs=2", "learning_rate=0.1", "lr_decay_steps=0"));
    new TfidfClassifierTraining(config, workdir).run(ExportedModels.sentiments(160, 1),
        ExportedModels.sentiments(40, 2), List.of());
    version = WorkdirExport.export(workdir, "best", ExportedModels.labelsFile(temp),
        temp.resolve("models"), OptionalLong.empty());
    vectorizer = TfidfVectorizer.load(workdir.resolve("tfidf.txt"), WordTokenizer::tokenize);
    try (TrainedTfidfClassifier trained = TrainedTfidfClassifier.load(workdir, "best")) {
      coefficients = trained.coefficients();
      intercept = trained.intercept();
    }
  }

  /** P(positive) from the JVM's TF-IDF and the trained weights, in double precision. */
  static double javaProbability(String sentence) {
    SparseVector x = vectorizer.transform(sentence);
    double logit = intercept;
    for (int k = 0; k < x.size(); k++) {
      logit += (double) x.values()[k] * coefficients[x.indices()[k]];
    }
    return 1 / (1 + Math.exp(-logit));
  }

  @Test
  void writesTheVersionWithTheTfidfFileAsAnAssetAndNoPathsInTheGraph() throws Exception {
    assertEquals(temp.resolve("models").resolve("1"), version);
    for (String file : List.of("saved_model.pb", "variables/variables.index",
        "variables/variables.data-00000-of-00001", "assets/config.json", "assets/tfidf.txt",
        "assets/label.labels.txt")) {
      assertTrue(Files.isRegularFile(version.resolve(file)), file);
    }
    String graph = new String(Files.readAllBytes(version.resolve("saved_model.pb")),
        StandardCharsets.ISO_8859_1);
    assertFalse(graph.contains(temp.toString()), "the graph names no file of the machine");
    assertFalse(graph.contains("tfidf.txt"), "the graph reads no vocabulary file");
    try (SavedModelServable model = SavedModelServable.load(version)) {
      assertEquals(Map.of("sentences", List.of(-1L)), dims(model, "serving_default"));
      assertEquals(Map.of("feature_ids", List.of(-1L, -1L), "feature_values", List.of(-1L, -1L)),
          dims(model, "tfidf_features"));
    }
  }

  @Test
  void servingDefaultGivesTheJvmsProbabilitiesForRawSentences() {
    // A coefficient of the trained model is far from 0, so a wrong TF-IDF value shows.
    float largest = 0;
    for (float c : coefficients) {
      largest = Math.max(largest, Math.abs(c));
    }
    assertTrue(largest > 0.5, "largest |coefficient| " + largest);
    try (ExportedClassifier classifier = ExportedClassifier.load(version);
        SavedModelServable model = SavedModelServable.load(version)) {
      float[] probabilities = probabilities(model.predict("serving_default", Map.of("sentences",
          strings(SENTENCES))));
      List<ExportedClassifier.Prediction> predictions = classifier.predict(SENTENCES);
      for (int i = 0; i < SENTENCES.size(); i++) {
        String sentence = "'" + SENTENCES.get(i) + "'";
        double expected = javaProbability(SENTENCES.get(i));
        assertEquals(1 - expected, probabilities[2 * i], 1e-6, sentence);
        assertEquals(expected, probabilities[2 * i + 1], 1e-6, sentence);
        String label = ExportedModels.LABELS.get(expected >= 0.5 ? 1 : 0);
        assertEquals(label, predictions.get(i).label(), sentence);
      }
      double bias = 1 / (1 + Math.exp(-intercept));
      for (int i : new int[] {3, 4, 5, 6}) {
        assertEquals(bias, probabilities[2 * i + 1], 1e-6, "no term: the bias alone");
      }
      assertTrue(probabilities[1] > 0.5 && probabilities[5] < 0.5,
          "'great' sentences positive, 'dull' ones negative");
      // A request in which no sentence holds a term: zero-width pairs, the bias alone.
      float[] none = probabilities(model.predict("serving_default", Map.of("sentences",
          strings(List.of("", "a ? I", "zzz")))));
      for (int i = 0; i < 3; i++) {
        assertEquals(bias, none[2 * i + 1], 1e-6);
      }
    }
  }

  @Test
  void theGraphsTfidfPairsAreTheVectorizersAndTheFeatureSignatureAgrees() {
    try (SavedModelBundle bundle = SavedModelBundle.load(version.toString(), "serve");
        TString fed = TString.vectorOf(SENTENCES.toArray(new String[0]));
        Result result = bundle.session().runner().feed("sentences", fed)
            .fetch("feature_ids").fetch("feature_values").run()) {
      TInt32 ids = (TInt32) result.get(0);
      TFloat32 values = (TFloat32) result.get(1);
      long width = ids.shape().get(1);
      assertEquals(SENTENCES.stream().mapToInt(s -> vectorizer.transform(s).size()).max()
          .orElseThrow(), width, "the most terms of a sentence");
      assertTrue(width >= 6, "the 9th sentence holds 6 to 7 terms; width " + width);
      int[] flatIds = new int[SENTENCES.size() * (int) width];
      float[] flatValues = new float[flatIds.length];
      for (int i = 0; i < SENTENCES.size(); i++) {
        SparseVector expected = vectorizer.transform(SENTENCES.get(i));
        Map<Integer, Float> pairs = new HashMap<>();
        for (int k = 0; k < width; k++) {
          float value = values.getFloat(i, k);
          flatIds[i * (int) width + k] = ids.getInt(i, k);
          flatValues[i * (int) width + k] = value;
          if (k >= expected.size()) {
            assertEquals(0, ids.getInt(i, k));
            assertEquals(0f, value);
          } else {
            pairs.put(ids.getInt(i, k), value);
          }
        }
        Map<Integer, Float> expectedPairs = new HashMap<>();
        for (int k = 0; k < expected.size(); k++) {
          expectedPairs.put(expected.indices()[k], expected.values()[k]);
        }
        assertEquals(expectedPairs.keySet(), pairs.keySet(), SENTENCES.get(i));
        for (Map.Entry<Integer, Float> pair : expectedPairs.entrySet()) {
          assertEquals(pair.getValue(), pairs.get(pair.getKey()), 1e-7f,
              SENTENCES.get(i) + " term " + pair.getKey());
        }
      }

      try (SavedModelServable model = SavedModelServable.load(version)) {
        long[] shape = {SENTENCES.size(), width};
        float[] fromPairs = probabilities(model.predict("tfidf_features", Map.of(
            "feature_ids", new TensorValue(ServingType.INT32, shape, flatIds),
            "feature_values", new TensorValue(ServingType.FLOAT, shape, flatValues))));
        for (int i = 0; i < SENTENCES.size(); i++) {
          assertEquals(javaProbability(SENTENCES.get(i)), fromPairs[2 * i + 1], 1e-6,
              SENTENCES.get(i));
        }
      }
    }
  }

  private static TensorValue strings(List<String> sentences) {
    byte[][] utf8 = sentences.stream().map(s -> s.getBytes(StandardCharsets.UTF_8))
        .toArray(byte[][]::new);
    return new TensorValue(ServingType.STRING, new long[] {utf8.length}, utf8);
  }

  private static float[] probabilities(Map<String, TensorValue> outputs) {
    return (float[]) outputs.get("probabilities").elements();
  }

  private static Map<String, List<Long>> dims(SavedModelServable model, String signature) {
    Map<String, List<Long>> dims = new HashMap<>();
    model.signatures().get(signature).inputs().forEach((name, spec) -> dims.put(name,
        Arrays.stream(spec.dims().orElseThrow()).boxed().toList()));
    return dims;
  }
}
