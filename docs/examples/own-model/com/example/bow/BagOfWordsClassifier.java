package com.example.bow;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.layers.Dense;
import dev.kiln.framework.layers.Embedding;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** The mean of a sentence's word embeddings, then Dense(1): a logit per sentence. */
public final class BagOfWordsClassifier implements SequenceClassifier {
  private final Embedding<TFloat32> embedding;
  private final Dense<TFloat32> output;

  public BagOfWordsClassifier(ParameterStore store, Config config, int vocabularySize) {
    int size = config.getInt("embedding_size");
    this.embedding = new Embedding<>(store.scope("embedding"), vocabularySize, size,
        TFloat32.class, Initializers.normal(config.getDouble("embedding_init_stddev")));
    this.output = new Dense<>(store.scope("output"), size, 1, TFloat32.class);
  }

  @Override
  public Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    Operand<TFloat32> embedded = embedding.apply(ctx, ids); // [batch, time, size]
    // [batch, time, 1]: 1 at each sentence's real tokens, 0 on the padding past its length
    Operand<TInt32> time = tf.gather(tf.shape(ids), tf.constant(1), tf.constant(0));
    Operand<TInt32> positions = tf.range(tf.constant(0), time, tf.constant(1));
    Operand<TFloat32> real = tf.expandDims(tf.dtypes.cast(tf.math.less(
        tf.expandDims(positions, tf.constant(0)), tf.expandDims(lengths, tf.constant(1))),
        TFloat32.class), tf.constant(2));
    Operand<TFloat32> sum = tf.reduceSum(tf.math.mul(embedded, real), tf.constant(1));
    // A batch's padding rows have length 0: divide them by 1, not 0.
    Operand<TInt32> count = tf.math.maximum(lengths, tf.constant(1));
    Operand<TFloat32> mean = tf.math.div(sum,
        tf.expandDims(tf.dtypes.cast(count, TFloat32.class), tf.constant(1)));
    return tf.reshape(output.apply(ctx, mean), tf.constant(new int[] {-1}));
  }
}
