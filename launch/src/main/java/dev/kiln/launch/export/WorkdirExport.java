package dev.kiln.launch.export;

import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.datasets.text.WordTokenizer;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.checkpoint.CheckpointChoice;
import dev.kiln.launch.serve.ExportTokenizer;
import dev.kiln.models.run.ClassifierTokenizer;
import dev.kiln.models.run.Classifiers;
import dev.kiln.models.run.PretrainedEncoder;
import dev.kiln.models.run.RunWorkdir;
import dev.kiln.models.run.TrainedWorkdir;
import dev.kiln.models.tfidf.TfidfFeatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code kiln export}: a training workdir's checkpoint as {@code BASE/<version>/}, a SavedModel
 * for TensorFlow Serving and {@code kiln serve}.
 *
 * <p>The SavedModel's {@code serving_default} signature maps {@code sentences} {@code
 * <string>[batch]} to {@code probabilities} {@code <float32>[batch, 2]} (class 0, class 1) and
 * {@code label} {@code <string>[batch]}; {@code token_ids} maps {@code token_ids} {@code
 * <int32>[batch, max_input_length]} and {@code lengths} {@code <int32>[batch]} to the same. Both
 * use TensorFlow Serving's Predict method name. {@code assets/} holds the workdir's {@code
 * config.json} and {@code vocab.txt} and the labels file, for provenance.
 *
 * <p>A model trained on GPT-2 ids ({@code tokenizer} {@code gpt2}) cannot tokenize in a TensorFlow
 * graph: both its signatures take {@code token_ids} and {@code lengths}, and {@code
 * assets/tokenizer.json} ({@link ExportTokenizer}) names the tokenizer, from which {@code kiln
 * serve} and {@code kiln predict} tokenize raw text in Java. There is no {@code vocab.txt} then.
 *
 * <p>A TF-IDF + logistic regression workdir exports the same {@code serving_default}, computing
 * TF-IDF in the graph ({@link TfidfServingGraph}), and a {@code tfidf_features} signature in
 * place of {@code token_ids}; its assets hold {@code tfidf.txt} in place of {@code vocab.txt}.
 */
public final class WorkdirExport {
  private WorkdirExport() {}

  /**
   * @param checkpoint {@code best}, {@code latest} or a checkpoint prefix
   * @param labelsFile the class names, one a line, class 0 first ({@code label.labels.txt})
   * @param version the version to write; empty for one more than the highest under {@code base}
   * @return the version directory written
   */
  public static Path export(Path workdir, String checkpoint, Path labelsFile, Path base,
      OptionalLong version) throws IOException {
    Config config = TrainedWorkdir.config(workdir);
    PretrainedEncoder.requireClassifier(config, workdir);
    if (Classifiers.isTfidf(config)) {
      return exportTfidf(workdir, config, checkpoint, labelsFile, base, version);
    }
    ClassifierTokenizer tokenizer = ClassifierTokenizer.load(config, workdir);
    List<String> labels = labels(labelsFile);
    Path prefix = CheckpointChoice.prefix(
        workdir.resolve(RunWorkdir.CHECKPOINT_DIR), checkpoint);
    List<Path> assets = new ArrayList<>(List.of(workdir.resolve(RunWorkdir.CONFIG_FILE),
        labelsFile));
    if (tokenizer.vocabulary().isPresent()) {
      assets.add(1, workdir.resolve(Vocabulary.FILE_NAME));
    }
    // The graph tokenizes words itself; GPT-2 ids come from Java, so the export names its tokenizer.
    Optional<ExportTokenizer> javaTokenizer = tokenizer.vocabulary().isPresent()
        ? Optional.empty()
        : Optional.of(new ExportTokenizer(tokenizer.name(), config.getInt("max_input_length")));
    try (CheckpointExport export = new CheckpointExport(
        graph -> new ServingGraph(graph, config, tokenizer, labels), prefix)) {
      return VersionedExport.write(base, version.orElse(VersionedExport.nextVersion(base)),
          dir -> {
            export.writeTo(dir, assets);
            if (javaTokenizer.isPresent()) {
              javaTokenizer.get().write(dir);
            }
          });
    }
  }

  /** A TF-IDF + logistic regression workdir, with {@code tfidf.txt} in place of the vocabulary. */
  private static Path exportTfidf(Path workdir, Config config, String checkpoint,
      Path labelsFile, Path base, OptionalLong version) throws IOException {
    Path tfidfFile = workdir.resolve(TfidfFeatures.FILE);
    TfidfVectorizer vectorizer = TfidfVectorizer.load(tfidfFile, WordTokenizer::tokenize);
    List<String> labels = labels(labelsFile);
    Path prefix = CheckpointChoice.prefix(
        workdir.resolve(RunWorkdir.CHECKPOINT_DIR), checkpoint);
    List<Path> assets = List.of(workdir.resolve(RunWorkdir.CONFIG_FILE), tfidfFile,
        labelsFile);
    try (CheckpointExport export = new CheckpointExport(
        graph -> new TfidfServingGraph(graph, config, vectorizer, labels), prefix)) {
      return VersionedExport.write(base, version.orElse(VersionedExport.nextVersion(base)),
          dir -> export.writeTo(dir, assets));
    }
  }

  private static List<String> labels(Path labelsFile) throws IOException {
    return Files.readAllLines(labelsFile, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isEmpty()).toList();
  }
}
