package dev.kiln.datasets.tokenizers;

import dev.kiln.datasets.text.TokenEncoder;

/**
 * GPT-2 byte-pair ids of a text as a classifier reads them, as the 1D CNN on IMDB reviews
 * prepares them: {@code encode(text)[:maxLength]}, the ids exactly as GPT-2 (tiktoken's {@code
 * gpt2}) gives them, {@value Gpt2Tokenizer#VOCABULARY_SIZE} of them.
 *
 * <p>Padding: the ids are not shifted, so id 0 ("!") is a real token and also the value batches
 * pad with; every Kiln model reads only the first {@code length} ids of a row (the lengths travel
 * with the ids), so padding never reaches a result whatever its value. A client feeding an
 * export's {@code token_ids} uses tiktoken's ids as they are.
 *
 * <p>Empty text, which has no byte pairs, is encoded as the single id {@value
 * Gpt2Tokenizer#END_OF_TEXT_ID} ({@value Gpt2Tokenizer#END_OF_TEXT}, GPT-2's document boundary),
 * so that every text has at least one position to classify.
 */
public final class Gpt2Encoder implements TokenEncoder {
  /** The name a config's {@code tokenizer} field and an export's tokenizer record use. */
  public static final String NAME = "gpt2";
  /** tiktoken's and JTokkit's name of GPT-2's encoding. */
  public static final String ENCODING = "r50k_base";

  private static final int[] EMPTY_TEXT_IDS = {Gpt2Tokenizer.END_OF_TEXT_ID};

  private final Gpt2Tokenizer tokenizer;
  private final int maxLength;

  /**
   * @param maxLength the most ids a text keeps (the first ones)
   * @throws IllegalArgumentException if {@code maxLength} is less than 1
   */
  public Gpt2Encoder(int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
    }
    this.tokenizer = Gpt2Tokenizer.create();
    this.maxLength = maxLength;
  }

  @Override
  public int[] encode(String text) {
    int[] ids = tokenizer.encode(text, maxLength);
    return ids.length == 0 ? EMPTY_TEXT_IDS.clone() : ids;
  }

  @Override
  public int maxLength() {
    return maxLength;
  }

  /** {@value Gpt2Tokenizer#VOCABULARY_SIZE}. */
  @Override
  public int vocabularySize() {
    return Gpt2Tokenizer.VOCABULARY_SIZE;
  }

  /** The text of {@code ids} (see {@link Gpt2Tokenizer#decode}). */
  public String decode(int[] ids) {
    return tokenizer.decode(ids);
  }

  @Override
  public String toString() {
    return "Gpt2Encoder[" + ENCODING + ", maxLength " + maxLength + "]";
  }
}
