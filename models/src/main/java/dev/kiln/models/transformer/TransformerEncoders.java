package dev.kiln.models.transformer;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.layers.FeedForward.Activation;
import dev.kiln.framework.layers.TransformerEncoder;
import dev.kiln.framework.layers.TransformerEncoder.Positions;
import dev.kiln.framework.variables.ParameterStore;
import org.tensorflow.types.TFloat32;

/**
 * The Transformer encoder a config describes, built the same way (scope {@value #SCOPE}, shapes,
 * dropout seeds) by the classifier and by masked-LM pre-training, so that pre-trained variables
 * load into the classifier by name.
 *
 * <p>The token embedding has one row more than the vocabulary: the {@code [MASK]} token of
 * masked-LM pre-training, id {@link #maskId} = vocabulary size. The vocabulary file stays as it
 * is; the classifier never sees the id but keeps the row, so both phases have the same shapes.
 *
 * <p>Config fields: {@code emb_dim}, {@code num_heads}, {@code mlp_dim}, {@code num_layers},
 * {@code dropout_rate}, {@code attention_dropout_rate}, {@code position_embedding} ({@code
 * learned} or {@code sinusoidal}), {@code max_input_length}. GELU feed-forward blocks, as BERT.
 */
public final class TransformerEncoders {
  /** The scope of every encoder variable: what fine-tuning loads from a pre-training checkpoint. */
  public static final String SCOPE = "encoder";
  /** The encoder's dropout seeds start here (see {@link TransformerEncoder}); heads use 1 to 9. */
  private static final int DROPOUT_SEED = 10;

  private TransformerEncoders() {}

  /** The id of {@code [MASK]}: the extra embedding row after a vocabulary of {@code vocabularySize}. */
  public static int maskId(int vocabularySize) {
    return vocabularySize;
  }

  /** The encoder of {@code config} over a vocabulary of {@code vocabularySize} (plus [MASK]). */
  public static TransformerEncoder<TFloat32> create(ParameterStore store, Config config,
      int vocabularySize) {
    int dim = config.getInt("emb_dim");
    int heads = config.getInt("num_heads");
    if (heads < 1 || dim % heads != 0) {
      throw new ConfigException("config fields emb_dim (" + dim + ") and num_heads (" + heads
          + "): emb_dim must split evenly into the heads");
    }
    TransformerEncoder.Spec spec = new TransformerEncoder.Spec(vocabularySize + 1,
        config.getInt("max_input_length"), dim, heads, config.getInt("mlp_dim"),
        config.getInt("num_layers"), config.getDouble("dropout_rate"),
        config.getDouble("attention_dropout_rate"), positions(config), Activation.GELU);
    return new TransformerEncoder<>(store.scope(SCOPE), spec, DROPOUT_SEED, TFloat32.class);
  }

  private static Positions positions(Config config) {
    String name = config.getString("position_embedding");
    return switch (name) {
      case "learned" -> Positions.LEARNED;
      case "sinusoidal" -> Positions.SINUSOIDAL;
      default -> throw new ConfigException("config field position_embedding: unknown '" + name
          + "' (known: learned, sinusoidal)");
    };
  }
}
