package dev.kiln.launch.export;

import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.models.tfidf.LogisticRegression;
import java.util.List;
import java.util.Map;
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
 * The serving graph of a TF-IDF + logistic regression workdir, built in a fresh graph: TF-IDF
 * computed in the graph from raw sentences, then the trained {@link LogisticRegression}.
 *
 * <pre>
 *   sentences &lt;string&gt;[batch] → {@link SentenceTfidf} → feature_ids &lt;int32&gt;[batch, width], feature_values &lt;float32&gt;[batch, width]
 *   feature_ids, feature_values → logit = Σ value · w[id] + b
 *       → probabilities &lt;float32&gt;[batch, 2] = [1 - p, p], label &lt;string&gt;[batch]
 * </pre>
 *
 * <p>The terms and their idf are constants of the graph (the terms fill a hash table in the
 * SavedModel's init op): the export reads no file when it loads. {@code feature_ids} and {@code
 * feature_values} are {@code PlaceholderWithDefault}s over the computed rows: {@value
 * #SENTENCES_SIGNATURE} feeds {@code sentences}, {@value #FEATURES_SIGNATURE} feeds the pairs
 * directly (padding pairs: index 0, value 0).
 */
final class TfidfServingGraph implements ServingModel {
  static final String SENTENCES_SIGNATURE = ServingGraph.SENTENCES_SIGNATURE;
  static final String FEATURES_SIGNATURE = "tfidf_features";

  private final ParameterStore store;
  private final Op initOp;
  private final Map<String, SignatureDef> signatures;

  /** @param labels the class names, class 0 (probability 1 - p) first */
  TfidfServingGraph(Graph graph, Config config, TfidfVectorizer vectorizer, List<String> labels) {
    Ops tf = Ops.create(graph);
    this.store = new ParameterStore(graph, config.getInt("seed"));
    LogisticRegression model = new LogisticRegression(store, vectorizer.numFeatures());

    VocabularyTable terms = new VocabularyTable(tf.withSubScope("tfidf"), vectorizer.terms(), -1);
    this.initOp = tf.withControlDependencies(List.of(terms.initializer())).withName("kiln_init")
        .noOp();
    Placeholder<TString> sentences =
        tf.withName("sentences").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
    SentenceTfidf rows =
        SentenceTfidf.compute(tf.withSubScope("tfidf"), sentences, terms, vectorizer);
    Output<TInt32> ids = tf.withName("feature_ids")
        .placeholderWithDefault(rows.ids(), Shape.of(-1, -1)).output();
    Output<TFloat32> values = tf.withName("feature_values")
        .placeholderWithDefault(rows.values(), Shape.of(-1, -1)).output();

    Operand<TFloat32> logits =
        model.logits(new DirectContext(graph), ids, values, tf.constant(0L), false);
    Map<String, TensorInfo> outputs = ClassifierSignatures.outputs(tf, logits, labels);
    this.signatures = Map.of(
        SENTENCES_SIGNATURE, ClassifierSignatures.predict(Map.of("sentences",
            ClassifierSignatures.info(sentences.output(), DataType.DT_STRING, -1)), outputs),
        FEATURES_SIGNATURE, ClassifierSignatures.predict(Map.of(
            "feature_ids", ClassifierSignatures.info(ids, DataType.DT_INT32, -1, -1),
            "feature_values", ClassifierSignatures.info(values, DataType.DT_FLOAT, -1, -1)),
            outputs));
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
