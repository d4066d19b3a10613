package dev.kiln.framework.train;

import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.optim.CrossReplicaSum;

/**
 * One worker's share of a data-parallel train step: rows {@code rank·b .. rank·b + b - 1} of every
 * global batch, {@code b = batchSize / workers}, and the all-reduce that sums the workers'
 * gradients.
 *
 * @param rank this worker's place among the workers (0-based)
 */
public record DataParallelShard(CrossReplicaSum allReduce, int rank) {

  /** The rows per worker; a batch size the workers cannot share evenly is a one-line error. */
  public int rows(int batchSize) {
    int workers = allReduce.workers();
    if (batchSize % workers != 0) {
      throw new ConfigException("config field batch_size: " + batchSize + " is not divisible by"
          + " the " + workers + " workers (each takes an equal share of every batch)");
    }
    return batchSize / workers;
  }

  /** The first row of the global batch this worker takes. */
  public int firstRow(int batchSize) {
    return rank * rows(batchSize);
  }
}
