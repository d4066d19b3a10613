package dev.kiln.models.run;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.framework.checkpoint.CheckpointChoice;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.Evaluation;
import dev.kiln.framework.train.FeatureClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.models.tfidf.LogisticRegression;
import dev.kiln.models.tfidf.TfidfFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint of a TF-IDF + logistic regression workdir, loaded with the config and the TF-IDF
 * file it was trained with.
 */
public final class TrainedTfidfClassifier implements TrainedClassifier {
  private final Config config;
  private final TfidfVectorizer vectorizer;
  private final ModelSession<FeatureClassifierSteps> model;
  private final FeatureClassifierSteps steps;

  private TrainedTfidfClassifier(Config config, TfidfVectorizer vectorizer, Path checkpoint) {
    this.config = config;
    this.vectorizer = vectorizer;
    this.model = LogisticRegressionSession.open(config, vectorizer.numFeatures());
    this.steps = model.restoreOrClose(checkpoint);
  }

  /**
   * Loads {@code workdir}'s config.json, {@value TfidfFeatures#FILE} and the
   * checkpoint {@code checkpoint} names: {@code best}, {@code latest} or a path.
   */
  public static TrainedTfidfClassifier load(Path workdir, String checkpoint) throws IOException {
    Config config = TrainedWorkdir.config(workdir);
    TfidfVectorizer vectorizer = TfidfFeatures.load(workdir);
    Path prefix = CheckpointChoice.prefix(
        workdir.resolve(RunWorkdir.CHECKPOINT_DIR), checkpoint);
    return new TrainedTfidfClassifier(config, vectorizer, prefix);
  }

  @Override
  public Config config() {
    return config;
  }

  /** The vectorizer fitted on the train split. */
  public TfidfVectorizer vectorizer() {
    return vectorizer;
  }

  /** {@code <float32>[features]}: the weight of each TF-IDF feature (scikit-learn's coef_). */
  public float[] coefficients() {
    return model.values(LogisticRegression.WEIGHTS);
  }

  /** The bias (scikit-learn's intercept_). */
  public float intercept() {
    return model.values(LogisticRegression.BIAS)[0];
  }

  @Override
  public Evaluation evaluate(List<LabelledText> examples) {
    return Evaluation.of(steps, TfidfFeatures.batcher(vectorizer, examples, config).inOrder());
  }

  @Override
  public float[] probabilities(List<LabelledText> examples) {
    return steps.probabilities(
        TfidfFeatures.batcher(vectorizer, examples, config).inOrder(), examples.size());
  }

  @Override
  public void close() {
    model.close();
  }
}
