package dev.kiln.datasets.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tokenizes free text (IMDB reviews) the way the SST-2 sentences already are: lower case, Penn
 * Treebank style, as the Stanford tokenizer left them. {@code "It's a <br />great film, isn't
 * it?"} becomes {@code it 's a great film , is n't it ?}.
 *
 * <ul>
 *   <li>HTML line breaks ({@code <br />}) become spaces; curly quotes become straight ones;
 *   <li>punctuation is split off as tokens: {@code , . ; : ! ? ( ) [ ] { } $ &}, a run of periods
 *       as {@code ...}, a run of hyphens as {@code --}; a comma or colon between digits stays
 *       ({@code 1,000}, {@code 9:30}), as does a period inside a token ({@code 7.5}) or ending
 *       an abbreviation ({@code mr.}, {@code u.s.}; not a lone initial); {@code film.the} (no space after a
 *       sentence's period, common in reviews) is split;
 *   <li>clitics become tokens: {@code n't 's 're 've 'll 'd 'm} ({@code don't} → {@code do n't},
 *       {@code can't} → {@code ca n't});
 *   <li>double quotes become {@code ``} (opening) and {@code ''} (closing), a single opening quote
 *       {@code `}, a single closing quote {@code '}.
 * </ul>
 *
 * Hyphenated words ({@code well-made}) stay one token, as in SST-2.
 */
public final class SstStyleTokenizer {
  private static final Pattern LINE_BREAK = Pattern.compile("<br\\s*/?>");
  private static final Pattern ELLIPSIS = Pattern.compile("\\.{2,}|\u2026");
  private static final Pattern DASHES = Pattern.compile("-{2,}|\u2013|\u2014");
  private static final Pattern ALWAYS_SPLIT = Pattern.compile("[;!?()\\[\\]{}$&]");
  private static final Pattern COMMA_OR_COLON = Pattern.compile("(?<!\\d)[,:]|[,:](?!\\d)");
  /** A sentence's period with no space after it: two letters or more on each side. */
  private static final Pattern GLUED_PERIOD = Pattern.compile("(?<=\\p{L}{2})\\.(?=\\p{L}{2})");
  private static final Pattern INITIALS = Pattern.compile("(\\p{L}\\.){2,}");
  private static final Set<String> ABBREVIATIONS = Set.of("mr.", "mrs.", "ms.", "dr.", "st.",
      "jr.", "sr.", "vs.", "etc.", "prof.", "mt.", "no.", "vol.", "inc.", "co.");
  private static final List<String> CLITICS = List.of("n't", "'s", "'re", "'ve", "'ll", "'d", "'m");

  private SstStyleTokenizer() {}

  /** The tokens of {@code text}, in order. */
  public static List<String> tokenize(String text) {
    String s = text.toLowerCase(Locale.ROOT)
        .replace('\u2019', '\'').replace('\u2018', '\'')
        .replace('\u201c', '"').replace('\u201d', '"');
    s = LINE_BREAK.matcher(s).replaceAll(" ");
    s = ELLIPSIS.matcher(s).replaceAll(" ... ");
    s = DASHES.matcher(s).replaceAll(" -- ");
    s = ALWAYS_SPLIT.matcher(s).replaceAll(" $0 ");
    s = COMMA_OR_COLON.matcher(s).replaceAll(" $0 ");
    s = GLUED_PERIOD.matcher(s).replaceAll(" . ");
    s = doubleQuotes(s);
    List<String> tokens = new ArrayList<>();
    for (String token : WhitespaceTokenizer.tokenize(s)) {
      split(token, tokens);
    }
    return tokens;
  }

  /** {@code "} as {@code ``} at the start of a word, {@code ''} elsewhere, each a token. */
  private static String doubleQuotes(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '"') {
        out.append(c);
        continue;
      }
      boolean opening = i == 0 || Character.isWhitespace(s.charAt(i - 1));
      out.append(opening ? " `` " : " '' ");
    }
    return out.toString();
  }

  /** Appends the tokens of one whitespace token: quotes, the final period and clitics split off. */
  private static void split(String token, List<String> out) {
    String word = token;
    while (word.length() > 1 && (word.startsWith("'") || word.startsWith("`"))
        && !CLITICS.contains(word) && !word.equals("''") && !word.equals("``")) {
      out.add("`");
      word = word.substring(1);
    }
    List<String> suffixes = new ArrayList<>();
    boolean changed = true;
    while (changed && word.length() > 1) {
      changed = false;
      if (word.endsWith(".") && !isAbbreviation(word) && !word.equals("...")) {
        suffixes.add(0, ".");
        word = word.substring(0, word.length() - 1);
        changed = true;
      } else if (word.endsWith("'") && !word.equals("''")) {
        suffixes.add(0, "'");
        word = word.substring(0, word.length() - 1);
        changed = true;
      }
    }
    for (String clitic : CLITICS) {
      if (word.length() > clitic.length() && word.endsWith(clitic)) {
        suffixes.add(0, clitic);
        word = word.substring(0, word.length() - clitic.length());
        break;
      }
    }
    if (!word.isEmpty()) {
      out.add(word);
    }
    out.addAll(suffixes);
  }

  private static boolean isAbbreviation(String word) {
    return ABBREVIATIONS.contains(word) || INITIALS.matcher(word).matches();
  }
}
