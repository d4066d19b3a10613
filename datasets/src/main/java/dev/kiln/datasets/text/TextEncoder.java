package dev.kiln.datasets.text;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a sentence into token ids: {@code <s>}, the ids of its whitespace tokens (unknown words
 * as {@code <unk>}), {@code </s>}. Sentences longer than {@code maxLength} ids lose words from
 * the end; the result always starts with {@code <s>} and ends with {@code </s>}.
 */
public final class TextEncoder implements TokenEncoder {

  /** The shortest useful {@code maxLength}: {@code <s>}, one word, {@code </s>}. */
  public static final int MIN_MAX_LENGTH = 3;

  private final Vocabulary vocabulary;
  private final int maxLength;

  /**
   * @param maxLength the most ids an encoded sentence may have, BOS and EOS included
   * @throws IllegalArgumentException if {@code maxLength} is less than {@value #MIN_MAX_LENGTH}
   */
  public TextEncoder(Vocabulary vocabulary, int maxLength) {
    if (maxLength < MIN_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "maxLength must be at least " + MIN_MAX_LENGTH + " (<s>, a word, </s>), got "
              + maxLength);
    }
    this.vocabulary = vocabulary;
    this.maxLength = maxLength;
  }

  /** The most ids {@link #encode} returns. */
  @Override
  public int maxLength() {
    return maxLength;
  }

  /** The vocabulary's size, specials included. */
  @Override
  public int vocabularySize() {
    return vocabulary.size();
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** {@code <int32>[length]} with {@code 2 <= length <= maxLength}: BOS, word ids, EOS. */
  @Override
  public int[] encode(String sentence) {
    List<String> words = WhitespaceTokenizer.tokenize(sentence);
    int kept = Math.min(words.size(), maxLength - 2);
    int[] ids = new int[kept + 2];
    ids[0] = Vocabulary.BOS_ID;
    for (int i = 0; i < kept; i++) {
      ids[i + 1] = vocabulary.id(words.get(i));
    }
    ids[kept + 1] = Vocabulary.EOS_ID;
    return ids;
  }

  /** The tokens of {@code ids} joined by single spaces, specials and padding included. */
  public String decode(int[] ids) {
    return Arrays.stream(ids).mapToObj(vocabulary::token).collect(Collectors.joining(" "));
  }
}
