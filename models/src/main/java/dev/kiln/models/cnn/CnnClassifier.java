package dev.kiln.models.cnn;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.layers.Conv1D;
import dev.kiln.framework.layers.Dense;
import dev.kiln.framework.layers.Dropout;
import dev.kiln.framework.layers.Embedding;
import dev.kiln.framework.layers.GlobalMaxPool;
import dev.kiln.framework.layers.LayerNorm;
import dev.kiln.framework.losses.TwoClassLogits;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The 1D CNN of the JAX AI Stack's IMDB tutorial ({@code TextConvNet}), length-aware:
 *
 * <pre>
 *   ids → embedding ~ N(0, embedding_init_stddev) → dropout(emb_dropout)
 *       → Conv1D(conv_features, conv_kernel_size, conv_strides) → LayerNorm → ReLU
 *       → Conv1D(conv_features, conv_kernel_size, conv_strides) → LayerNorm → ReLU
 *       → max over each example's real positions → Dense(hidden_size) → ReLU → dropout(dropout_rate)
 *       → Dense(2) → z₁ − z₀ (the binary logit; {@link TwoClassLogits})
 * </pre>
 *
 * <p>Where it differs from the tutorial, and why. The tutorial pads every review to 500 ids with
 * id 0 and its convolutions and max-pool run over the padding as if it were text; Kiln buckets
 * batches by length, so its result must not depend on the bucket: each convolution zeroes the
 * positions past the example's length and pads {@link Conv1D.Padding#centered centered} ({@code
 * kernel − 1} zeros, 3 before and 3 after for kernel 7, where the tutorial's SAME at length 500
 * gives 2 and 3), and the max-pool reads only the positions of real windows. A review of L ids has
 * ⌈L/3⌉ positions after the first convolution and ⌈⌈L/3⌉/3⌉ after the second: at least one, however
 * short. The two-logit head trains through the binary path on z₁ − z₀, which is exactly the
 * tutorial's softmax cross-entropy (loss and gradient); exports give softmax(z₀, z₁) as
 * probabilities.
 *
 * <p>Config fields: {@code embedding_size}, {@code embedding_init_stddev}, {@code emb_dropout},
 * {@code conv_features}, {@code conv_kernel_size}, {@code conv_strides}, {@code hidden_size},
 * {@code dropout_rate}. Scopes: {@code embedding}, {@code conv1}, {@code norm1}, {@code conv2},
 * {@code norm2}, {@code mlp/hidden}, {@code mlp/output}.
 */
public final class CnnClassifier implements SequenceClassifier {
  private final Embedding<TFloat32> embedding;
  private final Dropout embeddingDropout;
  private final Conv1D<TFloat32> conv1;
  private final LayerNorm<TFloat32> norm1;
  private final Conv1D<TFloat32> conv2;
  private final LayerNorm<TFloat32> norm2;
  private final Dense<TFloat32> hidden;
  private final Dropout hiddenDropout;
  private final Dense<TFloat32> output;

  public CnnClassifier(ParameterStore store, Config config, int vocabularySize) {
    int embeddingSize = config.getInt("embedding_size");
    int features = config.getInt("conv_features");
    int width = config.getInt("conv_kernel_size");
    int stride = config.getInt("conv_strides");
    int hiddenSize = config.getInt("hidden_size");
    Conv1D.Padding padding = Conv1D.Padding.centered(width);
    this.embedding = new Embedding<>(store.scope("embedding"), vocabularySize, embeddingSize,
        TFloat32.class, Initializers.normal(config.getDouble("embedding_init_stddev")));
    this.embeddingDropout = new Dropout(config.getDouble("emb_dropout"), 1);
    this.conv1 = new Conv1D<>(store.scope("conv1"), width, embeddingSize, features, stride, padding,
        TFloat32.class);
    this.norm1 = new LayerNorm<>(store.scope("norm1"), features, TFloat32.class);
    this.conv2 = new Conv1D<>(store.scope("conv2"), width, features, features, stride, padding,
        TFloat32.class);
    this.norm2 = new LayerNorm<>(store.scope("norm2"), features, TFloat32.class);
    this.hidden = new Dense<>(store.scope("mlp/hidden"), features, hiddenSize, TFloat32.class);
    this.hiddenDropout = new Dropout(config.getDouble("dropout_rate"), 2);
    this.output = new Dense<>(store.scope("mlp/output"), hiddenSize, 2, TFloat32.class);
  }

  @Override
  public Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    return TwoClassLogits.margin(ctx.tf(), classLogits(ctx, ids, lengths, step, training));
  }

  /**
   * @param ids <int32>[batch, time], anything past each length
   * @return <float32>[batch, 2] the scores z₀, z₁ of the two classes
   */
  Operand<TFloat32> classLogits(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    Features features = features(ctx, ids, lengths, step, training);
    Operand<TFloat32> pooled = GlobalMaxPool.apply(tf, features.values(), features.lengths());
    Operand<TFloat32> h =
        hiddenDropout.apply(tf, tf.nn.relu(hidden.apply(ctx, pooled)), step, training);
    return output.apply(ctx, h);
  }

  /**
   * The second convolution block's output and its real positions per example.
   *
   * @param values <float32>[batch, time'', conv_features], time'' = ⌈⌈time/stride⌉/stride⌉ for
   *     centered padding
   * @param lengths <int32>[batch] real positions of each example in {@code values}
   */
  record Features(Operand<TFloat32> values, Operand<TInt32> lengths) {}

  Features features(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x =
        embeddingDropout.apply(tf, embedding.apply(ctx, ids), step, training);
    x = tf.nn.relu(norm1.apply(ctx, conv1.apply(ctx, x, lengths)));
    Operand<TInt32> lengths1 = conv1.outputLengths(tf, lengths);
    x = tf.nn.relu(norm2.apply(ctx, conv2.apply(ctx, x, lengths1)));
    return new Features(x, conv2.outputLengths(tf, lengths1));
  }
}
