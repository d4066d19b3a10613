package dev.kiln.datasets.text;

import java.util.List;

/**
 * Text to the token ids a sequence classifier reads: at least one id, at most {@link #maxLength},
 * each in {@code [0, vocabularySize())}. Batches pad past each example's length with 0, which
 * models ignore through the lengths; an encoder's ids may use 0 as a real token.
 *
 * <p>Implementations are immutable and thread-safe: {@link #encodeAll} encodes in parallel.
 */
public interface TokenEncoder {

  /** {@code <int32>[length]} with {@code 1 <= length <= maxLength()}. */
  int[] encode(String text);

  /** The most ids {@link #encode} returns. */
  int maxLength();

  /** The number of distinct ids, the size of an embedding table over them. */
  int vocabularySize();

  /**
   * Encodes every example, keeping its label and index, in order. Texts are encoded on the common
   * fork-join pool (byte-pair encoding of 25,000 long reviews is seconds of CPU).
   */
  default EncodedDataset encodeAll(List<LabelledText> examples) {
    int[][] ids = examples.parallelStream().map(e -> encode(e.text())).toArray(int[][]::new);
    EncodedDataset.Builder dataset = EncodedDataset.builder();
    for (int i = 0; i < ids.length; i++) {
      LabelledText example = examples.get(i);
      dataset.add(new EncodedExample(ids[i], example.label(), example.index()));
    }
    return dataset.build();
  }
}
