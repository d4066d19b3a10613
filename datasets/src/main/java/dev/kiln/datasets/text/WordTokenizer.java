package dev.kiln.datasets.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scikit-learn's default tokenizer for {@code CountVectorizer} and {@code TfidfVectorizer}: the
 * matches of {@code token_pattern=r"(?u)\b\w\w+\b"}, that is every maximal run of two or more word
 * characters. Punctuation and whitespace separate tokens and are dropped, and so are one-character
 * words ("a", "I", a lone digit).
 *
 * <p>A word character is a letter ({@code \p{L}}), a number ({@code \p{N}}) or the underscore,
 * which is what Python's {@code \w} accepts in a Unicode pattern ({@code str.isalnum()} or
 * {@code _}); combining marks are not word characters in either. Lengths count code points, as
 * Python does.
 */
public final class WordTokenizer {

  /** One word character, in a syntax both {@link Pattern} and RE2 read the same way. */
  public static final String WORD_CHARACTER = "[\\p{L}\\p{N}_]";

  private static final Pattern TOKEN = Pattern.compile(WORD_CHARACTER + "{2,}");

  private WordTokenizer() {}

  /** The tokens of {@code text}, in order. */
  public static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(text);
    while (matcher.find()) {
      tokens.add(matcher.group());
    }
    return tokens;
  }
}
