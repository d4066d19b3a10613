package dev.kiln.datasets.tfds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AbsoluteSliceTest {

  /** Shards [0, 7), [7, 18), empty, [18, 22), [22, 25). */
  private static final List<Long> LENGTHS = List.of(7L, 11L, 0L, 4L, 3L);

  @Test
  void sliceAcrossShardsSkipsInTheFirstAndTakesPartOfTheLast() {
    assertEquals(List.of(new ShardRange(0, 7, 5, 2), new ShardRange(1, 11, 0, 11),
            new ShardRange(3, 4, 0, 2)),
        new AbsoluteSlice("train", 5, 20).shardRanges(LENGTHS));
  }

  @Test
  void sliceOnShardBoundariesReadsWholeShardsOnly() {
    List<ShardRange> ranges = new AbsoluteSlice("train", 7, 22).shardRanges(LENGTHS);
    assertEquals(List.of(new ShardRange(1, 11, 0, 11), new ShardRange(3, 4, 0, 4)), ranges);
    assertEquals(true, ranges.get(1).reachesEnd());
  }

  @Test
  void sliceInsideOneShard() {
    ShardRange range = new AbsoluteSlice("train", 8, 10).shardRanges(LENGTHS).get(0);
    assertEquals(new ShardRange(1, 11, 1, 2), range);
    assertEquals(false, range.reachesEnd());
    assertEquals(2, new AbsoluteSlice("train", 8, 10).size());
  }
}
