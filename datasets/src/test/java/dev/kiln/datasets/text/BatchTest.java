package dev.kiln.datasets.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchTest {

  @Test
  void numExamplesCountsTheRealRows() {
    Batch batch =
        new Batch(3, 2, new int[6], new int[3], new int[3], new float[3], new int[] {4, 9});

    assertEquals(2, batch.numExamples());
  }

  @Test
  void arraysThatDoNotMatchTheShapeAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Batch(2, 3, new int[5], new int[2], new int[2], new float[2], new int[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Batch(2, 3, new int[6], new int[2], new int[2], new float[2], new int[3]));
  }

  @Test
  void rowsCutsOneWorkersShareWithItsRealRows() {
    // 4 rows of length 2, the first 3 real (examples 7, 8, 9).
    Batch batch = new Batch(4, 2, new int[] {1, 2, 3, 4, 5, 6, 0, 0}, new int[] {2, 2, 1, 0},
        new int[] {1, 0, 1, 0}, new float[] {1, 1, 1, 0}, new int[] {7, 8, 9});
    Batch second = batch.rows(2, 2);
    assertEquals(2, second.batchSize());
    assertArrayEquals(new int[] {5, 6, 0, 0}, second.tokenIds());
    assertArrayEquals(new int[] {1, 0}, second.lengths());
    assertArrayEquals(new int[] {1, 0}, second.labels());
    assertArrayEquals(new float[] {1, 0}, second.weights());
    assertArrayEquals(new int[] {9}, second.exampleIndices());
    assertArrayEquals(new int[] {7, 8}, batch.rows(0, 2).exampleIndices());
    assertArrayEquals(new int[0], batch.rows(3, 1).exampleIndices());
    assertThrows(IllegalArgumentException.class, () -> batch.rows(3, 2));
  }
}
