package dev.kiln.datasets.tokenizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.datasets.text.EncodedDataset;
import dev.kiln.datasets.text.LabelledText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Gpt2EncoderTest {

  @Test
  void idsAreGpt2sUnshiftedAndCutToMaxLength() {
    Gpt2Encoder encoder = new Gpt2Encoder(3);
    // "Hello, world!" is 15496 11 995 0 (0 is "!", a real token: padding is told apart by lengths)
    assertArrayEquals(new int[] {15496, 11, 995}, encoder.encode("Hello, world!"));
    assertArrayEquals(new int[] {15496, 11, 995, 0}, new Gpt2Encoder(500).encode("Hello, world!"));
    assertEquals(50257, encoder.vocabularySize());
    assertEquals(3, encoder.maxLength());
  }

  @Test
  void emptyTextIsEndOfText() {
    assertArrayEquals(new int[] {50256}, new Gpt2Encoder(10).encode(""));
    // whitespace is text: " " is id 220
    assertArrayEquals(new int[] {220}, new Gpt2Encoder(10).encode(" "));
  }

  @Test
  void brTagsAreEncodedAsTheyAre() {
    // the reference encodes raw IMDB text, markup included: "<br />" is < br /> = 27 1671 11037
    assertArrayEquals(new int[] {27, 1671, 11037}, new Gpt2Encoder(10).encode("<br />"));
  }

  @Test
  void encodeAllKeepsOrderLabelsAndIndicesWhenEncodingInParallel() {
    List<LabelledText> examples = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      examples.add(new LabelledText("review number " + i + " " + "word ".repeat(i % 37), i % 2, 10 * i));
    }
    Gpt2Encoder encoder = new Gpt2Encoder(20);
    EncodedDataset dataset = encoder.encodeAll(examples);
    assertEquals(2000, dataset.size());
    for (int i = 0; i < 2000; i++) {
      assertArrayEquals(encoder.encode(examples.get(i).text()), dataset.example(i).ids(), "example " + i);
      assertEquals(i % 2, dataset.example(i).label());
      assertEquals(10 * i, dataset.example(i).index());
    }
  }

  @Test
  void maxLengthMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Gpt2Encoder(0));
    assertEquals("maxLength must be at least 1, got 0", e.getMessage());
  }
}
