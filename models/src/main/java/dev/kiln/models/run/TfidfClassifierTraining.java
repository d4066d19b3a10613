package dev.kiln.models.run;

import dev.kiln.datasets.io.AtomicFiles;
import dev.kiln.datasets.text.FeatureBatcher;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.losses.BinaryLoss;
import dev.kiln.framework.train.FeatureClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.framework.train.Trainer;
import dev.kiln.framework.train.TrainingListener;
import dev.kiln.models.tfidf.LogisticRegression;
import dev.kiln.models.tfidf.TfidfFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains TF-IDF + logistic regression from a config: the vectorizer fitted on the train split
 * only ({@link TfidfFeatures}), each example's TF-IDF row fed as padded (index, value) pairs
 * ({@link FeatureBatcher}), a {@link LogisticRegression} optimised by the config's optimizer in
 * compiled steps, and the same {@link Trainer} loop, checkpoints and TensorBoard files as the
 * neural presets ({@link TextClassifierTraining}).
 *
 * <p>Writes {@code <workdir>/config.json} and {@code <workdir>/}{@value TfidfFeatures#FILE} (the terms
 * and their idf, {@link TfidfVectorizer#save}) before training. Config fields used here: {@code
 * max_features}, {@code lowercase}, {@code batch_size}, {@code num_epochs}, {@code seed}, {@code
 * jit}, {@code loss} (bce only), the three checkpoint fields, plus the optimizer's ({@link
 * Optimizers}).
 */
public final class TfidfClassifierTraining implements ClassifierTraining {
  private final Config config;
  private final Path workdir;

  public TfidfClassifierTraining(Config config, Path workdir) {
    this.config = config;
    this.workdir = workdir;
  }

  @Override
  public Trainer.History train(List<LabelledText> train, List<LabelledText> eval,
      List<TrainingListener> listeners, Optional<CheckpointRecord> from) throws IOException {
    checkPositive("batch_size");
    checkPositive("num_epochs");
    if (BinaryLoss.parse(config.getString("loss")) != BinaryLoss.BCE) {
      throw new ConfigException("config field loss: " + LogisticRegression.MODEL + " trains on bce only ("
          + config.getString("loss") + " weighs examples by sequence length)");
    }
    TfidfVectorizer vectorizer = TfidfFeatures.fit(config, train);
    FeatureBatcher trainBatches = TfidfFeatures.batcher(vectorizer, train, config);
    FeatureBatcher evalBatches = TfidfFeatures.batcher(vectorizer, eval, config);
    // Checked before anything is written, so a refused run leaves the workdir as it was.
    Path checkpoints = workdir.resolve(RunWorkdir.CHECKPOINT_DIR);
    if (from.isEmpty()) {
      RunWorkdir.requireNoEarlierRun(checkpoints, "train in another workdir");
    } else {
      RunWorkdir.requireSameBatchesPerEpoch(from.get(), trainBatches.batchesPerEpoch());
      requireSameFeatures(vectorizer, from.get());
    }
    // The session is built before anything is written, so a bad optimizer field is refused
    // with the workdir as it was too.
    try (ModelSession<FeatureClassifierSteps> model =
            LogisticRegressionSession.open(config, vectorizer.numFeatures())) {
      AtomicFiles.writeString(workdir.resolve(RunWorkdir.CONFIG_FILE),
          config.toJson());
      vectorizer.save(workdir.resolve(TfidfFeatures.FILE));
      return new RunLoop(workdir, config, listeners, from).run(model,
          hyperparameters(vectorizer), RunWorkdir.checkpointPolicy(config), trainBatches::epoch,
          trainBatches.batchesPerEpoch(), evalBatches.inOrder(), config.getInt("num_epochs"));
    }
  }

  /**
   * The checkpoint's weights belong to the workdir's tfidf.txt: a vectorizer now fitted otherwise
   * (another max_features or lowercase, say, under --force-config) cannot take them.
   */
  private void requireSameFeatures(TfidfVectorizer refitted, CheckpointRecord checkpoint)
      throws IOException {
    Path saved = workdir.resolve(TfidfFeatures.FILE);
    if (!Files.exists(saved)) {
      return;
    }
    TfidfVectorizer trained = TfidfFeatures.load(workdir);
    if (!trained.terms().equals(refitted.terms())
        || !Arrays.equals(trained.idf(), refitted.idf())
        || trained.lowercase() != refitted.lowercase()) {
      throw new ConfigException("cannot resume from " + checkpoint.name() + ": it was trained on"
          + " the " + trained.numFeatures() + " TF-IDF features of " + saved + ", but this config"
          + " and data fit " + refitted.numFeatures() + " different ones (max_features, lowercase"
          + " and the training data must stay as they were)");
    }
  }

  private void checkPositive(String field) {
    int value = config.getInt(field);
    if (value < 1) {
      throw new ConfigException("config field " + field + ": must be at least 1, got " + value);
    }
  }

  private Map<String, Object> hyperparameters(TfidfVectorizer vectorizer) {
    Map<String, Object> values = RunWorkdir.hyperparameters(config);
    values.put("tfidf_features", vectorizer.numFeatures());
    return values;
  }
}
