package dev.kiln.models.transformer.mlm;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.layers.Dense;
import dev.kiln.framework.layers.Gelu;
import dev.kiln.framework.layers.LayerNorm;
import dev.kiln.framework.layers.TransformerEncoder;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import dev.kiln.models.transformer.TransformerEncoders;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The encoder of {@link TransformerEncoders} under BERT's masked-LM head:
 *
 * <pre>
 *   ids → encoder → the vectors at the selected positions → Dense(emb_dim) → GELU → LayerNorm
 *       → · token embedᵀ + bias → logits over the vocabulary (and [MASK])
 * </pre>
 *
 * <p>The output projection is tied to the token embedding (Press &amp; Wolf 2017, as BERT), so the
 * head adds only {@code mlm_head/transform/*}, {@code mlm_head/norm/*} and {@code
 * mlm_head/output_bias}; fine-tuning keeps {@code encoder/*} and drops the head.
 */
public final class MaskedLanguageModel {
  private final TransformerEncoder<TFloat32> encoder;
  private final Dense<TFloat32> transform;
  private final LayerNorm<TFloat32> norm;
  private final Variable<TFloat32> outputBias;

  public MaskedLanguageModel(ParameterStore store, Config config, int vocabularySize) {
    this.encoder = TransformerEncoders.create(store, config, vocabularySize);
    int dim = encoder.spec().dim();
    ParameterStore head = store.scope("mlm_head");
    this.transform = new Dense<>(head.scope("transform"), dim, dim, TFloat32.class);
    this.norm = new LayerNorm<>(head.scope("norm"), dim, TFloat32.class);
    this.outputBias = head.variable("output_bias", TFloat32.class,
        Shape.of(encoder.spec().vocabularySize()), Initializers.zeros());
  }

  /**
   * @param ids <int32>[batch, time] the corrupted ids
   * @param lengths <int32>[batch] real positions per example
   * @param positions <int32>[batch, predictions] positions in [0, time) to predict
   * @param step <int64>[] the optimizer's count, for dropout
   * @return <float32>[batch · predictions, vocabulary + 1] logits, row {@code b · predictions + i}
   *     for {@code positions[b, i]}
   */
  public Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt32> positions, Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    int batch = Math.toIntExact(ids.shape().get(0));
    int time = Math.toIntExact(ids.shape().get(1));
    int dim = encoder.spec().dim();
    Operand<TFloat32> encoded = encoder.apply(ctx, ids, lengths, step, training);
    // Row b's position p is row b · time + p of the flattened [batch · time, dim] outputs.
    Operand<TInt32> rowStarts = tf.expandDims(
        tf.math.mul(tf.range(tf.constant(0), tf.constant(batch), tf.constant(1)), tf.constant(time)),
        tf.constant(1));
    Operand<TInt32> flat = tf.reshape(tf.math.add(positions, rowStarts), tf.constant(new int[] {-1}));
    Operand<TFloat32> selected = tf.gather(
        tf.reshape(encoded, tf.constant(new int[] {-1, dim})), flat, tf.constant(0));
    Operand<TFloat32> h = norm.apply(ctx, Gelu.apply(tf, transform.apply(ctx, selected)));
    Operand<TFloat32> scores =
        tf.linalg.matMul(h, ctx.read(encoder.tokenTable()), MatMul.transposeB(true));
    return tf.math.add(scores, ctx.read(outputBias));
  }
}
