package dev.kiln.datasets.text;

/**
 * A padded batch of encoded sentences, ready to feed to a graph of fixed shape. The first
 * {@link #numExamples} rows hold real examples; the rest are padding rows of zeros with weight 0.
 * As for any record of arrays, {@code equals} compares the arrays by identity.
 *
 * @param batchSize the number of rows, padding rows included
 * @param seqLength the number of ids per row, padding included
 * @param tokenIds {@code <int32>[batchSize, seqLength]}, row-major, padded with {@link
 *     Vocabulary#PAD_ID}
 * @param lengths {@code <int32>[batchSize]}: the ids in each row, BOS and EOS included; 0 for a
 *     padding row
 * @param labels {@code <int32>[batchSize]}: 0 for a padding row
 * @param weights {@code <float32>[batchSize]}: 1 for a real example, 0 for a padding row
 * @param exampleIndices {@code <int32>[numExamples]}: the {@link EncodedExample#index} of each
 *     real row
 */
public record Batch(
    int batchSize,
    int seqLength,
    int[] tokenIds,
    int[] lengths,
    int[] labels,
    float[] weights,
    int[] exampleIndices) implements LabelledBatch {

  public Batch {
    if (tokenIds.length != batchSize * seqLength
        || lengths.length != batchSize
        || labels.length != batchSize
        || weights.length != batchSize
        || exampleIndices.length > batchSize) {
      throw new IllegalArgumentException(
          "arrays do not match the shape [" + batchSize + ", " + seqLength + "]");
    }
  }
}
