package dev.kiln.models.run;

import java.util.Map;

/** How far two sets of weights are apart, for the data-parallel tests. */
final class WeightDifference {
  private WeightDifference() {}

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
