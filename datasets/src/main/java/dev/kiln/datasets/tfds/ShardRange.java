package dev.kiln.datasets.tfds;

/**
 * The records {@code [skip, skip + take)} of one shard file (TFDS's {@code FileInstruction}).
 *
 * @param shard the shard's index in its split
 * @param shardLength the number of records {@code dataset_info.json} lists for the shard
 */
public record ShardRange(int shard, long shardLength, long skip, long take) {

  /** Whether the range runs to the shard's last record. */
  public boolean reachesEnd() {
    return skip + take == shardLength;
  }
}
