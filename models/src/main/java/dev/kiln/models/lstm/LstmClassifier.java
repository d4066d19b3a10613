package dev.kiln.models.lstm;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.layers.Dense;
import dev.kiln.framework.layers.Dropout;
import dev.kiln.framework.layers.RecurrentLayer;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The Flax SST-2 example's LSTM classifier (2020), its recurrent cell chosen by {@code cell}
 * ({@code lstm} as in the example, {@code rnn} or {@code gru}: see {@link RecurrentLayer}):
 *
 * <pre>
 *   ids → word dropout (to &lt;unk&gt;) → embedding ~ N(0, stddev) → dropout(emb_dropout)
 *       → cell(hidden_size), h at each example's last real token → dropout(dropout_rate)
 *       → Dense(hidden_size) → tanh → dropout(dropout_rate) → Dense(1, no bias) → logit
 * </pre>
 *
 * <p>Config fields: {@code cell}, {@code embedding_size}, {@code embedding_init_stddev}, {@code hidden_size},
 * {@code word_dropout_rate}, {@code emb_dropout}, {@code dropout_rate}.
 */
public final class LstmClassifier implements SequenceClassifier {
  private final Embedder embedder;
  private final RecurrentLayer<TFloat32> recurrent;
  private final Dropout recurrentDropout;
  private final Dense<TFloat32> hidden;
  private final Dropout hiddenDropout;
  private final Dense<TFloat32> output;

  public LstmClassifier(ParameterStore store, Config config, int vocabularySize) {
    int hiddenSize = config.getInt("hidden_size");
    double dropout = config.getDouble("dropout_rate");
    this.embedder = new Embedder(store, config, vocabularySize);
    this.recurrent = RecurrentLayer.create(
        config.getString("cell"), store, embedder.size(), hiddenSize, TFloat32.class);
    this.recurrentDropout = new Dropout(dropout, 3);
    this.hidden = new Dense<>(store.scope("mlp/hidden"), hiddenSize, hiddenSize, TFloat32.class);
    this.hiddenDropout = new Dropout(dropout, 4);
    this.output = Dense.withoutBias(store.scope("mlp/output"), hiddenSize, 1, TFloat32.class);
  }

  @Override
  public Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    Operand<TFloat32> embedded = embedder.apply(ctx, ids, step, training);
    Operand<TFloat32> encoded = recurrent.apply(ctx, embedded, lengths).last();
    Operand<TFloat32> h = recurrentDropout.apply(tf, encoded, step, training);
    h = hiddenDropout.apply(tf, tf.math.tanh(hidden.apply(ctx, h)), step, training);
    return tf.reshape(output.apply(ctx, h), tf.constant(new int[] {-1}));
  }

  /** Every parameter but the embedding: what the 2020 example penalises with L2. */
  @Override
  public List<Variable<?>> l2Parameters() {
    List<Variable<?>> params = new ArrayList<>(recurrent.variables());
    params.add(hidden.kernel());
    hidden.bias().ifPresent(params::add);
    params.add(output.kernel());
    return params;
  }
}
