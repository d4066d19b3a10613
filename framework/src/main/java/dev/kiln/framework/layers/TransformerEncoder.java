package dev.kiln.framework.layers;

import dev.kiln.framework.layers.FeedForward.Activation;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * A Transformer encoder over token ids, BERT's shape with pre-LN blocks:
 *
 * <pre>
 *   ids → token embedding ~ N(0, 0.02²) + positions (learned ~ N(0, 0.02²), or sinusoidal)
 *       → dropout → N × {@link TransformerEncoderBlock} (padding-masked) → final {@link LayerNorm}
 * </pre>
 *
 * <p>Variables: {@code <scope>/token_embedding/table} [vocab, dim], {@code
 * <scope>/position_embedding/table} [maxLength, dim] (learned positions only), {@code
 * <scope>/block_<i>/*} for i in [0, layers), {@code <scope>/final_norm/*}. The token table is
 * exposed for weight tying (a masked-LM head scores against it).
 *
 * <p>Dropout seeds: {@code seed} on the embeddings, {@code seed + 1 + 3i ... seed + 3 + 3i} in
 * block i; a model gives its own dropouts seeds outside {@code [seed, seed + 1 + 3·layers)}.
 * Padding positions (t ≥ length) change no output at a real position.
 */
public final class TransformerEncoder<T extends TFloating> {
  /** How positions enter the embeddings. */
  public enum Positions {
    LEARNED,
    SINUSOIDAL
  }

  /**
   * @param vocabularySize rows of the token embedding
   * @param maxLength the longest sequence (rows of the learned position table)
   * @param dim the model width
   * @param heads attention heads; must divide {@code dim}
   * @param mlpDim the feed-forward block's inner width
   * @param layers the number of blocks
   * @param dropout on the embeddings and on each sub-layer's output
   * @param attentionDropout on the attention weights
   */
  public record Spec(int vocabularySize, int maxLength, int dim, int heads, int mlpDim, int layers,
      double dropout, double attentionDropout, Positions positions, Activation activation) {}

  private final Spec spec;
  private final Embedding<T> tokens;
  private final PositionEmbedding<T> positions;
  private final Dropout embeddingDropout;
  private final List<TransformerEncoderBlock<T>> blocks = new ArrayList<>();
  private final LayerNorm<T> finalNorm;

  public TransformerEncoder(ParameterStore scope, Spec spec, int seed, Class<T> dtype) {
    if (spec.layers() < 1) {
      throw new IllegalArgumentException("an encoder needs at least one block, got " + spec.layers());
    }
    this.spec = spec;
    this.tokens = new Embedding<>(scope.scope("token_embedding"), spec.vocabularySize(), spec.dim(),
        dtype, Initializers.normal(0.02));
    this.positions = spec.positions() == Positions.LEARNED
        ? new PositionEmbedding<>(scope.scope("position_embedding"), spec.maxLength(), spec.dim(), dtype)
        : null;
    this.embeddingDropout = new Dropout(spec.dropout(), seed);
    for (int i = 0; i < spec.layers(); i++) {
      blocks.add(new TransformerEncoderBlock<>(scope.scope("block_" + i), spec.dim(), spec.heads(),
          spec.mlpDim(), spec.activation(), spec.dropout(), spec.attentionDropout(), seed + 1 + 3 * i,
          dtype));
    }
    this.finalNorm = new LayerNorm<>(scope.scope("final_norm"), spec.dim(), dtype);
  }

  /**
   * @param ids <int32>[batch, time] token ids in [0, vocabularySize), time static and ≤ maxLength
   * @param lengths <int32>[batch] real positions per example
   * @param step <int64>[] the optimizer's count, for dropout
   * @param training false disables every dropout
   * @return <T>[batch, time, dim]; outputs at t ≥ length are finite but meaningless
   */
  public Operand<T> apply(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths,
      Operand<TInt64> step, boolean training) {
    Ops tf = ctx.tf();
    int time = Math.toIntExact(ids.shape().get(1));
    if (time < 1 || time > spec.maxLength()) {
      throw new IllegalArgumentException("time " + ids.shape().get(1) + " must be static and in [1, "
          + spec.maxLength() + "]");
    }
    Operand<T> x = tokens.apply(ctx, ids);
    x = positions != null ? positions.apply(ctx, x) : SinusoidalPositions.add(tf, x);
    x = embeddingDropout.apply(tf, x, step, training);
    for (TransformerEncoderBlock<T> block : blocks) {
      x = block.apply(ctx, x, lengths, step, training);
    }
    return finalNorm.apply(ctx, x);
  }

  public Spec spec() {
    return spec;
  }

  /** The token embedding [vocabularySize, dim], for an output layer tied to it. */
  public Variable<T> tokenTable() {
    return tokens.table();
  }

  /** The learned position table, if positions are learned. */
  public Optional<Variable<T>> positionTable() {
    return Optional.ofNullable(positions).map(PositionEmbedding::table);
  }

  /** Every variable of the encoder, in creation order. */
  public List<Variable<T>> variables() {
    List<Variable<T>> variables = new ArrayList<>();
    variables.add(tokens.table());
    positionTable().ifPresent(variables::add);
    blocks.forEach(b -> variables.addAll(b.variables()));
    variables.addAll(finalNorm.variables());
    return variables;
  }
}
