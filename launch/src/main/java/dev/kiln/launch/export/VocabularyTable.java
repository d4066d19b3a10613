package dev.kiln.launch.export;

import dev.kiln.datasets.text.Vocabulary;
import java.util.List;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.HashTable;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * A vocabulary as a graph's own hash table ({@code HashTableV2}, string to int32), its tokens and
 * ids held in constants of the graph: no vocabulary file is read at load time.
 *
 * <p>The table starts empty; {@link #initializer} ({@code LookupTableImportV2}) fills it and must
 * run once per session before {@link #lookup}, which a SavedModel's init op does.
 */
final class VocabularyTable {
  private final Ops tf;
  private final HashTable table;
  private final Op initializer;
  private final int missingId;

  VocabularyTable(Ops tf, Vocabulary vocabulary) {
    this(tf, vocabulary.tokens(), Vocabulary.UNK_ID);
  }

  /**
   * @param tokens the keys; token i gets id i
   * @param missingId the id {@link #lookup} gives a token not among them
   */
  VocabularyTable(Ops tf, List<String> tokens, int missingId) {
    this.tf = tf;
    this.missingId = missingId;
    // A shared name makes every function that runs the graph (the init op's, each signature's
    // in tf.saved_model.load) see one table; the content hash keeps two vocabularies apart.
    String sharedName = "kiln_vocabulary_" + Integer.toHexString(tokens.hashCode());
    this.table = tf.withName("vocabulary").hashTable(TString.class, TInt32.class,
        HashTable.sharedName(sharedName));
    Operand<TString> keys =
        tf.constant(NdArrays.vectorOfObjects(tokens.toArray(new String[0])));
    Operand<TInt32> values = tf.constant(IntStream.range(0, tokens.size()).toArray());
    this.initializer = tf.withName("vocabulary_import").lookupTableImport(table, keys, values);
  }

  /** Fills the table with every token and its id. */
  Op initializer() {
    return initializer;
  }

  /**
   * {@code <int32>[n]} the id of each of {@code tokens} {@code <string>[n]}, the missing id
   * ({@code <unk>} for a {@link Vocabulary}) if absent.
   */
  Operand<TInt32> lookup(Operand<TString> tokens) {
    return tf.lookupTableFind(table, tokens, tf.constant(missingId));
  }
}
