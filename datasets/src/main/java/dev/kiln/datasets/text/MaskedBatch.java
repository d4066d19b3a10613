package dev.kiln.datasets.text;

/**
 * A padded batch corrupted for masked-language-model training ({@link TokenMasker}): the
 * corrupted ids to feed, and per row a fixed number of prediction slots holding the selected
 * positions and their original ids. Unused slots (and every slot of a padding row) have weight 0.
 * As for any record of arrays, {@code equals} compares the arrays by identity.
 *
 * @param tokenIds {@code <int32>[batchSize, seqLength]} row-major: the ids after corruption
 * @param lengths {@code <int32>[batchSize]}: real ids per row, 0 for a padding row
 * @param predictionsPerRow the slots per row, P
 * @param positions {@code <int32>[batchSize, P]}: the selected positions (ascending), 0 in unused
 *     slots
 * @param targets {@code <int32>[batchSize, P]}: the original id at each selected position, 0 in
 *     unused slots
 * @param weights {@code <float32>[batchSize, P]}: 1 for a selected position, 0 for an unused slot
 */
public record MaskedBatch(
    int batchSize,
    int seqLength,
    int[] tokenIds,
    int[] lengths,
    int predictionsPerRow,
    int[] positions,
    int[] targets,
    float[] weights) {

  public MaskedBatch {
    int slots = batchSize * predictionsPerRow;
    if (tokenIds.length != batchSize * seqLength || lengths.length != batchSize
        || positions.length != slots || targets.length != slots || weights.length != slots) {
      throw new IllegalArgumentException("arrays do not match the shape [" + batchSize + ", "
          + seqLength + "] with " + predictionsPerRow + " predictions per row");
    }
  }

  /** The number of selected positions: the sum of the weights. */
  public int selectedCount() {
    int count = 0;
    for (float w : weights) {
      count += w > 0 ? 1 : 0;
    }
    return count;
  }
}
