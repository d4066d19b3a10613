package dev.kiln.models.lstm;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.layers.Bidirectional;
import dev.kiln.framework.layers.Dense;
import dev.kiln.framework.layers.Dropout;
import dev.kiln.framework.layers.KeysOnlyMlpAttention;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The current Flax SST-2 example's model ({@code TextClassifier} in its models.py):
 *
 * <pre>
 *   ids → word dropout → embedding ~ N(0, stddev) → dropout(emb_dropout)
 *       → bidirectional cell(hidden_size) (an LSTM in the preset), per-step outputs → dropout(dropout_rate)
 *       → keys-only MLP attention over the real positions → context → dropout(dropout_rate)
 *       → Dense(hidden_size) → tanh → dropout(dropout_rate) → Dense(1, no bias) → logit
 * </pre>
 *
 * <p>{@code cell} chooses the recurrent cell ({@code lstm}, {@code gru}, {@code rnn}); the
 * variables stay under {@code bilstm/} whatever the cell, so the scope names the model, not the cell.
 */
public final class BiLstmAttentionClassifier implements SequenceClassifier {
  private final Embedder embedder;
  private final Bidirectional<TFloat32> encoder;
  private final Dropout encodedDropout;
  private final KeysOnlyMlpAttention<TFloat32> attention;
  private final Dropout contextDropout;
  private final Dense<TFloat32> hidden;
  private final Dropout hiddenDropout;
  private final Dense<TFloat32> output;

  public BiLstmAttentionClassifier(ParameterStore store, Config config, int vocabularySize) {
    int hiddenSize = config.getInt("hidden_size");
    double dropout = config.getDouble("dropout_rate");
    this.embedder = new Embedder(store, config, vocabularySize);
    this.encoder =
        new Bidirectional<>(config.getString("cell"), store.scope("bilstm"), embedder.size(),
            hiddenSize, TFloat32.class);
    this.encodedDropout = new Dropout(dropout, 3);
    this.attention = new KeysOnlyMlpAttention<>(store.scope("attention"), encoder.outputSize(),
        hiddenSize, TFloat32.class);
    this.contextDropout = new Dropout(dropout, 4);
    this.hidden =
        new Dense<>(store.scope("mlp/hidden"), encoder.outputSize(), hiddenSize, TFloat32.class);
    this.hiddenDropout = new Dropout(dropout, 5);
    this.output = Dense.withoutBias(store.scope("mlp/output"), hiddenSize, 1, TFloat32.class);
  }

  @Override
  public Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    Operand<TFloat32> embedded = embedder.apply(ctx, ids, step, training);
    Operand<TFloat32> encoded =
        encodedDropout.apply(tf, encoder.apply(ctx, embedded, lengths), step, training);
    Operand<TFloat32> weights = attention.weights(ctx, encoded, lengths);
    Operand<TFloat32> context =
        contextDropout.apply(tf, attention.context(tf, encoded, weights), step, training);
    Operand<TFloat32> h =
        hiddenDropout.apply(tf, tf.math.tanh(hidden.apply(ctx, context)), step, training);
    return tf.reshape(output.apply(ctx, h), tf.constant(new int[] {-1}));
  }
}
