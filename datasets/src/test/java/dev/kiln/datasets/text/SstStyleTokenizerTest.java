package dev.kiln.datasets.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SstStyleTokenizerTest {

  private static String tokens(String text) {
    return String.join(" ", SstStyleTokenizer.tokenize(text));
  }

  @Test
  void lowerCasesRemovesLineBreaksAndSplitsPunctuationAndClitics() {
    assertEquals("it 's a great film , is n't it ?",
        tokens("It's a <br />great film, isn't it?"));
    assertEquals("i ca n't believe they 've done it again !",
        tokens("I can't believe they've done it again!<br /><br/>"));
    assertEquals("we 'll see ; i 'd say you 're right -- i 'm sure .",
        tokens("We'll see; I'd say you're right--I'm sure."));
    assertEquals("the end ... or is it ?", tokens("The end...or is it?"));
  }

  @Test
  void keepsNumbersAbbreviationsAndHyphenatedWords() {
    assertEquals("mr. smith paid $ 1,000 at 9:30 for a well-made 7.5 film made in the u.s. today .",
        tokens("Mr. Smith paid $1,000 at 9:30 for a well-made 7.5 film made in the U.S. today."));
  }

  @Test
  void splitsSentencesWithoutASpaceAfterThePeriod() {
    assertEquals("a terrible movie . the acting was bad .",
        tokens("A terrible movie.The acting was bad."));
  }

  @Test
  void writesQuotesAsSst2Does() {
    assertEquals("he said `` wow '' and left ( quickly ) .",
        tokens("He said \"wow\" and left (quickly)."));
    assertEquals("the ` classic ' films ' plots", tokens("The 'classic' films' plots"));
    assertEquals("do n't", tokens("don\u2019t"));
  }

  @Test
  void emptyAndBlankTextHaveNoTokens() {
    assertEquals(List.of(), SstStyleTokenizer.tokenize(""));
    assertEquals(List.of(), SstStyleTokenizer.tokenize(" <br /> "));
  }
}
