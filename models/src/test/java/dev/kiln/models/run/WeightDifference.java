package dev.kiln.models.run;

import dev.kiln.framework.train.ModelSession;
import dev.kiln.framework.variables.Variable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A model's trainable weights and how far two sets of them are apart (data-parallel tests). */
final class WeightDifference {
  private WeightDifference() {}

  /** Every trainable variable's values, by name, in the store's order. */
  static Map<String, float[]> trainable(ModelSession<?> model) {
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (Variable<?> variable : model.store().trainable()) {
      weights.put(variable.name(), model.values(variable.name()));
    }
    return weights;
  }

  /** The largest |a - b| over every weight, each relative to its variable's largest |a|. */
  static double largestRelative(Map<String, float[]> expected, Map<String, float[]> actual) {
    double largest = 0;
    for (String name : expected.keySet()) {
      float[] a = expected.get(name);
      float[] b = actual.get(name);
      float scale = 0;
      for (float v : a) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < a.length; i++) {
        largest = Math.max(largest, Math.abs(a[i] - b[i]) / scale);
      }
    }
    return largest;
  }
}
