package dev.kiln.datasets.tfds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.datasets.DatasetException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected boundaries derived by hand from TFDS's {@code _rel_to_abs_instr} and {@code
 * _pct_to_abs_closest} ({@code int(round(p * n / 100.0))}, Python's round: half to even).
 */
class SplitSliceTest {

  /** 25 examples in uneven shards: [0, 7), [7, 18), [18, 22), [22, 25). */
  private static final SplitInfo TRAIN = new SplitInfo("train", List.of(7L, 11L, 4L, 3L), 0, "");

  @Test
  void percentBoundariesRoundHalfToEven() {
    // 10% of 25 = 2.5 -> 2, 30% = 7.5 -> 8, 50% = 12.5 -> 12, 90% = 22.5 -> 22
    assertEquals(new AbsoluteSlice("train", 0, 2), resolve("train[:10%]"));
    assertEquals(new AbsoluteSlice("train", 2, 8), resolve("train[10%:30%]"));
    assertEquals(new AbsoluteSlice("train", 0, 12), resolve("train[:50%]"));
    assertEquals(new AbsoluteSlice("train", 12, 25), resolve("train[50%:]"));
    assertEquals(new AbsoluteSlice("train", 0, 22), resolve("train[:90%]"));
    assertEquals(new AbsoluteSlice("train", 22, 25), resolve("train[90%:]"));
    // 12.5% of 25 = 3.125 -> 3; 33.5% = 8.375 -> 8
    assertEquals(new AbsoluteSlice("train", 3, 8), resolve("train[12.5%:33.5%]"));
  }

  @Test
  void negativePercentRoundsBeforeCountingFromTheEnd() {
    // -10% of 25 = -2.5 -> -2 -> 23; -30% = -7.5 -> -8 -> 17
    assertEquals(new AbsoluteSlice("train", 0, 23), resolve("train[:-10%]"));
    assertEquals(new AbsoluteSlice("train", 17, 25), resolve("train[-30%:]"));
  }

  @Test
  void closestMatchesPythonRoundOnImdbSizes() {
    assertEquals(22500, SplitSlice.closest(90, 25000));
    assertEquals(2500, SplitSlice.closest(10, 25000));
    assertEquals(60614, SplitSlice.closest(90, 67349)); // 60614.1
    assertEquals(6735, SplitSlice.closest(10, 67349)); // 6734.9
    assertEquals(0, SplitSlice.closest(0.5, 100)); // 0.5 -> 0
    assertEquals(2, SplitSlice.closest(1.5, 100)); // 1.5 -> 2
  }

  @Test
  void closestRoundsTheDoubleAsPythonDoesNotTheDecimal() {
    // 10.002 * 25000 / 100.0 is 2500.5000000000005 as a double: 2501 (the decimal 2500.5 -> 2500)
    assertEquals(2501, SplitSlice.closest(10.002, 25000));
    // 50.002 * 25000 / 100.0 is exactly 12500.5: half to even
    assertEquals(12500, SplitSlice.closest(50.002, 25000));
    // 0.018 * 25000 / 100.0 is 4.499999999999999
    assertEquals(4, SplitSlice.closest(0.018, 25000));
  }

  @Test
  void absoluteBoundariesCountFromTheEndWhenNegative() {
    assertEquals(new AbsoluteSlice("train", 0, 20), resolve("train[:20]"));
    assertEquals(new AbsoluteSlice("train", 15, 25), resolve("train[-10:]"));
    assertEquals(new AbsoluteSlice("train", 5, 24), resolve("train[5:-1]"));
    assertEquals(new AbsoluteSlice("train", 0, 25), resolve("train[:25]"));
    assertEquals(new AbsoluteSlice("train", 0, 25), resolve("train[-25:]"));
  }

  @Test
  void shardBoundariesFollowPythonSlicesOfShardLengths() {
    assertEquals(new AbsoluteSlice("train", 7, 18), resolve("train[1shard]"));
    assertEquals(new AbsoluteSlice("train", 22, 25), resolve("train[-1shard]"));
    assertEquals(new AbsoluteSlice("train", 0, 18), resolve("train[:-2shard]"));
    assertEquals(new AbsoluteSlice("train", 18, 25), resolve("train[2shard:]"));
    assertEquals(new AbsoluteSlice("train", 0, 25), resolve("train[:9shard]"));
  }

  @Test
  void boundaryBeyondTheSplitIsRefused() {
    assertEquals("split 'train[:26]': the slice [0:26] of train lies beyond its 25 examples",
        assertThrows(DatasetException.class, () -> resolve("train[:26]")).getMessage());
    assertEquals("split 'train[-26:]': the slice [-26:25] of train lies beyond its 25 examples",
        assertThrows(DatasetException.class, () -> resolve("train[-26:]")).getMessage());
  }

  @Test
  void reversedBoundsSelectNothing() {
    AbsoluteSlice slice = resolve("train[10:5]");
    assertEquals(0, slice.size());
    assertEquals(List.of(), slice.shardRanges(TRAIN.shardLengths()));
  }

  private static AbsoluteSlice resolve(String spec) {
    List<SplitSlice> parts = SplitSpec.parse(spec).parts();
    assertEquals(1, parts.size());
    return parts.get(0).resolve(TRAIN, spec);
  }
}
