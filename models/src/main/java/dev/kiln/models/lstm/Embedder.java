package dev.kiln.models.lstm;

import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.layers.Dropout;
import dev.kiln.framework.layers.Embedding;
import dev.kiln.framework.layers.WordDropout;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Token ids to embeddings as Flax's SST-2 {@code Embedder}: word dropout to {@code <unk>}, an
 * embedding table ~ N(0, {@code embedding_init_stddev}) in scope {@code embedding}, dropout
 * ({@code emb_dropout}). Dropout seeds 1 and 2 are taken; models use 3 and up.
 */
final class Embedder {
  private final WordDropout wordDropout;
  private final Embedding<TFloat32> embedding;
  private final Dropout dropout;
  private final int size;

  Embedder(ParameterStore store, Config config, int vocabularySize) {
    this.size = config.getInt("embedding_size");
    this.wordDropout =
        new WordDropout(config.getDouble("word_dropout_rate"), Vocabulary.UNK_ID, 1);
    this.embedding = new Embedding<>(store.scope("embedding"), vocabularySize, size,
        TFloat32.class, Initializers.normal(config.getDouble("embedding_init_stddev")));
    this.dropout = new Dropout(config.getDouble("emb_dropout"), 2);
  }

  /**
   * @param ids <int32>[batch, time]
   * @return <float32>[batch, time, embedding_size]
   */
  Operand<TFloat32> apply(GraphContext ctx, Operand<TInt32> ids, Operand<TInt64> step,
      boolean training) {
    Operand<TInt32> tokens = wordDropout.apply(ctx.tf(), ids, step, training);
    return dropout.apply(ctx.tf(), embedding.apply(ctx, tokens), step, training);
  }

  int size() {
    return size;
  }
}
