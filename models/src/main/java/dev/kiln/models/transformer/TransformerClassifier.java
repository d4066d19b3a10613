package dev.kiln.models.transformer;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.layers.Dense;
import dev.kiln.framework.layers.Dropout;
import dev.kiln.framework.layers.TransformerEncoder;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A Transformer encoder classifier, BERT-style with pre-LN blocks ({@link TransformerEncoders}):
 *
 * <pre>
 *   ids → token embedding + positions → dropout → num_layers × pre-LN block (padding-masked)
 *       → final LayerNorm → the vector at position 0 → dropout(dropout_rate) → Dense(1) → logit
 * </pre>
 *
 * <p>Position 0 holds the BOS token {@code <s>} that the text encoder puts first, so it plays
 * BERT's {@code [CLS]}: attention lets it gather the whole sentence, and the padding mask keeps
 * padding out of it. Variables: {@code encoder/*} (what pre-training provides) and {@code
 * classifier/{kernel,bias}} (always freshly initialised).
 */
public final class TransformerClassifier implements SequenceClassifier {
  private final TransformerEncoder<TFloat32> encoder;
  private final Dropout pooledDropout;
  private final Dense<TFloat32> output;

  public TransformerClassifier(ParameterStore store, Config config, int vocabularySize) {
    this.encoder = TransformerEncoders.create(store, config, vocabularySize);
    this.pooledDropout = new Dropout(config.getDouble("dropout_rate"), 1);
    this.output = new Dense<>(store.scope("classifier"), encoder.spec().dim(), 1, TFloat32.class);
  }

  @Override
  public Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    Operand<TFloat32> encoded = encoder.apply(ctx, ids, lengths, step, training);
    int dim = encoder.spec().dim();
    Operand<TFloat32> first = tf.reshape(
        tf.slice(encoded, tf.constant(new int[] {0, 0, 0}), tf.constant(new int[] {-1, 1, -1})),
        tf.constant(new int[] {-1, dim}));
    Operand<TFloat32> pooled = pooledDropout.apply(tf, first, step, training);
    return tf.reshape(output.apply(ctx, pooled), tf.constant(new int[] {-1}));
  }
}
