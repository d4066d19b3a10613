package dev.kiln.datasets.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenMaskerTest {
  static final int VOCAB = 1000;
  static final int MASK = VOCAB;
  static final int TIME = 40;
  static final int ROWS = 32;

  /** A batch of {@code ROWS} rows: BOS, words (every 7th one {@code <unk>}), EOS, padding. */
  static Batch batch(SplittableRandom random, int paddingRows) {
    int[] ids = new int[ROWS * TIME];
    int[] lengths = new int[ROWS];
    for (int row = 0; row < ROWS - paddingRows; row++) {
      int length = 2 + random.nextInt(TIME - 1);
      lengths[row] = length;
      ids[row * TIME] = Vocabulary.BOS_ID;
      for (int t = 1; t < length - 1; t++) {
        ids[row * TIME + t] = t % 7 == 0 ? Vocabulary.UNK_ID : 4 + random.nextInt(VOCAB - 4);
      }
      ids[row * TIME + length - 1] = Vocabulary.EOS_ID;
    }
    float[] weights = new float[ROWS];
    for (int row = 0; row < ROWS - paddingRows; row++) {
      weights[row] = 1;
    }
    return new Batch(ROWS, TIME, ids, lengths, new int[ROWS], weights,
        new int[ROWS - paddingRows]);
  }

  static int words(Batch batch, int row) {
    int count = 0;
    for (int t = 0; t < batch.lengths()[row]; t++) {
      count += batch.tokenIds()[row * TIME + t] >= 4 ? 1 : 0;
    }
    return count;
  }

  @Test
  void selects15PercentOfEachSequencesWordsAndSplitsThem80_10_10() {
    TokenMasker masker = new TokenMasker(VOCAB, MASK, 0.15, 0.8, 0.1);
    assertEquals(6, masker.predictionsPerRow(TIME));
    SplittableRandom random = new SplittableRandom(1);
    long words = 0;
    long selected = 0;
    long masked = 0;
    long randomized = 0;
    long kept = 0;
    for (int b = 0; b < 800; b++) {
      Batch batch = batch(random, 4);
      MaskedBatch m = masker.mask(batch, b);
      int slots = m.predictionsPerRow();
      for (int row = 0; row < ROWS; row++) {
        int n = words(batch, row);
        int expected = n == 0 ? 0 : Math.max(1, (int) Math.round(0.15 * n));
        int previous = -1;
        int count = 0;
        for (int i = 0; i < slots; i++) {
          int slot = row * slots + i;
          if (m.weights()[slot] == 0) {
            assertEquals(0, m.positions()[slot]);
            assertEquals(0, m.targets()[slot]);
            continue;
          }
          count++;
          int t = m.positions()[slot];
          assertTrue(t > previous && t < batch.lengths()[row], "ascending, real positions");
          previous = t;
          int original = batch.tokenIds()[row * TIME + t];
          assertTrue(original >= 4, "never a special: " + original + " at " + t);
          assertEquals(original, m.targets()[slot]);
          int now = m.tokenIds()[row * TIME + t];
          if (now == MASK) {
            masked++;
          } else if (now == original) {
            kept++;
          } else {
            assertTrue(now >= 4 && now < VOCAB, "a random word: " + now);
            randomized++;
          }
        }
        assertEquals(expected, count, "row " + row + " with " + n + " words");
        // Everything but the selected positions is left alone; padding rows are not touched.
        for (int t = 0; t < TIME; t++) {
          boolean isSelected = false;
          for (int i = 0; i < count; i++) {
            isSelected |= m.positions()[row * slots + i] == t;
          }
          if (!isSelected) {
            assertEquals(batch.tokenIds()[row * TIME + t], m.tokenIds()[row * TIME + t]);
          }
        }
        words += n;
        selected += count;
      }
    }
    // Every row selected exactly max(1, round(0.15 n)) of its n words (above). ~170,000 words,
    // ~27,000 selected: the binomial standard deviations are about 0.25% of the selections for
    // the 80% share and 0.2% for each 10% share.
    assertTrue(words > 150_000 && selected > 25_000, words + " words, " + selected + " selected");
    assertEquals(0.8, (double) masked / selected, 0.015, "[MASK] share");
    assertEquals(0.1, (double) randomized / selected, 0.012, "random word share");
    assertEquals(0.1, (double) kept / selected, 0.012, "unchanged share");
  }

  /** Rows of 20 words, 3 selected each: every word position is selected 15% of the time. */
  @Test
  void everyWordPositionIsSelectedAtTheRate() {
    TokenMasker masker = new TokenMasker(VOCAB, MASK, 0.15, 0.8, 0.1);
    int time = 22;
    int[] ids = new int[ROWS * time];
    int[] lengths = new int[ROWS];
    for (int row = 0; row < ROWS; row++) {
      lengths[row] = time;
      ids[row * time] = Vocabulary.BOS_ID;
      for (int t = 1; t < time - 1; t++) {
        ids[row * time + t] = 4 + t;
      }
      ids[row * time + time - 1] = Vocabulary.EOS_ID;
    }
    float[] weights = new float[ROWS];
    java.util.Arrays.fill(weights, 1);
    Batch batch = new Batch(ROWS, time, ids, lengths, new int[ROWS], weights, new int[ROWS]);
    int batches = 800;
    int[] hits = new int[time];
    for (int b = 0; b < batches; b++) {
      MaskedBatch m = masker.mask(batch, 1000 + b);
      assertEquals(3 * ROWS, m.selectedCount());
      for (int slot = 0; slot < m.positions().length; slot++) {
        if (m.weights()[slot] > 0) {
          hits[m.positions()[slot]]++;
        }
      }
    }
    assertEquals(0, hits[0], "BOS");
    assertEquals(0, hits[time - 1], "EOS");
    // 25,600 rows: each position is expected 3,840 times, standard deviation 57.
    for (int t = 1; t < time - 1; t++) {
      assertEquals(0.15, hits[t] / (double) (batches * ROWS), 0.0075, "position " + t);
    }
  }

  @Test
  void theSameSeedGivesTheSameCorruptionAndAnotherSeedAnother() {
    TokenMasker masker = new TokenMasker(VOCAB, MASK, 0.15, 0.8, 0.1);
    Batch batch = batch(new SplittableRandom(2), 0);
    MaskedBatch a = masker.mask(batch, 42);
    MaskedBatch b = masker.mask(batch, 42);
    assertArrayEquals(a.tokenIds(), b.tokenIds());
    assertArrayEquals(a.positions(), b.positions());
    assertArrayEquals(a.targets(), b.targets());
    assertArrayEquals(a.weights(), b.weights());
    assertNotEquals(java.util.Arrays.toString(a.positions()),
        java.util.Arrays.toString(masker.mask(batch, 43).positions()));
    assertArrayEquals(batch.lengths(), a.lengths());
  }

  @Test
  void shortSequencesGetOneSelectionAndWordlessOnesNone() {
    TokenMasker masker = new TokenMasker(VOCAB, MASK, 0.15, 1.0, 0.0);
    // <s> w </s> | <s> <unk> <unk> </s> | <s> </s> | padding
    int[] ids = {2, 17, 3, 0, 2, 1, 1, 3, 2, 3, 0, 0, 0, 0, 0, 0};
    Batch batch = new Batch(4, 4, ids, new int[] {3, 4, 2, 0}, new int[4],
        new float[] {1, 1, 1, 0}, new int[3]);
    MaskedBatch m = masker.mask(batch, 7);
    assertEquals(1, m.predictionsPerRow(), "max(1, round(0.15 * 4))");
    assertArrayEquals(new int[] {2, MASK, 3, 0, 2, 1, 1, 3, 2, 3, 0, 0, 0, 0, 0, 0}, m.tokenIds());
    assertArrayEquals(new int[] {1, 0, 0, 0}, m.positions());
    assertArrayEquals(new int[] {17, 0, 0, 0}, m.targets());
    assertArrayEquals(new float[] {1, 0, 0, 0}, m.weights());
    assertEquals(1, m.selectedCount());
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> new TokenMasker(VOCAB, 17, 0.15, 0.8, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new TokenMasker(VOCAB, MASK, 0, 0.8, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new TokenMasker(VOCAB, MASK, 0.15, 0.8, 0.3));
    assertThrows(IllegalArgumentException.class, () -> new TokenMasker(4, MASK, 0.15, 0.8, 0.1));
  }
}
