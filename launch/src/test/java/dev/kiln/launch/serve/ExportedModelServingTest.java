package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertTheMemoryLimitSeesTheExportsLayers(base);
  }

  /** The export's widest layer is read from its variables; a request over the limit is a 400. */
  private static void assertTheMemoryLimitSeesTheExportsLayers(Path base) throws Exception {
    long widest;
    try (Servable servable = TokenizingServable.load(ModelVersionDirs.dir(base, 1))) {
      widest = servable.widestLayer();
    }
    assertTrue(widest > 1, "widest layer " + widest);
    // one 10-byte sentence needs 10 x widest x 4 bytes: allow one byte less
    long estimate = MemoryEstimate.bytes(1, 10, widest);
    try (ModelServer server = ModelServer.start("kiln", base, ServerOptions.defaults()
        .withPort(0).withPollInterval(Duration.ofMinutes(1))
        .withLimits(ServingLimits.defaults().withMaxRequestMemoryBytes(estimate - 1)))) {
      RestClient client = new RestClient(server.port());
      RestClient.Answer refused =
          client.post("/v1/models/kiln:predict", "{\"instances\": [\"0123456789\"]}");
      assertEquals(400, refused.status(), refused.body());
      assertEquals("the request needs an estimated " + ServingLimits.size(estimate) + " (rows x"
          + " padded length x widest layer x 4 bytes), over the limit of "
          + ServingLimits.size(estimate - 1) + " (--max-request-memory-mb)", refused.error());
      assertEquals(200,
          client.post("/v1/models/kiln:predict", "{\"instances\": [\"012345678\"]}").status());
    }
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
