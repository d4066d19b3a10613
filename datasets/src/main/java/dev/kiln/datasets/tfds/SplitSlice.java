package dev.kiln.datasets.tfds;

import dev.kiln.datasets.DatasetException;
import java.util.List;

/**
 * One {@code +}-separated part of a split spec, as TFDS's {@code ReadInstruction} holds it
 * (always with its default {@code rounding='closest'}): {@code train}, {@code train[:90%]},
 * {@code test[-1000:]}, {@code train[2shard]}.
 *
 * @param split the split name
 * @param from the start, or {@code null} for none: a {@link Double} with {@link Unit#PERCENT}, a
 *     {@link Long} otherwise; negative counts from the end
 * @param to the end (excluded), likewise
 * @param unit what {@code from} and {@code to} count
 */
public record SplitSlice(String split, Number from, Number to, Unit unit) {

  /** What a slice's boundaries count. */
  public enum Unit {
    /** examples */
    ABSOLUTE,
    /** percent of the split's examples, rounded to the closest example */
    PERCENT,
    /** whole shard files */
    SHARD
  }

  /** The whole of {@code split}. */
  public static SplitSlice whole(String split) {
    return new SplitSlice(split, null, null, Unit.ABSOLUTE);
  }

  /**
   * The examples {@code [from, to)} of the split this slice selects, counted over the split's
   * shards in order, exactly as TFDS's {@code _rel_to_abs_instr} computes them: a percent boundary
   * {@code p} is {@code round(p * n / 100)}, rounding half to even (Python's {@code round} of the
   * double {@code p * n / 100.0}); a negative boundary counts from the end; a shard boundary
   * {@code k} is the number of examples in the first {@code k} shards (Python's slice {@code
   * shard_lengths[:k]}, and an end {@code k <= 0} is first taken as {@code num_shards + k}).
   *
   * @param spec the whole spec, for error messages
   * @throws DatasetException when a boundary lies beyond the split's examples
   */
  public AbsoluteSlice resolve(SplitInfo info, String spec) {
    long n = info.numExamples();
    long start;
    long end;
    switch (unit) {
      case PERCENT -> {
        start = from == null ? 0 : closest(from.doubleValue(), n);
        end = to == null ? n : closest(to.doubleValue(), n);
      }
      case SHARD -> {
        List<Long> lengths = info.shardLengths();
        start = from == null ? 0 : examplesInFirstShards(lengths, from.longValue());
        if (to == null) {
          end = n;
        } else {
          long shards = to.longValue() <= 0 ? lengths.size() + to.longValue() : to.longValue();
          end = examplesInFirstShards(lengths, shards);
        }
      }
      default -> {
        start = from == null ? 0 : from.longValue();
        end = to == null ? n : to.longValue();
      }
    }
    if (Math.abs(start) > n || Math.abs(end) > n) {
      throw new DatasetException("split '" + spec + "': the slice [" + start + ":" + end + "] of "
          + split + " lies beyond its " + n + " examples");
    }
    return new AbsoluteSlice(split, start < 0 ? n + start : start, end < 0 ? n + end : end);
  }

  /** TFDS's {@code _pct_to_abs_closest}: {@code int(round(percent * n / 100.0))}. */
  static long closest(double percent, long n) {
    return (long) Math.rint(percent * n / 100.0);
  }

  /** {@code sum(shardLengths[:k])} with Python's slice semantics (negative k from the end). */
  private static long examplesInFirstShards(List<Long> shardLengths, long k) {
    long count = k < 0 ? Math.max(shardLengths.size() + k, 0) : Math.min(k, shardLengths.size());
    return shardLengths.subList(0, (int) count).stream().mapToLong(Long::longValue).sum();
  }
}
