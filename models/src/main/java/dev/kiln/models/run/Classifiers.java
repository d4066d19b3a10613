package dev.kiln.models.run;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.distribute.DataParallel;
import dev.kiln.models.tfidf.LogisticRegression;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which training and which trained-model code a config's {@code model} needs: TF-IDF + logistic
 * regression ({@value LogisticRegression#MODEL}) or one of the neural sequence classifiers.
 */
public final class Classifiers {
  private Classifiers() {}

  /** Whether {@code config} is a TF-IDF + logistic regression config. */
  public static boolean isTfidf(Config config) {
    return config.getString("model").equals(LogisticRegression.MODEL);
  }

  /** The training of {@code config} into {@code workdir}. */
  public static ClassifierTraining training(Config config, Path workdir) {
    return isTfidf(config)
        ? new TfidfClassifierTraining(config, workdir)
        : new TextClassifierTraining(config, workdir);
  }

  /**
   * {@code config}'s training as one worker of a data-parallel run; only the neural text
   * classifiers train on several workers.
   */
  public static ClassifierTraining training(Config config, Path workdir, DataParallel workers) {
    if (isTfidf(config)) {
      throw new ConfigException("preset " + config.preset() + " (model "
          + LogisticRegression.MODEL + ") does not train on several workers; only the neural"
          + " text classifiers do");
    }
    return new TextClassifierTraining(config, workdir, Optional.of(workers));
  }

  /**
   * Loads {@code workdir}'s config and the checkpoint {@code checkpoint} names ({@code best},
   * {@code latest} or a path), with the vocabulary or TF-IDF file it was trained with.
   */
  public static TrainedClassifier load(Path workdir, String checkpoint) throws IOException {
    return isTfidf(TrainedWorkdir.config(workdir))
        ? TrainedTfidfClassifier.load(workdir, checkpoint)
        : TrainedTextClassifier.load(workdir, checkpoint);
  }
}
