package dev.kiln.models.run;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.TextEncoder;
import dev.kiln.datasets.text.TokenEncoder;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.datasets.tokenizers.Gpt2Encoder;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a text classifier turns text into ids, as its config's {@code tokenizer} field names it, and
 * what of it a workdir keeps so that eval, predict and export encode exactly as training did:
 *
 * <ul>
 *   <li>{@value #WORDS}: whitespace words, a vocabulary built from the train split ({@code
 *       min_freq}), {@code <s> … </s>} ({@link TextEncoder}); the workdir keeps {@code vocab.txt};
 *   <li>{@value #GPT2}: GPT-2's byte-pair ids, 50,257 of them, nothing built ({@link
 *       Gpt2Encoder}); {@code config.json} naming it is all the workdir needs.
 * </ul>
 *
 * <p>Both cut a text to {@code max_input_length} ids.
 */
public final class ClassifierTokenizer {
  public static final String FIELD = "tokenizer";
  public static final String WORDS = "words";
  public static final String GPT2 = Gpt2Encoder.NAME;

  private final String name;
  private final TokenEncoder encoder;
  private final Optional<Vocabulary> vocabulary;

  private ClassifierTokenizer(String name, TokenEncoder encoder, Optional<Vocabulary> vocabulary) {
    this.name = name;
    this.encoder = encoder;
    this.vocabulary = vocabulary;
  }

  /** The tokenizer for a new run of {@code config}: for {@value #WORDS}, its vocabulary from {@code train}. */
  public static ClassifierTokenizer fit(Config config, List<LabelledText> train) {
    return switch (name(config)) {
      case WORDS -> words(config, Vocabulary.builder().minFreq(config.getInt("min_freq"))
          .addAll(train.stream().map(LabelledText::text).toList()).build());
      default -> gpt2(config);
    };
  }

  /** The tokenizer a run of {@code config} in {@code workdir} was trained with. */
  public static ClassifierTokenizer load(Config config, Path workdir) throws IOException {
    return switch (name(config)) {
      case WORDS -> words(config, Vocabulary.load(workdir.resolve(Vocabulary.FILE_NAME)));
      default -> gpt2(config);
    };
  }

  /**
   * The config's tokenizer name, checked.
   *
   * @throws ConfigException for an unknown name, or word dropout with {@value #GPT2} (which has no
   *     {@code <unk>} to drop words to)
   */
  public static String name(Config config) {
    String name = config.getString(FIELD);
    if (!name.equals(WORDS) && !name.equals(GPT2)) {
      throw new ConfigException("config field " + FIELD + ": unknown tokenizer '" + name
          + "' (known: " + WORDS + ", " + GPT2 + ")");
    }
    if (name.equals(GPT2) && config.fields().contains("word_dropout_rate")
        && config.getDouble("word_dropout_rate") > 0) {
      throw new ConfigException("config field word_dropout_rate: word dropout replaces words with"
          + " <unk>, which tokenizer " + GPT2 + " does not have; set word_dropout_rate=0");
    }
    return name;
  }

  private static ClassifierTokenizer words(Config config, Vocabulary vocabulary) {
    return new ClassifierTokenizer(WORDS,
        new TextEncoder(vocabulary, config.getInt("max_input_length")), Optional.of(vocabulary));
  }

  private static ClassifierTokenizer gpt2(Config config) {
    return new ClassifierTokenizer(GPT2, new Gpt2Encoder(config.getInt("max_input_length")),
        Optional.empty());
  }

  /** Writes what {@link #load} reads besides config.json: {@code vocab.txt} for {@value #WORDS}. */
  public void save(Path workdir) throws IOException {
    if (vocabulary.isPresent()) {
      vocabulary.get().save(workdir.resolve(Vocabulary.FILE_NAME));
    }
  }

  public String name() {
    return name;
  }

  public TokenEncoder encoder() {
    return encoder;
  }

  /** The word vocabulary; empty for {@value #GPT2}. */
  public Optional<Vocabulary> vocabulary() {
    return vocabulary;
  }
}
