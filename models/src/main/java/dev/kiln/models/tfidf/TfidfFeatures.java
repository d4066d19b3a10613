package dev.kiln.models.tfidf;

import dev.kiln.datasets.text.FeatureBatcher;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.SparseVector;
import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.datasets.text.WordTokenizer;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The TF-IDF side of the TF-IDF + logistic regression family: the vectorizer a config describes ({@link
 * WordTokenizer}, {@code lowercase}, {@code max_features}), fitted on the train split, saved in
 * and loaded from the workdir, and examples turned into {@link FeatureBatcher}s.
 */
public final class TfidfFeatures {
  /** The fitted vectorizer in a workdir. */
  public static final String FILE = "tfidf.txt";

  private TfidfFeatures() {}

  /** Fits the vectorizer on the training sentences. */
  public static TfidfVectorizer fit(Config config, List<LabelledText> train) {
    int maxFeatures = config.getInt("max_features");
    if (maxFeatures < 1) {
      throw new ConfigException("config field max_features: must be at least 1, got "
          + maxFeatures);
    }
    try {
      return TfidfVectorizer.builder().tokenizer(WordTokenizer::tokenize)
          .lowercase(config.getBoolean("lowercase")).maxFeatures(maxFeatures)
          .fit(train.stream().map(LabelledText::text).toList());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("cannot fit TF-IDF on the training split: " + e.getMessage());
    }
  }

  /** Reads the workdir's {@value #FILE}. */
  public static TfidfVectorizer load(Path workdir) throws IOException {
    return TfidfVectorizer.load(workdir.resolve(FILE),
        WordTokenizer::tokenize);
  }

  /**
   * {@code examples} as TF-IDF rows in batches of {@code batch_size}; a batch's example indices
   * are positions in {@code examples}, and a negative (unknown) label counts as 0.
   */
  public static FeatureBatcher batcher(TfidfVectorizer vectorizer, List<LabelledText> examples,
      Config config) {
    List<SparseVector> rows =
        examples.stream().map(example -> vectorizer.transform(example.text())).toList();
    int[] labels = examples.stream().mapToInt(example -> Math.max(example.label(), 0)).toArray();
    return new FeatureBatcher(rows, labels, config.getInt("batch_size"), config.getInt("seed"));
  }
}
