package dev.kiln.launch;

import dev.kiln.datasets.DatasetBuilders;
import dev.kiln.datasets.DatasetException;
import dev.kiln.datasets.io.AtomicFiles;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.LabelledTextSplit;
import dev.kiln.datasets.tfds.PreparedDataset;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.Evaluation;
import dev.kiln.models.run.Classifiers;
import dev.kiln.models.run.TrainedClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln eval --workdir DIR}: the best (or the chosen) checkpoint's loss and accuracy on a
 * split; on an unlabelled split (GLUE test), prediction counts, and a GLUE submission file with
 * --output.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluates a trained workdir's best checkpoint on a split of its dataset.")
final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--workdir", required = true, paramLabel = "DIR",
      description = "The workdir of a ./kiln train run.")
  Path workdir;

  @Option(names = "--split", paramLabel = "SPEC",
      description = "The split to evaluate, a TFDS split spec: test, train[90%%:], test[:1000],"
          + " train+test, ... (default: the config's eval_split, the one training chose its best"
          + " epoch on: validation for glue/sst2, whose test split is unlabelled; train[90%%:] for"
          + " imdb-cnn, whose test_split is test).")
  String split;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write predictions as a GLUE submission TSV (index<TAB>prediction).")
  Path output;

  @Option(names = "--checkpoint", paramLabel = "best|latest|PATH", defaultValue = "best",
      description = "Which checkpoint to load: best (default), latest, or a checkpoint directory"
          + " or prefix.")
  String checkpoint;

  @Mixin DataDirOption dataDir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (TrainedClassifier model = Classifiers.load(workdir, checkpoint)) {
      Config config = model.config();
      String split = this.split != null ? this.split : config.getString("eval_split");
      PreparedDataset dataset =
          DatasetBuilders.forName(config.getString("dataset")).open(dataDir.resolve());
      try {
        dataset.numExamples(split);
      } catch (DatasetException e) {
        throw new UserError((this.split != null ? "--split: " : "config field eval_split: ")
            + e.getMessage());
      }
      List<LabelledText> examples = LabelledTextSplit.read(dataset, split,
          config.getString("text_feature"), config.getString("label_feature"));
      boolean labelled = examples.stream().allMatch(e -> e.label() >= 0);
      if (labelled) {
        Evaluation evaluation = model.evaluate(examples);
        out.printf(Locale.ROOT, "%s %s: accuracy %.2f%%, loss %.4f over %d examples%n",
            config.getString("dataset"), split, 100 * evaluation.accuracy(), evaluation.loss(),
            evaluation.examples());
      }
      if (!labelled || output != null) {
        List<LabelledText> byIndex = new ArrayList<>(examples);
        byIndex.sort(Comparator.comparingInt(LabelledText::index));
        float[] probabilities = model.probabilities(byIndex);
        long positive = 0;
        List<String> lines = new ArrayList<>(List.of("index\tprediction"));
        for (int i = 0; i < probabilities.length; i++) {
          int prediction = probabilities[i] > 0.5f ? 1 : 0;
          positive += prediction;
          lines.add(byIndex.get(i).index() + "\t" + prediction);
        }
        out.printf(Locale.ROOT, "%s %s: %d examples predicted, %d positive, %d negative%n",
            config.getString("dataset"), split, probabilities.length, positive,
            probabilities.length - positive);
        if (output != null) {
          AtomicFiles.writeLines(output, lines);
          out.println("Wrote " + output);
        }
      }
    }
    return 0;
  }
}
