package dev.kiln.datasets.text;

/**
 * A padded batch of sparse feature vectors ({@link SparseVector}s), each row's non-zero entries
 * as (feature index, value) pairs: a linear layer gathers the rows of its weights at {@code
 * featureIds} and sums them scaled by {@code featureValues}. The first {@link #numExamples} rows
 * hold real examples; the rest are padding rows with weight 0. As for any record of arrays,
 * {@code equals} compares the arrays by identity.
 *
 * @param batchSize the number of rows, padding rows included
 * @param width the number of pairs per row: at least the most non-zero entries of any row, the
 *     rest of a row padded with index 0 and value 0 (which add nothing)
 * @param featureIds {@code <int32>[batchSize, width]}, row-major: the indices of each row's
 *     entries, in increasing order, then zeros
 * @param featureValues {@code <float32>[batchSize, width]}, row-major: the values at those
 *     indices, then zeros
 * @param labels {@code <int32>[batchSize]}: 0 for a padding row
 * @param weights {@code <float32>[batchSize]}: 1 for a real example, 0 for a padding row
 * @param exampleIndices {@code <int32>[numExamples]}: the position of each real row's example in
 *     the list the batcher was given
 */
public record FeatureBatch(
    int batchSize,
    int width,
    int[] featureIds,
    float[] featureValues,
    int[] labels,
    float[] weights,
    int[] exampleIndices) implements LabelledBatch {

  public FeatureBatch {
    if (featureIds.length != batchSize * width
        || featureValues.length != batchSize * width
        || labels.length != batchSize
        || weights.length != batchSize
        || exampleIndices.length > batchSize) {
      throw new IllegalArgumentException(
          "arrays do not match the shape [" + batchSize + ", " + width + "]");
    }
  }
}
