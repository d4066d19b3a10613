package dev.kiln.framework.xla;

import java.util.ArrayList;
import java.util.List;

/**
 * An array shape as HLO text writes it: {@code s32[64,8]{1,0}} is type {@code s32}, dimensions
 * [64, 8] (the layout in braces is dropped).
 */
public record HloShape(String type, List<Long> dims) {
  public HloShape {
    dims = List.copyOf(dims);
  }

  /** Parses one array shape; a tuple or malformed text gets an error quoting it. */
  public static HloShape parse(String text) {
    String s = text.strip();
    int open = s.indexOf('[');
    int close = s.indexOf(']');
    if (open <= 0 || close < open || s.startsWith("(")) {
      throw new IllegalArgumentException("not an HLO array shape: '" + text + "'");
    }
    List<Long> dims = new ArrayList<>();
    String inside = s.substring(open + 1, close).strip();
    if (!inside.isEmpty()) {
      for (String d : inside.split(",")) {
        dims.add(Long.parseLong(d.strip()));
      }
    }
    return new HloShape(s.substring(0, open), dims);
  }

  /**
   * Whether a value of TensorFlow type {@code hloType} and shape {@code shape} (-1 for an unknown
   * dimension) can be this parameter.
   */
  public boolean accepts(String hloType, List<Long> shape) {
    if (!type.equals(hloType) || shape.size() != dims.size()) {
      return false;
    }
    for (int i = 0; i < dims.size(); i++) {
      if (shape.get(i) >= 0 && !shape.get(i).equals(dims.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return type + dims.toString().replace(" ", "");
  }
}
