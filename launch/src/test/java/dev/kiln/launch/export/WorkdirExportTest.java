package dev.kiln.launch.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.TextEncoder;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.launch.serve.ModelVersionDirs;
import dev.kiln.models.run.ClassifierTokenizer;
import dev.kiln.models.run.TrainedTextClassifier;
import dev.kiln.models.run.TrainedWorkdir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/** Exports a tiny trained workdir and checks the SavedModel against the trained classifier. */
class WorkdirExportTest {
  @TempDir static Path temp;
  static Path base;
  static Path version;
  static float[] trained;

  @BeforeAll
  static void trainAndExport() throws Exception {
    base = temp.resolve("models");
    version = ExportedModels.trainAndExport(temp, base);
    try (TrainedTextClassifier model = TrainedTextClassifier.load(temp.resolve("workdir"))) {
      List<LabelledText> examples = new ArrayList<>();
      ExportedModels.SENTENCES.forEach(s -> examples.add(new LabelledText(s, -1, 0)));
      trained = model.probabilities(examples);
    }
  }

  @Test
  void writesVersionOneWithVariablesAssetsAndPredictSignatures() throws Exception {
    assertEquals(base.resolve("1"), version);
    assertEquals(1, ModelVersionDirs.latest(base).orElseThrow());
    for (String file : List.of("saved_model.pb", "variables/variables.index",
        "variables/variables.data-00000-of-00001", "assets/config.json", "assets/vocab.txt",
        "assets/label.labels.txt")) {
      assertTrue(Files.isRegularFile(version.resolve(file)), file);
    }
    try (var entries = Files.list(base)) {
      assertEquals(List.of(version), entries.toList(), "nothing but the version");
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(version.toString(), "serve")) {
      MetaGraphDef metaGraph = bundle.metaGraphDef();
      // Python's Saver (tf.saved_model.load) refuses a SaverDef without any of these.
      SaverDef saver = metaGraph.getSaverDef();
      for (String tensor : List.of(saver.getFilenameTensorName(), saver.getSaveTensorName())) {
        assertTrue(bundle.graph().output(tensor) != null, tensor);
      }
      assertTrue(bundle.graph().operation(saver.getRestoreOpName()) != null);
      for (String key : List.of("serving_default", "token_ids")) {
        assertEquals("tensorflow/serving/predict", metaGraph.getSignatureDefOrThrow(key)
            .getMethodName(), key);
      }
    }
  }

  @Test
  void aFreshJvmGivesTheTrainedProbabilitiesFromSentencesAndFromTokenIds() throws Exception {
    List<String> lines = probe(version, ExportedModels.SENTENCES);
    int n = ExportedModels.SENTENCES.size();
    assertEquals(2 * n, lines.size(), lines.toString());
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < n; i++) {
        String[] fields = lines.get(s * n + i).split(" ");
        assertEquals(s == 0 ? "serving_default" : "token_ids", fields[0]);
        float p = trained[i];
        String sentence = "'" + ExportedModels.SENTENCES.get(i) + "'";
        assertEquals(1 - p, Float.parseFloat(fields[1]), 1e-6, sentence);
        assertEquals(p, Float.parseFloat(fields[2]), 1e-6, sentence);
        assertEquals(ExportedModels.LABELS.get(p >= 0.5f ? 1 : 0), fields[3], sentence);
      }
    }
  }

  @Test
  void tokenizesInTheGraphExactlyAsTheTextEncoder() throws Exception {
    int time = ExportedModels.MAX_INPUT_LENGTH;
    TextEncoder encoder = new TextEncoder(
        Vocabulary.load(temp.resolve("workdir").resolve(Vocabulary.FILE_NAME)), time);
    List<String> sentences = ExportedModels.SENTENCES;
    try (SavedModelBundle bundle = SavedModelBundle.load(version.toString(), "serve");
        TString fed = TString.vectorOf(sentences.toArray(new String[0]));
        Result result = bundle.session().runner().feed("sentences", fed)
            .fetch("token_ids").fetch("lengths").run()) {
      TInt32 ids = (TInt32) result.get(0);
      TInt32 lengths = (TInt32) result.get(1);
      assertEquals(List.of((long) sentences.size(), (long) time),
          List.of(ids.shape().asArray()[0], ids.shape().asArray()[1]));
      for (int i = 0; i < sentences.size(); i++) {
        int[] expected = new int[time];
        int[] encoded = encoder.encode(sentences.get(i));
        System.arraycopy(encoded, 0, expected, 0, encoded.length);
        int row = i;
        int[] actual = IntStream.range(0, time).map(t -> ids.getInt(row, t)).toArray();
        assertArrayEquals(expected, actual, "'" + sentences.get(i) + "'");
        assertEquals(encoded.length, lengths.getInt(i), "'" + sentences.get(i) + "'");
      }
    }
  }

  @Test
  void theVariablesHoldTheTrainedWeightsNotTheInitialOnes() throws Exception {
    float[] initial = initialProbabilities();
    double largest = 0;
    for (int i = 0; i < trained.length; i++) {
      largest = Math.max(largest, Math.abs(trained[i] - initial[i]));
    }
    assertTrue(largest > 1e-3, "trained and initial probabilities differ by at most " + largest);
  }

  /** P(positive) of the sentences from the serving graph with freshly initialised variables. */
  private static float[] initialProbabilities() throws Exception {
    Path workdir = temp.resolve("workdir");
    try (Graph graph = new Graph(); Session session = new Session(graph);
        TString fed = TString.vectorOf(ExportedModels.SENTENCES.toArray(new String[0]))) {
      ServingGraph serving = new ServingGraph(graph, TrainedWorkdir.config(workdir),
          ClassifierTokenizer.load(TrainedWorkdir.config(workdir), workdir), ExportedModels.LABELS);
      serving.store().initialize(session);
      session.runner().addTarget(serving.initOp()).run().close();
      try (Result result = session.runner().feed("sentences", fed).fetch("probabilities").run()) {
        TFloat32 probabilities = (TFloat32) result.get(0);
        float[] positive = new float[ExportedModels.SENTENCES.size()];
        for (int i = 0; i < positive.length; i++) {
          positive[i] = probabilities.getFloat(i, 1);
        }
        return positive;
      }
    }
  }

  /** Runs {@link SavedModelProbe} in a child JVM and returns its output lines. */
  static List<String> probe(Path dir, List<String> sentences) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SavedModelProbe.class.getName(),
        dir.toString()));
    command.addAll(sentences);
    Path errors = Files.createTempFile(temp, "probe", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), Files.readString(errors));
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }
}
