package dev.kiln.launch;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.kiln.datasets.io.AtomicFiles;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.train.Evaluation;
import dev.kiln.models.run.Classifiers;
import dev.kiln.models.run.TrainedClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The end of a run with a {@code test_split}: the best epoch's checkpoint (chosen on {@code
 * eval_split}) evaluated once on the test split, written to {@code <workdir>/test_metrics.json}
 * and summed up in one line.
 */
final class TestSplitReport {
  static final String FILE_NAME = "test_metrics.json";

  private TestSplitReport() {}

  /**
   * Evaluates the best checkpoint of {@code runDir}, {@code best}, on {@code examples}, the
   * {@code testSplit} examples.
   *
   * @return the line to print
   */
  static String evaluate(Path runDir, CheckpointRecord best, String evalSplit, String testSplit,
      List<LabelledText> examples) throws IOException {
    Evaluation evaluation;
    try (TrainedClassifier model = Classifiers.load(runDir, "best")) {
      evaluation = model.evaluate(examples);
    }
    JsonObject json = new JsonObject();
    json.addProperty("test_split", testSplit);
    json.addProperty("test_accuracy", evaluation.accuracy());
    json.addProperty("test_loss", evaluation.loss());
    json.addProperty("test_examples", evaluation.examples());
    json.addProperty("checkpoint", best.name());
    json.addProperty("epoch", best.progress().epoch());
    json.addProperty("step", best.progress().globalStep());
    json.addProperty("selected_on", evalSplit);
    AtomicFiles.writeString(runDir.resolve(FILE_NAME),
        new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
    return String.format(Locale.ROOT, "Test (%s) accuracy of epoch %d, selected on %s: %.2f%%"
            + " (loss %.4f) over %d examples",
        testSplit, best.progress().epoch(), evalSplit, 100 * evaluation.accuracy(),
        evaluation.loss(), evaluation.examples());
  }
}
