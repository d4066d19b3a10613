package dev.kiln.framework.train;

import dev.kiln.framework.variables.GraphContext;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A model that scores a batch of sparse feature vectors (TF-IDF rows, bags of words), each row
 * given by its non-zero entries as padded (index, value) pairs: a binary classifier's logit.
 */
public interface FeatureClassifier {

  /**
   * @param featureIds <int32>[batch, width] the indices of each row's entries; padding pairs have
   *     index 0
   * @param featureValues <float32>[batch, width] their values; 0 for padding pairs
   * @param step <int64>[] the global step, which seeds dropout masks
   * @param training whether dropout and other training-only noise apply
   * @return <float32>[batch] logits; sigmoid(logit) is the probability of class 1
   */
  Operand<TFloat32> logits(GraphContext ctx, Operand<TInt32> featureIds,
      Operand<TFloat32> featureValues, Operand<TInt64> step, boolean training);

  /** The parameters an L2 penalty applies to (by default none). */
  default List<Variable<?>> l2Parameters() {
    return List.of();
  }
}
