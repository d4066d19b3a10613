package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.launch.export.ExportedModels;
import dev.kiln.launch.export.WorkdirExport;
import dev.kiln.models.run.TrainedTextClassifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kiln serve on a {@code kiln export} base path answers as the trained model does. */
class ExportedModelServingTest {
  @TempDir Path temp;

  @Test
  void restPredictGivesTheTrainedProbabilitiesAndLabels() throws Exception {
    Path base = temp.resolve("models");
    ExportedModels.trainAndExport(temp, base);
    assertServesTheTrainedModel(base, temp.resolve("workdir"));
  }

  /**
   * A GPT-2 export, whose graph takes token ids: kiln serve tokenizes raw text in Java behind
   * serving_default, and says so in the metadata; token_ids stays as exported.
   */
  @Test
  void aGpt2ExportServesRawTextTokenizedInJava() throws Exception {
    Path base = temp.resolve("models");
    Path workdir = temp.resolve("workdir");
    ExportedModels.trainGpt2Cnn(workdir);
    WorkdirExport.export(workdir, "best", ExportedModels.labelsFile(temp), base,
        OptionalLong.empty());
    assertServesTheTrainedModel(base, workdir);
    try (ModelServer server = ModelServer.start("kiln", base, ServerOptions.defaults()
        .withPort(0).withPollInterval(Duration.ofMinutes(1)))) {
      RestClient.Answer metadata = new RestClient(server.port()).get("/v1/models/kiln/metadata");
      JsonObject signatures = metadata.json().getAsJsonObject().getAsJsonObject("metadata")
          .getAsJsonObject("signature_def").getAsJsonObject("signature_def");
      JsonObject text = signatures.getAsJsonObject("serving_default").getAsJsonObject("inputs");
      assertEquals(List.of("sentences"), List.copyOf(text.keySet()));
      assertEquals("DT_STRING", text.getAsJsonObject("sentences").get("dtype").getAsString());
      assertEquals("(gpt2 tokenizer, in Java)",
          text.getAsJsonObject("sentences").get("name").getAsString());
      assertEquals(Set.of("lengths", "token_ids"),
          signatures.getAsJsonObject("token_ids").getAsJsonObject("inputs").keySet());
    }
  }

  private static void assertServesTheTrainedModel(Path base, Path workdir) throws Exception {
    List<String> sentences = ExportedModels.SENTENCES;
    float[] trained;
    try (TrainedTextClassifier model = TrainedTextClassifier.load(workdir)) {
      trained = model.probabilities(sentences.stream().map(s -> new LabelledText(s, -1, 0))
          .toList());
    }
    JsonArray instances = new JsonArray();
    sentences.forEach(s -> instances.add(new JsonPrimitive(s)));
    JsonObject body = new JsonObject();
    body.add("instances", instances);

    try (ModelServer server = ModelServer.start("kiln", base, ServerOptions.defaults()
        .withPort(0).withPollInterval(Duration.ofMinutes(1)))) {
      RestClient.Answer answer =
          new RestClient(server.port()).post("/v1/models/kiln:predict", body.toString());
      assertEquals(200, answer.status(), answer.body());
      JsonArray predictions = answer.json().getAsJsonObject().getAsJsonArray("predictions");
      assertEquals(sentences.size(), predictions.size());
      for (int i = 0; i < trained.length; i++) {
        JsonObject prediction = predictions.get(i).getAsJsonObject();
        JsonArray probabilities = prediction.getAsJsonArray("probabilities");
        String sentence = "'" + sentences.get(i) + "'";
        assertEquals(1 - trained[i], probabilities.get(0).getAsFloat(), 1e-6, sentence);
        assertEquals(trained[i], probabilities.get(1).getAsFloat(), 1e-6, sentence);
        assertEquals(ExportedModels.LABELS.get(trained[i] >= 0.5f ? 1 : 0),
            prediction.get("label").getAsString(), sentence);
      }
    }
  }
}
