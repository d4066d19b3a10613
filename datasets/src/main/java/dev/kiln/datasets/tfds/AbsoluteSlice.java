package dev.kiln.datasets.tfds;

import java.util.ArrayList;
import java.util.List;

/**
 * The examples {@code [from, to)} of one split, indexed over its shards in shard order: what a
 * {@link SplitSlice} selects once the split's size is known (TFDS's {@code _AbsoluteInstruction}).
 * {@code from >= to} selects nothing.
 */
public record AbsoluteSlice(String split, long from, long to) {

  /** The number of examples selected. */
  public long size() {
    return Math.max(0, to - from);
  }

  /**
   * Which records of which shard files hold the slice, in order, as TFDS's {@code
   * shard_utils.get_file_instructions} finds them: each shard the slice overlaps, with the records
   * to skip at its start and the number to take after them. Empty shards and shards outside the
   * slice are left out.
   */
  public List<ShardRange> shardRanges(List<Long> shardLengths) {
    List<ShardRange> ranges = new ArrayList<>();
    long shardStart = 0;
    for (int shard = 0; shard < shardLengths.size(); shard++) {
      long length = shardLengths.get(shard);
      long shardEnd = shardStart + length;
      long first = Math.max(from, shardStart);
      long last = Math.min(to, shardEnd);
      if (first < last) {
        ranges.add(new ShardRange(shard, length, first - shardStart, last - first));
      }
      shardStart = shardEnd;
    }
    return ranges;
  }
}
