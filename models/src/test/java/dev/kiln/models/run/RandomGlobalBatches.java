package dev.kiln.models.run;

import dev.kiln.datasets.text.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Global batches of random ids for the data-parallel tests; the last one is partly padding. */
final class RandomGlobalBatches {
  private RandomGlobalBatches() {}

  /**
   * @param times each batch's padded length, one per batch
   * @param lastReal the real rows of the last batch (the others have {@code batchSize})
   */
  static List<Batch> of(int batchSize, int vocabulary, List<Integer> times, int lastReal) {
    SplittableRandom random = new SplittableRandom(7);
    List<Batch> batches = new ArrayList<>();
    for (int b = 0; b < times.size(); b++) {
      int time = times.get(b);
      int real = b == times.size() - 1 ? lastReal : batchSize;
      int[] ids = new int[batchSize * time];
      int[] lengths = new int[batchSize];
      int[] labels = new int[batchSize];
      float[] weights = new float[batchSize];
      int[] indices = new int[real];
      for (int row = 0; row < real; row++) {
        lengths[row] = 1 + random.nextInt(time);
        for (int t = 0; t < lengths[row]; t++) {
          ids[row * time + t] = 1 + random.nextInt(vocabulary - 1);
        }
        labels[row] = random.nextInt(2);
        weights[row] = 1;
        indices[row] = b * batchSize + row;
      }
      batches.add(new Batch(batchSize, time, ids, lengths, labels, weights, indices));
    }
    return batches;
  }
}
