package dev.kiln.datasets.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeatureBatcherTest {

  private static final List<SparseVector> VECTORS = List.of(
      new SparseVector(20, new int[] {3, 7}, new float[] {0.6f, 0.8f}),
      new SparseVector(20, new int[] {}, new float[] {}),
      new SparseVector(20, new int[] {19}, new float[] {1f}),
      new SparseVector(20, IntStream.range(0, 9).toArray(), new float[] {
          1, 2, 3, 4, 5, 6, 7, 8, 9}),
      new SparseVector(20, new int[] {0, 5}, new float[] {0.5f, -0.5f}));
  private static final int[] LABELS = {1, 0, 1, 0, 1};

  @Test
  void inOrderPacksEachRowsPairsThenPadsRowsAndWidth() {
    List<FeatureBatch> batches = list(new FeatureBatcher(VECTORS, LABELS, 2, 0).inOrder());

    assertEquals(3, batches.size());
    FeatureBatch first = batches.get(0);
    assertEquals(2, first.batchSize());
    assertEquals(8, first.width(), "2 pairs at most, rounded up to 8");
    assertArrayEquals(new int[] {3, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        first.featureIds());
    assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        first.featureValues());
    assertArrayEquals(new int[] {1, 0}, first.labels());
    assertArrayEquals(new float[] {1, 1}, first.weights());
    assertArrayEquals(new int[] {0, 1}, first.exampleIndices());

    FeatureBatch second = batches.get(1);
    assertEquals(16, second.width(), "9 pairs, rounded up to 16");
    assertEquals(19, second.featureIds()[0]);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0},
        Arrays.copyOfRange(second.featureIds(), 16, 32));
    assertEquals(9f, second.featureValues()[16 + 8]);

    FeatureBatch last = batches.get(2);
    assertEquals(1, last.numExamples());
    assertArrayEquals(new int[] {4}, last.exampleIndices());
    assertArrayEquals(new int[] {1, 0}, last.labels());
    assertArrayEquals(new float[] {1, 0}, last.weights(), "the padding row weighs nothing");
    assertArrayEquals(new float[] {0.5f, -0.5f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        last.featureValues());
  }

  @Test
  void eachEpochShufflesEveryExampleOnceTheSameWayForTheSameSeed() {
    FeatureBatcher batcher = new FeatureBatcher(VECTORS, LABELS, 2, 7);

    List<Integer> epoch0 = order(batcher.epoch(0));
    assertEquals(List.of(0, 1, 2, 3, 4), epoch0.stream().sorted().toList());
    assertEquals(epoch0, order(new FeatureBatcher(VECTORS, LABELS, 2, 7).epoch(0)));
    List<List<Integer>> epochs = new ArrayList<>();
    for (int epoch = 0; epoch < 5; epoch++) {
      epochs.add(order(batcher.epoch(epoch)));
    }
    assertNotEquals(1, epochs.stream().distinct().count(), "epochs differ in order");
    assertEquals(3, batcher.batchesPerEpoch());
    for (FeatureBatch batch : batcher.epoch(3)) {
      for (int r = 0; r < batch.numExamples(); r++) {
        int example = batch.exampleIndices()[r];
        assertEquals(LABELS[example], batch.labels()[r]);
        SparseVector vector = VECTORS.get(example);
        assertArrayEquals(vector.indices(), Arrays.copyOfRange(batch.featureIds(),
            r * batch.width(), r * batch.width() + vector.size()));
      }
    }
  }

  @Test
  void mismatchedInputsAreRefused() {
    assertEquals("5 feature vectors but 1 labels", assertThrows(IllegalArgumentException.class,
        () -> new FeatureBatcher(VECTORS, new int[] {1}, 2, 0)).getMessage());
    assertEquals("batch size must be positive, got 0", assertThrows(
        IllegalArgumentException.class, () -> new FeatureBatcher(VECTORS, LABELS, 0, 0))
        .getMessage());
    assertEquals("feature vectors of dimensions 20 and 3", assertThrows(
        IllegalArgumentException.class, () -> new FeatureBatcher(List.of(VECTORS.get(0),
            new SparseVector(3, new int[] {}, new float[] {})), new int[] {0, 1}, 2, 0))
        .getMessage());
  }

  private static List<FeatureBatch> list(Iterable<FeatureBatch> batches) {
    List<FeatureBatch> list = new ArrayList<>();
    batches.forEach(list::add);
    return list;
  }

  private static List<Integer> order(Iterable<FeatureBatch> batches) {
    List<Integer> order = new ArrayList<>();
    for (FeatureBatch batch : batches) {
      Arrays.stream(batch.exampleIndices()).forEach(order::add);
    }
    return order;
  }
}
