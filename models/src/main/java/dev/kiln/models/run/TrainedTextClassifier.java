package dev.kiln.models.run;

import dev.kiln.datasets.text.BucketBoundaries;
import dev.kiln.datasets.text.EvalBatcher;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.TokenEncoder;
import dev.kiln.framework.checkpoint.CheckpointChoice;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.BinaryClassifierSteps;
import dev.kiln.framework.train.Evaluation;
import dev.kiln.framework.train.ModelSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The best checkpoint of a training workdir, loaded with the config and tokenizer it was trained
 * with: evaluates splits and scores sentences.
 */
public final class TrainedTextClassifier implements TrainedClassifier {
  private final Config config;
  private final TokenEncoder encoder;
  private final BucketBoundaries boundaries;
  private final ModelSession<BinaryClassifierSteps> model;
  private final BinaryClassifierSteps steps;

  private TrainedTextClassifier(Config config, TokenEncoder encoder, Path checkpoint) {
    this.config = config;
    this.encoder = encoder;
    this.boundaries = BucketBoundaries.bySize(config.getInt("bucket_size"), encoder.maxLength());
    this.model = TextClassifierSession.open(config, encoder.vocabularySize(), boundaries.asList());
    this.steps = model.restoreOrClose(checkpoint);
  }

  /** Loads {@code workdir}'s config.json, its tokenizer (vocab.txt for word tokens) and best checkpoint. */
  public static TrainedTextClassifier load(Path workdir) throws IOException {
    return load(workdir, CheckpointChoice.BEST);
  }

  /**
   * Loads {@code workdir}'s config.json, its tokenizer and the checkpoint {@code checkpoint} names:
   * {@code best}, {@code latest} or a path ({@link CheckpointChoice}).
   */
  public static TrainedTextClassifier load(Path workdir, String checkpoint) throws IOException {
    Config config = TrainedWorkdir.config(workdir);
    PretrainedEncoder.requireClassifier(config, workdir);
    TokenEncoder encoder = ClassifierTokenizer.load(config, workdir).encoder();
    Path prefix = CheckpointChoice.prefix(
        workdir.resolve(RunWorkdir.CHECKPOINT_DIR), checkpoint);
    return new TrainedTextClassifier(config, encoder, prefix);
  }

  @Override
  public Config config() {
    return config;
  }

  /** Loss and accuracy over {@code examples} (labels 0 or 1). */
  @Override
  public Evaluation evaluate(List<LabelledText> examples) {
    return Evaluation.of(steps, batches(examples));
  }

  /** P(class 1) of each example, in the order given. */
  @Override
  public float[] probabilities(List<LabelledText> examples) {
    return steps.probabilities(batches(examples), examples.size());
  }

  /** Eval batches whose example indices are positions in {@code examples}. */
  private EvalBatcher batches(List<LabelledText> examples) {
    List<LabelledText> positioned = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      LabelledText example = examples.get(i);
      positioned.add(new LabelledText(example.text(), Math.max(example.label(), 0), i));
    }
    return new EvalBatcher(encoder.encodeAll(positioned), boundaries, config.getInt("batch_size"));
  }

  @Override
  public void close() {
    model.close();
  }
}
