package dev.kiln.datasets.text;

/**
 * What every padded batch of a binary classifier has, whatever its inputs are ({@link Batch}:
 * token ids and lengths; {@link FeatureBatch}: sparse feature pairs): the labels and weights of
 * its rows, and which of them are real examples.
 */
public interface LabelledBatch {

  /** The number of rows, padding rows included. */
  int batchSize();

  /** {@code <int32>[batchSize]}: 0 for a padding row. */
  int[] labels();

  /** {@code <float32>[batchSize]}: 1 for a real example, 0 for a padding row. */
  float[] weights();

  /** {@code <int32>[numExamples]}: the index of each real row's example. */
  int[] exampleIndices();

  /** The number of real (weight 1) rows; they come first. */
  default int numExamples() {
    return exampleIndices().length;
  }
}
