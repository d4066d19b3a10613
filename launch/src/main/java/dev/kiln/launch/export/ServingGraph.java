package dev.kiln.launch.export;

import dev.kiln.datasets.text.BucketBoundaries;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.step.LengthCase;
import dev.kiln.framework.train.SequenceClassifier;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.models.Models;
import dev.kiln.models.run.ClassifierTokenizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * The serving graph of a trained text classifier, built in a fresh graph: the config's model in
 * inference mode (no dropout), fed either by in-graph tokenization or by token ids.
 *
 * <pre>
 *   sentences &lt;string&gt;[batch] → {@link SentenceIds} → token_ids &lt;int32&gt;[batch, T], lengths &lt;int32&gt;[batch]
 *   token_ids, lengths → model → logit → p = sigmoid(logit)
 *       → probabilities &lt;float32&gt;[batch, 2] = [1 - p, p], label &lt;string&gt;[batch] = labels[logit ≥ 0]
 * </pre>
 *
 * <p>{@code token_ids} and {@code lengths} are {@code PlaceholderWithDefault}s over the tokenized
 * sentences: {@value #SENTENCES_SIGNATURE} feeds {@code sentences}, {@value #TOKEN_IDS_SIGNATURE}
 * feeds them directly and the tokenizer does not run. T is {@code max_input_length}.
 *
 * <p>The model is built once per training bucket ({@code bucket_size} multiples up to T, as
 * {@code BucketBoundaries.bySize}) and a {@code Case} op ({@link LengthCase}) runs the one of the
 * shortest padded length covering the batch's longest row, so a batch of short sentences costs
 * what its sentences need, not T steps of a recurrent layer. Every model gives a row the same
 * answer whatever padding follows it (evaluation buckets batches the same way), so the
 * probabilities equal those of the model unrolled to T, to float rounding.
 *
 * <p>A model trained on GPT-2 ids has no in-graph tokenizer: {@code token_ids} and {@code lengths}
 * are plain placeholders and both signatures take them (GPT-2 ids as tiktoken's {@code gpt2} gives
 * them, the first T of a text, anything past a row's length). {@code kiln serve} and {@code kiln
 * predict} tokenize raw text in Java for it.
 */
final class ServingGraph implements ServingModel {
  static final String SENTENCES_SIGNATURE = "serving_default";
  static final String TOKEN_IDS_SIGNATURE = "token_ids";
  /** The {@code Case} op that runs the model unrolled to the batch's bucket. */
  static final String LOGITS_CASE = "bucketed_logits";

  private final ParameterStore store;
  private final Op initOp;
  private final Map<String, SignatureDef> signatures;

  /**
   * @param tokenizer the workdir's: with a word vocabulary, sentences are tokenized in the graph;
   *     without one (GPT-2's byte pairs, which have no TensorFlow op), both signatures take token
   *     ids and the export's assets name the tokenizer ({@code ExportTokenizer})
   * @param labels the class names, class 0 (probability 1 - p) first
   */
  ServingGraph(Graph graph, Config config, ClassifierTokenizer tokenizer, List<String> labels) {
    this(graph, config, tokenizer, labels, BucketBoundaries.bySize(config.getInt("bucket_size"),
        config.getInt("max_input_length")).asList());
  }

  /**
   * @param paddedLengths the lengths the model is built for, increasing, the last {@code
   *     max_input_length}; one length builds the model once, unrolled to it, without {@code Case}
   */
  ServingGraph(Graph graph, Config config, ClassifierTokenizer tokenizer, List<String> labels,
      List<Integer> paddedLengths) {
    if (labels.size() != 2) {
      throw new IllegalArgumentException("a binary classifier needs 2 class names, got " + labels);
    }
    int time = config.getInt("max_input_length");
    Ops tf = Ops.create(graph);
    this.store = new ParameterStore(graph, config.getInt("seed"));
    SequenceClassifier model =
        Models.classifier(config, store, tokenizer.encoder().vocabularySize());

    Optional<Placeholder<TString>> sentences;
    Output<TInt32> ids;
    Output<TInt32> lengths;
    if (tokenizer.vocabulary().isPresent()) {
      VocabularyTable table =
          new VocabularyTable(tf.withSubScope("tokenize"), tokenizer.vocabulary().get());
      this.initOp = tf.withControlDependencies(List.of(table.initializer())).withName("kiln_init")
          .noOp();
      sentences = Optional.of(
          tf.withName("sentences").placeholder(TString.class, Placeholder.shape(Shape.of(-1))));
      SentenceIds encoded =
          SentenceIds.encode(tf.withSubScope("tokenize"), sentences.get(), table, time);
      ids = tf.withName("token_ids").placeholderWithDefault(encoded.ids(), Shape.of(-1, time))
          .output();
      lengths = tf.withName("lengths").placeholderWithDefault(encoded.lengths(), Shape.of(-1))
          .output();
    } else {
      this.initOp = tf.withName("kiln_init").noOp();
      sentences = Optional.empty();
      ids = tf.withName("token_ids")
          .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, time))).output();
      lengths = tf.withName("lengths")
          .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))).output();
    }

    Operand<TFloat32> logits = paddedLengths.size() == 1
        ? model.logits(new DirectContext(graph), ids, lengths, tf.constant(0L), false)
        : LengthCase.build(graph, LOGITS_CASE, paddedLengths, ids, lengths, TFloat32.class,
            (ctx, cut, cutLengths) ->
                model.logits(ctx, cut, cutLengths, ctx.tf().constant(0L), false));
    Map<String, TensorInfo> outputs = ClassifierSignatures.outputs(tf, logits, labels);
    SignatureDef byIds = ClassifierSignatures.predict(Map.of(
        "token_ids", ClassifierSignatures.info(ids, DataType.DT_INT32, -1, time),
        "lengths", ClassifierSignatures.info(lengths, DataType.DT_INT32, -1)), outputs);
    this.signatures = Map.of(
        SENTENCES_SIGNATURE, sentences.isPresent()
            ? ClassifierSignatures.predict(Map.of("sentences",
                ClassifierSignatures.info(sentences.get().output(), DataType.DT_STRING, -1)),
                outputs)
            : byIds,
        TOKEN_IDS_SIGNATURE, byIds);
  }

  @Override
  public ParameterStore store() {
    return store;
  }

  @Override
  public Op initOp() {
    return initOp;
  }

  @Override
  public Map<String, SignatureDef> signatures() {
    return signatures;
  }
}
