package dev.kiln.models.run;

import com.google.common.collect.Iterables;
import com.google.common.hash.Hashing;
import dev.kiln.datasets.text.Batch;
import dev.kiln.datasets.text.MaskedBatch;
import dev.kiln.datasets.text.TokenMasker;
import dev.kiln.datasets.text.TrainBatcher;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Pre-training measured in steps rather than epochs: the stream of a {@link TrainBatcher}'s epochs
 * one after another (each reshuffled), cut into rounds of {@code stepsPerRound} batches, each
 * corrupted by a {@link TokenMasker}. The {@code Trainer} runs a round as its "epoch" and
 * evaluates after it.
 *
 * <p>Global batch g is batch {@code g mod N} of data epoch {@code g div N} (N batches per data
 * epoch), masked with a seed hashed from {@code (seed, g)}: the same round always yields the same
 * batches with the same masks, which a resumed run relies on.
 */
final class StepRounds {
  private final TrainBatcher batcher;
  private final int stepsPerRound;
  private final TokenMasker masker;
  private final long seed;

  StepRounds(TrainBatcher batcher, int stepsPerRound, TokenMasker masker, long seed) {
    if (stepsPerRound < 1) {
      throw new IllegalArgumentException("a round needs at least one step, got " + stepsPerRound);
    }
    this.batcher = batcher;
    this.stepsPerRound = stepsPerRound;
    this.masker = masker;
    this.seed = seed;
  }

  int stepsPerRound() {
    return stepsPerRound;
  }

  /** The masked batches of round {@code round} (from 0). */
  Iterable<MaskedBatch> round(int round) {
    long first = (long) round * stepsPerRound;
    return () -> new Iterator<>() {
      private long next = first;
      private Iterator<Batch> epoch = epochFrom(first);

      @Override
      public boolean hasNext() {
        return next < first + stepsPerRound;
      }

      @Override
      public MaskedBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        if (!epoch.hasNext()) {
          epoch = epochFrom(next);
        }
        MaskedBatch batch = masker.mask(epoch.next(), maskSeed(seed, next));
        next++;
        return batch;
      }
    };
  }

  /** The batches of global batch {@code g}'s data epoch, from {@code g} on. */
  private Iterator<Batch> epochFrom(long g) {
    int perEpoch = batcher.batchesPerEpoch();
    Iterable<Batch> epoch = batcher.epoch(Math.toIntExact(g / perEpoch));
    return Iterables.skip(epoch, (int) (g % perEpoch)).iterator();
  }

  /** The masking seed of global batch {@code g} (evaluation uses negative {@code g}). */
  static long maskSeed(long seed, long g) {
    return Hashing.murmur3_128().newHasher().putLong(seed).putLong(g).hash().asLong();
  }
}
