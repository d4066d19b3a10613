package dev.kiln.models.tfidf;

import dev.kiln.framework.layers.SparseDense;
import dev.kiln.framework.train.FeatureClassifier;
import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Binary logistic regression on sparse feature vectors: {@code logit = x · w + b}, one weight per
 * feature. Both start at zero, as scikit-learn's solvers do (the problem is convex, so the start
 * only changes the path). The L2 penalty applies to the weights, not the bias, as in
 * scikit-learn.
 *
 * <p>Variables: {@value #SCOPE}{@code /kernel} [features, 1], {@value #SCOPE}{@code /bias} [1].
 */
public final class LogisticRegression implements FeatureClassifier {
  /** The config's {@code model} value. */
  public static final String MODEL = "tfidf_logistic_regression";
  static final String SCOPE = "logistic_regression";
  /** The weights' variable name. */
  public static final String WEIGHTS = SCOPE + "/kernel";
  /** The bias's variable name. */
  public static final String BIAS = SCOPE + "/bias";

  private final SparseDense<TFloat32> linear;

  public LogisticRegression(ParameterStore store, int numFeatures) {
    this.linear = new SparseDense<>(store.scope(SCOPE), numFeatures, 1, TFloat32.class,
        Initializers.zeros(), Initializers.zeros());
  }

  @Override
  public Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> featureIds,
      Operand<TFloat32> featureValues, Operand<TInt64> step, boolean training) {
    var tf = ctx.tf();
    return tf.reshape(linear.apply(ctx, featureIds, featureValues),
        tf.constant(new int[] {-1}));
  }

  @Override
  public List<Variable<?>> l2Parameters() {
    return List.of(linear.kernel());
  }

  /** {@code <float32>[features, 1]}: the weights. */
  public Variable<TFloat32> weights() {
    return linear.kernel();
  }

  /** {@code <float32>[1]}: the bias. */
  public Variable<TFloat32> bias() {
    return linear.bias().orElseThrow();
  }
}
