package dev.kiln.datasets.text;

import com.google.common.hash.Hashing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Batches of labelled sparse feature vectors (TF-IDF rows, for instance) as {@link FeatureBatch}es
 * of {@code batchSize} rows, the last one padded with weight-0 rows.
 *
 * <p>{@link #epoch} reshuffles every epoch from a {@link Random} seeded by a murmur3 hash of
 * {@code (seed, epoch)}, as {@link TrainBatcher} does: the same seed and epoch give the same
 * batches on any JVM. {@link #inOrder} keeps the given order, for evaluation. A batch is as wide
 * as its longest row rounded up to a multiple of {@value #WIDTH_MULTIPLE}, so a compiled step sees
 * few distinct shapes.
 */
public final class FeatureBatcher {
  /** Batch widths are multiples of this. */
  public static final int WIDTH_MULTIPLE = 8;

  private final List<SparseVector> vectors;
  private final int[] labels;
  private final int batchSize;
  private final long seed;

  /**
   * @param vectors the examples' features, all of one dimension
   * @param labels the class of each example
   * @throws IllegalArgumentException if the sizes disagree or {@code batchSize} is not positive
   */
  public FeatureBatcher(List<SparseVector> vectors, int[] labels, int batchSize, long seed) {
    if (vectors.size() != labels.length) {
      throw new IllegalArgumentException(
          vectors.size() + " feature vectors but " + labels.length + " labels");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    for (SparseVector vector : vectors) {
      if (vector.dimension() != vectors.get(0).dimension()) {
        throw new IllegalArgumentException("feature vectors of dimensions "
            + vectors.get(0).dimension() + " and " + vector.dimension());
      }
    }
    this.vectors = List.copyOf(vectors);
    this.labels = labels.clone();
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /** The number of batches of an epoch, and of {@link #inOrder}. */
  public int batchesPerEpoch() {
    return (vectors.size() + batchSize - 1) / batchSize;
  }

  /** The batches of epoch {@code epoch} (from 0), the examples shuffled. */
  public Iterable<FeatureBatch> epoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must not be negative, got " + epoch);
    }
    long epochSeed = Hashing.murmur3_128().newHasher().putLong(seed).putInt(epoch).hash().asLong();
    Random random = new Random(epochSeed);
    int[] rows = IntStream.range(0, vectors.size()).toArray();
    for (int i = rows.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = rows[i];
      rows[i] = rows[j];
      rows[j] = swap;
    }
    return batches(rows);
  }

  /** Every example once, in the given order. */
  public Iterable<FeatureBatch> inOrder() {
    return batches(IntStream.range(0, vectors.size()).toArray());
  }

  private Iterable<FeatureBatch> batches(int[] rows) {
    List<int[]> slices = new ArrayList<>();
    for (int start = 0; start < rows.length; start += batchSize) {
      slices.add(Arrays.copyOfRange(rows, start, Math.min(rows.length, start + batchSize)));
    }
    return () -> slices.stream().map(this::batch).iterator();
  }

  /** The batch of {@code rows}, built when it is reached. */
  private FeatureBatch batch(int[] rows) {
    int longest = 0;
    for (int row : rows) {
      longest = Math.max(longest, vectors.get(row).size());
    }
    int width = Math.max(WIDTH_MULTIPLE,
        (longest + WIDTH_MULTIPLE - 1) / WIDTH_MULTIPLE * WIDTH_MULTIPLE);
    int[] ids = new int[batchSize * width];
    float[] values = new float[batchSize * width];
    int[] batchLabels = new int[batchSize];
    float[] weights = new float[batchSize];
    for (int r = 0; r < rows.length; r++) {
      SparseVector vector = vectors.get(rows[r]);
      System.arraycopy(vector.indices(), 0, ids, r * width, vector.size());
      System.arraycopy(vector.values(), 0, values, r * width, vector.size());
      batchLabels[r] = labels[rows[r]];
      weights[r] = 1f;
    }
    return new FeatureBatch(batchSize, width, ids, values, batchLabels, weights, rows.clone());
  }
}
