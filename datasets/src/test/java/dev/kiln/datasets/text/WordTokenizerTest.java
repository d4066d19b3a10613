package dev.kiln.datasets.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Expected tokens are scikit-learn 1.9.1's, from {@code TfidfVectorizer().build_analyzer()} (which
 * lowercases first) on the same strings.
 */
class WordTokenizerTest {

  /** What scikit-learn's analyzer does: lowercase, then tokenize (as {@link TermCounter}). */
  private static List<String> analyze(String text) {
    return WordTokenizer.tokenize(text.toLowerCase(Locale.ROOT));
  }

  @Test
  void punctuationSeparatesAndOneCharacterWordsDrop() {
    assertEquals(List.of("it", "great", "film", "really", "really", "great"),
        analyze("It's a GREAT film -- really, really great!"));
    assertEquals(List.of("c_d", "x2", "42"), analyze("I  a  b c_d x2 42 7"));
  }

  @Test
  void lettersOfAnyScriptAndNumbersAreWordCharacters() {
    assertEquals(List.of("naïve", "café", "déjà", "vu"), analyze("naïve café déjà-vu"));
    assertEquals(List.of("١٢", "二十", "ⅻⅻ", "½½"), analyze("١٢ ٣ 二十 ⅫⅫ ½½"));
    assertEquals(List.of("ab", "cd", "ef"), analyze("ab\u00a0cd\u3000ef"));
  }

  @Test
  void combiningMarksAndSymbolsAreNot() {
    // "été" spelled with combining acute accents (U+0301): the marks split the word.
    assertEquals(List.of("te", "ok"), analyze("e\u0301te\u0301 ok"));
    assertEquals(List.of("emoji", "face", "snake_case_word"),
        analyze("emoji\uD83D\uDE00face snake_case_word"));
    // Lowercased, "İ" is "i" + U+0307 COMBINING DOT ABOVE: a one-letter word, dropped.
    assertEquals(List.of("école", "straße", "stanbul"), analyze("ÉCOLE Straße İstanbul"));
  }

  @Test
  void emptyAndBlankTextHaveNoTokens() {
    assertEquals(List.of(), WordTokenizer.tokenize(""));
    assertEquals(List.of(), WordTokenizer.tokenize("   "));
    assertEquals(List.of(), WordTokenizer.tokenize("a ! ? 1"));
  }

  @Test
  void tfidfWithThisTokenizerGivesScikitLearnsValues() {
    // TfidfVectorizer().fit(corpus) in scikit-learn 1.9.1: vocabulary_ and idf_, then transform.
    TfidfVectorizer v = TfidfVectorizer.builder().tokenizer(WordTokenizer::tokenize).fit(List.of(
        "The film is GREAT, great!", "a dull, dull film.", "It's not great; it's dull",
        "I liked it"));

    assertEquals(List.of("dull", "film", "great", "is", "it", "liked", "not", "the"), v.terms());
    double df2 = 1.5108256237659907;
    double df1 = 1.916290731874155;
    assertArrayEquals(new double[] {df2, df2, df2, df1, df2, df1, df1, df1}, v.idf(), 1e-15);
    SparseVector x = v.transform("It is great, not dull.");
    assertArrayEquals(new int[] {0, 2, 3, 4, 6}, x.indices());
    assertArrayEquals(new float[] {(float) 0.401042746469996, (float) 0.401042746469996,
        (float) 0.5086718718935652, (float) 0.401042746469996, (float) 0.5086718718935652},
        x.values(), 0f);
    assertArrayEquals(new int[] {1, 2}, v.transform("GREAT film!!").indices());
    assertArrayEquals(new float[] {1f}, v.transform("dull dull DULL").values(), 0f);
    assertEquals(0, v.transform("unknown words only").size());
  }
}
