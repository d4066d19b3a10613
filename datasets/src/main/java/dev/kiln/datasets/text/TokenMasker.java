package dev.kiln.datasets.text;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * BERT's masked-language-model corruption (Devlin et al. 2019, §3.1 and appendix A.1), one
 * sequence at a time: {@code rate} of a sequence's maskable tokens are selected (rounded, at least
 * one when it has any), uniformly without replacement; each selected token becomes the mask id
 * with probability {@code maskFraction}, a random word with probability {@code randomFraction},
 * and stays as it is otherwise (BERT: 0.15, 0.8, 0.1). The model is scored at the selected
 * positions only, against the original ids.
 *
 * <p>Maskable: a real position (t &lt; length) holding a word, i.e. an id in {@code
 * [SPECIALS.size(), vocabularySize)}. Padding, {@code <unk>}, BOS and EOS are never selected, and
 * random replacements are drawn uniformly from the words, never a special or the mask id.
 *
 * <p>Deterministic: {@link #mask} draws from a {@link SplittableRandom} seeded by its {@code seed}
 * argument only, so the same batch and seed give the same corruption on any JVM.
 */
public final class TokenMasker {
  private static final int FIRST_WORD = Vocabulary.SPECIALS.size();

  private final int vocabularySize;
  private final int maskId;
  private final double rate;
  private final double maskFraction;
  private final double randomFraction;

  /**
   * @param vocabularySize ids {@code [SPECIALS.size(), vocabularySize)} are words
   * @param maskId the id a masked token becomes; not a word id
   * @param rate the fraction of each sequence's maskable tokens selected, in (0, 1]
   * @param maskFraction of the selected, the fraction replaced by {@code maskId}
   * @param randomFraction of the selected, the fraction replaced by a random word
   */
  public TokenMasker(int vocabularySize, int maskId, double rate, double maskFraction,
      double randomFraction) {
    if (vocabularySize <= FIRST_WORD) {
      throw new IllegalArgumentException("a vocabulary of " + vocabularySize
          + " ids has no words to mask (the first " + FIRST_WORD + " are specials)");
    }
    if (maskId >= FIRST_WORD && maskId < vocabularySize) {
      throw new IllegalArgumentException("mask id " + maskId + " is a word id");
    }
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("mask rate must be in (0, 1], got " + rate);
    }
    if (!(maskFraction >= 0 && randomFraction >= 0 && maskFraction + randomFraction <= 1)) {
      throw new IllegalArgumentException("mask and random fractions must be non-negative and sum"
          + " to at most 1, got " + maskFraction + " and " + randomFraction);
    }
    this.vocabularySize = vocabularySize;
    this.maskId = maskId;
    this.rate = rate;
    this.maskFraction = maskFraction;
    this.randomFraction = randomFraction;
  }

  public int maskId() {
    return maskId;
  }

  /**
   * The prediction slots a row of {@code seqLength} ids gets: {@code max(1, round(rate ·
   * seqLength))}, at least the selections of any sequence that fits.
   */
  public int predictionsPerRow(int seqLength) {
    return Math.max(1, (int) Math.round(rate * seqLength));
  }

  /** How many of {@code maskable} tokens a sequence has selected: 0 if none, else at least 1. */
  public int selections(int maskable) {
    return maskable == 0 ? 0 : Math.max(1, (int) Math.round(rate * maskable));
  }

  /** {@code batch} corrupted, every row from one random stream seeded by {@code seed}. */
  public MaskedBatch mask(Batch batch, long seed) {
    int rows = batch.batchSize();
    int time = batch.seqLength();
    int slots = predictionsPerRow(time);
    int[] ids = batch.tokenIds().clone();
    int[] positions = new int[rows * slots];
    int[] targets = new int[rows * slots];
    float[] weights = new float[rows * slots];
    SplittableRandom random = new SplittableRandom(seed);
    int[] candidates = new int[time];
    for (int row = 0; row < rows; row++) {
      int offset = row * time;
      int maskable = 0;
      for (int t = 0; t < batch.lengths()[row]; t++) {
        if (isWord(ids[offset + t])) {
          candidates[maskable++] = t;
        }
      }
      int selected = selections(maskable);
      // A partial Fisher-Yates shuffle: candidates[0, selected) become a uniform sample.
      for (int i = 0; i < selected; i++) {
        int j = i + random.nextInt(maskable - i);
        int swap = candidates[i];
        candidates[i] = candidates[j];
        candidates[j] = swap;
      }
      Arrays.sort(candidates, 0, selected);
      for (int i = 0; i < selected; i++) {
        int t = candidates[i];
        int slot = row * slots + i;
        positions[slot] = t;
        targets[slot] = ids[offset + t];
        weights[slot] = 1f;
        double u = random.nextDouble();
        if (u < maskFraction) {
          ids[offset + t] = maskId;
        } else if (u < maskFraction + randomFraction) {
          ids[offset + t] = FIRST_WORD + random.nextInt(vocabularySize - FIRST_WORD);
        }
      }
    }
    return new MaskedBatch(rows, time, ids, batch.lengths(), slots, positions, targets, weights);
  }

  private boolean isWord(int id) {
    return id >= FIRST_WORD && id < vocabularySize;
  }
}
