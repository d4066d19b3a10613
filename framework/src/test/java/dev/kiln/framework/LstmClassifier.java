package dev.kiln.framework;

import dev.kiln.framework.layers.Dropout;
import dev.kiln.framework.layers.Embedding;
import dev.kiln.framework.layers.Lstm;
import dev.kiln.framework.layers.Mlp;
import dev.kiln.framework.losses.SigmoidCrossEntropy;
import dev.kiln.framework.optim.Adam;
import dev.kiln.framework.optim.AdamConfig;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.step.StepBody;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Test fixture: the Flax SST-2 shape of model — embedding → dropout → LSTM → Dense → tanh →
 * Dense(1) — with Adam, built as a {@link CompiledStep}.
 *
 * <p>Step inputs: tokens <int32>[batch, time], lengths <int32>[batch], labels <float32>[batch].
 * Outputs: loss <float32>[], logits <float32>[batch].
 */
public final class LstmClassifier {
  public final ParameterStore store;
  public final Embedding<TFloat32> embedding;
  public final Lstm<TFloat32> lstm;
  public final Mlp<TFloat32> head;
  public final Dropout dropout;
  public final Adam adam;
  public final CompiledStep trainStep;
  public final int time;

  public LstmClassifier(Graph graph, long seed, Jit jit, int vocab, int embed, int hidden, int time, double dropoutRate,
      AdamConfig adamConfig) {
    this(graph, seed, jit, vocab, embed, hidden, time, dropoutRate, adamConfig, true);
  }

  /** @param trainEmbedding false: the embedding table is left out of the optimised parameters */
  public LstmClassifier(Graph graph, long seed, Jit jit, int vocab, int embed, int hidden, int time, double dropoutRate,
      AdamConfig adamConfig, boolean trainEmbedding) {
    this.time = time;
    store = new ParameterStore(graph, seed);
    embedding = new Embedding<>(store.scope("embedding"), vocab, embed, TFloat32.class, Initializers.normal(0.1));
    lstm = new Lstm<>(store.scope("lstm"), embed, hidden, TFloat32.class);
    head = new Mlp<>(store.scope("head"), hidden, List.of(hidden, 1), Mlp.TANH, TFloat32.class);
    dropout = new Dropout(dropoutRate, 7); // config, not state: the same in every run
    adam = new Adam(store.scope("adam"), trainEmbedding ? store.trainable()
        : store.trainable().stream().filter(v -> v != embedding.table()).toList(), List.of(), adamConfig);
    StepBody body = ctx -> {
      Operand<TInt32> tokens = ctx.input("tokens", TInt32.class, Shape.of(-1, time));
      Operand<TInt32> lengths = ctx.input("lengths", TInt32.class, Shape.of(-1));
      Operand<TFloat32> labels = ctx.input("labels", TFloat32.class, Shape.of(-1));
      Operand<TInt64> step = ctx.read(adam.count());
      Operand<TFloat32> logits = logits(ctx, tokens, lengths, step, true);
      Operand<TFloat32> loss = SigmoidCrossEntropy.mean(ctx.tf(), logits, labels);
      adam.minimize(ctx, loss);
      ctx.output("loss", loss);
      ctx.output("logits", logits);
    };
    trainStep = CompiledStep.build(graph, "train_step", jit, body);
  }

  /**
   * @param tokens <int32>[batch, time]
   * @param lengths <int32>[batch]
   * @return <float32>[batch]
   */
  public Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> tokens, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = embedding.apply(ctx, tokens);
    x = dropout.apply(tf, x, step, training);
    Lstm.Output<TFloat32> out = lstm.apply(ctx, x, lengths);
    Operand<TFloat32> y = head.apply(ctx, out.last());
    return tf.reshape(y, tf.constant(new int[] {-1}));
  }
}
