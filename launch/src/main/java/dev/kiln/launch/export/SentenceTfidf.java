package dev.kiln.launch.export;

import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.datasets.text.WordTokenizer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.op.strings.Lower;
import org.tensorflow.op.strings.StringSplit;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * {@link TfidfVectorizer#transform} as graph ops: sentences to their TF-IDF rows, as the padded
 * (index, value) pairs a {@code FeatureClassifier} reads.
 *
 * <ol>
 *   <li>{@code StringLower} (UTF-8, ICU's case mapping) if the vectorizer lowercases;
 *   <li>{@code StaticRegexReplace}: every run of characters that are not {@link WordTokenizer}
 *       word characters becomes a space, and {@code StringSplitV2} splits on spaces: the maximal
 *       runs of word characters. Runs of one character are kept here but are never terms, so the
 *       lookup drops them as it drops every unknown word;
 *   <li>{@code LookupTableFindV2}: each word's feature index, -1 for a word that is not a term;
 *       those are dropped ({@code Where}, {@code Gather});
 *   <li>{@code UniqueV2} over {@code row · numFeatures + index}, then {@code UnsortedSegmentSum}:
 *       each (sentence, term) pair once with its count; times the term's idf, divided by the
 *       row's Euclidean norm, in float64 as the vectorizer computes, then rounded to float32;
 *   <li>{@code SparseToDense}: each row's pairs in the order of their first occurrence, padded
 *       with index 0 and value 0 to the batch's most pairs. Unique keeps the order of first
 *       occurrence and the split words come sentence by sentence, so the pairs are in row-major
 *       order, as SparseToDense requires.
 * </ol>
 *
 * <p>The pairs of a row are ordered by first occurrence, not by index as in {@link
 * TfidfVectorizer#transform}; a linear layer sums them, so only float rounding can differ.
 *
 * @param ids {@code <int32>[batch, width]} the feature indices, then zeros
 * @param values {@code <float32>[batch, width]} the unit-length TF-IDF values, then zeros
 */
record SentenceTfidf(Operand<TInt32> ids, Operand<TFloat32> values) {
  /** RE2 for a run of characters that are not {@link WordTokenizer#WORD_CHARACTER}s. */
  static final String NON_WORD = "[^" + WordTokenizer.WORD_CHARACTER.substring(1) + "+";

  /**
   * @param sentences {@code <string>[batch]} UTF-8 sentences
   * @param terms the vectorizer's terms, term i with id i and -1 for anything else
   */
  static SentenceTfidf compute(Ops tf, Operand<TString> sentences, VocabularyTable terms,
      TfidfVectorizer vectorizer) {
    long numFeatures = vectorizer.numFeatures();
    Operand<TString> text = vectorizer.lowercase()
        ? tf.strings.lower(sentences, Lower.encoding("utf-8")) : sentences;
    StringSplit words = tf.strings.stringSplit(
        tf.strings.staticRegexReplace(text, NON_WORD, " "), tf.constant(""));

    // The words that are terms: their row (sentence) and feature index.
    Operand<TInt32> wordIds = terms.lookup(words.values());
    Operand<TInt64> known = tf.reshape(tf.where(tf.math.greaterEqual(wordIds, tf.constant(0))),
        tf.constant(new int[] {-1}));
    Operand<TInt64> wordRows = tf.reshape(
        tf.slice(words.indices(), tf.constant(new long[] {0, 0}), tf.constant(new long[] {-1, 1})),
        tf.constant(new int[] {-1}));
    Operand<TInt64> rows = tf.gather(wordRows, known, tf.constant(0));
    Operand<TInt64> features = tf.dtypes.cast(tf.gather(wordIds, known, tf.constant(0)),
        TInt64.class);

    // Each (row, term) pair once, with its count.
    Operand<TInt64> width64 = tf.constant(numFeatures);
    var pairs = tf.unique(tf.math.add(tf.math.mul(rows, width64), features),
        tf.constant(new int[] {0}));
    Operand<TInt32> numPairs = tf.size(pairs.y());
    Operand<TFloat64> counts = tf.math.unsortedSegmentSum(
        tf.onesLike(tf.dtypes.cast(features, TFloat64.class)), pairs.idx(), numPairs);
    Operand<TInt32> pairRows = tf.dtypes.cast(tf.math.floorDiv(pairs.y(), width64), TInt32.class);
    Operand<TInt32> pairIds = tf.dtypes.cast(tf.math.floorMod(pairs.y(), width64), TInt32.class);

    // count · idf, divided by the row's norm (never 0 for a row with a pair).
    Operand<TInt32> batch = tf.gather(tf.shape(sentences), tf.constant(0), tf.constant(0));
    Operand<TFloat64> weights =
        tf.math.mul(counts, tf.gather(tf.constant(vectorizer.idf()), pairIds, tf.constant(0)));
    Operand<TFloat64> norms = tf.math.sqrt(
        tf.math.unsortedSegmentSum(tf.math.square(weights), pairRows, batch));
    Operand<TFloat32> values = tf.dtypes.cast(
        tf.math.div(weights, tf.gather(norms, pairRows, tf.constant(0))), TFloat32.class);

    // Column of each pair within its row: its position minus the row's first position.
    Operand<TInt32> perRow = tf.math.unsortedSegmentSum(tf.onesLike(pairRows), pairRows, batch);
    Operand<TInt32> rowStarts = tf.math.cumsum(perRow, tf.constant(0), Cumsum.exclusive(true));
    Operand<TInt32> columns = tf.math.sub(tf.range(tf.constant(0), numPairs, tf.constant(1)),
        tf.gather(rowStarts, pairRows, tf.constant(0)));
    Operand<TInt32> width = tf.reduceMax(tf.concat(List.of(perRow, tf.constant(new int[] {0})),
        tf.constant(0)), tf.constant(0));
    Operand<TInt32> indices = tf.stack(List.of(pairRows, columns), Stack.axis(1L));
    Operand<TInt32> shape = tf.stack(List.of(batch, width));
    return new SentenceTfidf(
        tf.sparse.sparseToDense(indices, shape, pairIds, tf.constant(0)),
        tf.sparse.sparseToDense(indices, shape, values, tf.constant(0f)));
  }
}
