package dev.kiln.launch.serve;

/**
 * Server-side batching ({@code --enable-batching}), named after TensorFlow Serving's {@code
 * BatchingParameters}: concurrent {@code :predict} requests for the same signature, with inputs of
 * the same type and the same shape past the batch dimension, are merged into one session run of
 * at most {@code maxBatchSize} rows and split back (see {@link BatchingServable}).
 *
 * @param maxBatchSize the most rows in one merged run ({@code --max-batch-size}); a request with
 *     more rows runs alone, unbatched
 * @param batchTimeoutMicros how long the oldest request of a batch that is not full may wait for
 *     others before the batch runs ({@code --batch-timeout-micros}); 0 runs whatever is queued as
 *     soon as a batch thread is free
 * @param numBatchThreads the threads running merged batches, one session run each ({@code
 *     --num-batch-threads})
 * @param maxEnqueuedBatches the most batches waiting per signature and input shape ({@code
 *     --max-enqueued-batches}); a request that would open one more gets a 503 with {@code
 *     Retry-After}
 */
public record BatchingParameters(
    int maxBatchSize, long batchTimeoutMicros, int numBatchThreads, int maxEnqueuedBatches) {
  public static final int DEFAULT_MAX_BATCH_SIZE = 32;
  public static final long DEFAULT_BATCH_TIMEOUT_MICROS = 0;
  public static final int DEFAULT_MAX_ENQUEUED_BATCHES = 10;

  public BatchingParameters {
    if (maxBatchSize < 1 || batchTimeoutMicros < 0 || numBatchThreads < 1
        || maxEnqueuedBatches < 1) {
      throw new IllegalArgumentException("--max-batch-size, --num-batch-threads and"
          + " --max-enqueued-batches must be positive, --batch-timeout-micros not negative");
    }
  }

  /** 32 rows, no timeout, one thread per core, 10 enqueued batches. */
  public static BatchingParameters defaults() {
    return new BatchingParameters(DEFAULT_MAX_BATCH_SIZE, DEFAULT_BATCH_TIMEOUT_MICROS,
        defaultThreads(), DEFAULT_MAX_ENQUEUED_BATCHES);
  }

  /** One per core, as TensorFlow Serving's default. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }
}
