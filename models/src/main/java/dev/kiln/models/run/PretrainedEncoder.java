package dev.kiln.models.run;

import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.checkpoint.WarmStart;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import dev.kiln.models.transformer.TransformerEncoders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Session;

/**
 * The pre-trained encoder a fine-tuning config names in {@value #FIELD}: the latest checkpoint of
 * a {@code ./kiln pretrain} workdir, whose {@code encoder/*} variables (token embedding, positions,
 * blocks, final LayerNorm) start the classifier; the head and the optimizer start fresh.
 *
 * <p>A config with the field fine-tunes, so it must name a workdir. That workdir's vocabulary must
 * be the one this run builds from its train split (the same ids), and each variable must have the
 * classifier's shape; each mismatch is a one-line {@link ConfigException}.
 */
public final class PretrainedEncoder {
  /** The config field naming the pre-training workdir. */
  public static final String FIELD = "pretrained_workdir";

  private final Path workdir;
  private final CheckpointRecord checkpoint;

  private PretrainedEncoder(Path workdir, CheckpointRecord checkpoint) {
    this.workdir = workdir;
    this.checkpoint = checkpoint;
  }

  /**
   * The encoder {@code config} fine-tunes from, checked against {@code tokenizer}'s vocabulary (the
   * one this run built); empty if the config has no {@value #FIELD} field.
   *
   * @throws ConfigException if the tokenizer has no word vocabulary (masked-LM pre-training masks
   *     words of the vocabulary)
   */
  public static Optional<PretrainedEncoder> of(Config config, ClassifierTokenizer tokenizer)
      throws IOException {
    if (workdir(config).isEmpty()) {
      return Optional.empty();
    }
    Vocabulary vocabulary = tokenizer.vocabulary().orElseThrow(() -> new ConfigException(
        "config field tokenizer: a masked-LM pre-trained encoder needs tokenizer "
            + ClassifierTokenizer.WORDS + ", not " + tokenizer.name()));
    return of(config, vocabulary);
  }

  /**
   * The encoder {@code config} fine-tunes from, checked against {@code vocabulary} (the one this
   * run built); empty if the config has no {@value #FIELD} field.
   */
  public static Optional<PretrainedEncoder> of(Config config, Vocabulary vocabulary)
      throws IOException {
    Optional<Path> workdir = workdir(config);
    if (workdir.isEmpty()) {
      return Optional.empty();
    }
    Path dir = workdir.get();
    CheckpointState state = CheckpointState.read(dir.resolve(RunWorkdir.CHECKPOINT_DIR))
        .orElseThrow(() -> new ConfigException(FIELD + " " + dir + ": no checkpoint in "
            + dir.resolve(RunWorkdir.CHECKPOINT_DIR) + " (pre-train one with"
            + " ./kiln pretrain --preset " + config.preset() + " --workdir " + dir + ")"));
    Path vocabularyFile = dir.resolve(Vocabulary.FILE_NAME);
    if (!Files.exists(vocabularyFile)) {
      throw new ConfigException(FIELD + " " + dir + ": no " + Vocabulary.FILE_NAME);
    }
    List<String> pretrained = Vocabulary.load(vocabularyFile).tokens();
    List<String> ours = vocabulary.tokens();
    if (!pretrained.equals(ours)) {
      int line = 0;
      while (line < Math.min(pretrained.size(), ours.size())
          && pretrained.get(line).equals(ours.get(line))) {
        line++;
      }
      throw new ConfigException(FIELD + " " + dir + ": its " + Vocabulary.FILE_NAME + " ("
          + pretrained.size() + " tokens) is not this run's vocabulary (" + ours.size()
          + " tokens, min_freq " + config.getInt("min_freq") + "); they differ from line "
          + (line + 1) + ": the encoder's token ids would not mean the same words");
    }
    return Optional.of(new PretrainedEncoder(dir, state.latest()));
  }

  /**
   * The workdir {@code config} names, empty if the config has no {@value #FIELD} field.
   *
   * @throws ConfigException if the field is there but empty
   */
  public static Optional<Path> workdir(Config config) {
    if (!config.fields().contains(FIELD)) {
      return Optional.empty();
    }
    String value = config.getString(FIELD);
    if (value.isBlank()) {
      throw new ConfigException("preset " + config.preset() + " fine-tunes a pre-trained encoder:"
          + " run ./kiln pretrain --preset " + config.preset() + " --workdir W first, then train"
          + " with --set " + FIELD + "=W");
    }
    return Optional.of(Path.of(value));
  }

  /**
   * Refuses {@code workdir} if it holds a masked-LM pre-training run rather than a classifier: a
   * config with the {@value #FIELD} field left empty ({@code ./kiln train} requires it).
   */
  public static void requireClassifier(Config config, Path workdir) {
    if (config.fields().contains(FIELD) && config.getString(FIELD).isBlank()) {
      throw new ConfigException(workdir + " holds a masked-LM pre-training run (./kiln pretrain),"
          + " not a classifier: fine-tune it with ./kiln train --preset " + config.preset()
          + " --set " + FIELD + "=" + workdir + " and use that workdir");
    }
  }

  /** Assigns every {@code encoder/*} variable of {@code store} its pre-trained value. */
  public void loadInto(Session session, ParameterStore store) {
    List<Variable<?>> encoder = store.all().stream()
        .filter(v -> v.name().startsWith(TransformerEncoders.SCOPE + "/")).toList();
    if (encoder.isEmpty()) {
      throw new ConfigException(FIELD + ": this model has no " + TransformerEncoders.SCOPE
          + "/ variables to load");
    }
    try {
      WarmStart.load(session, store, encoder,
          checkpoint.prefix(workdir.resolve(RunWorkdir.CHECKPOINT_DIR)));
    } catch (ConfigException e) {
      throw new ConfigException(FIELD + " " + workdir + ": " + e.getMessage());
    }
  }

  /** {@code <workdir>/checkpoints/ckpt-<step>}, for messages. */
  public String describe() {
    return workdir.resolve(RunWorkdir.CHECKPOINT_DIR).resolve(checkpoint.name())
        .toString();
  }
}
