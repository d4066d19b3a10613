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

  /**
   * Rows {@code first..first+count-1} of this batch as a batch of {@code count} rows: one
   * data-parallel worker's share. Its real rows are those of the range that were real here.
   */
  public Batch rows(int first, int count) {
    if (first < 0 || count < 0 || first + count > batchSize) {
      throw new IllegalArgumentException("rows " + first + ".." + (first + count - 1)
          + " are not in a batch of " + batchSize);
    }
    int real = Math.max(0, Math.min(exampleIndices.length, first + count) - first);
    int[] ids = java.util.Arrays.copyOfRange(tokenIds, first * seqLength,
        (first + count) * seqLength);
    return new Batch(count, seqLength, ids,
        java.util.Arrays.copyOfRange(lengths, first, first + count),
        java.util.Arrays.copyOfRange(labels, first, first + count),
        java.util.Arrays.copyOfRange(weights, first, first + count),
        java.util.Arrays.copyOfRange(exampleIndices, Math.min(first, exampleIndices.length),
            Math.min(first, exampleIndices.length) + real));
  }
}
