package dev.kiln.framework.step;

import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * One argument of a {@link CompiledStep}'s function, in argument order: a variable passed as a
 * resource handle, or a fed input.
 *
 * @param variable true for a variable (its checkpoint name is {@code name}), false for an input
 * @param name the variable's checkpoint name or the input's name
 * @param dtype the value's element type (a variable's value type, not {@code DT_RESOURCE})
 * @param shape the value's static shape; an input may have unknown (-1) dimensions
 */
public record StepArgument(boolean variable, String name, DataType dtype, List<Long> shape) {
  public StepArgument {
    shape = List.copyOf(shape);
  }

  static List<Long> dims(Shape shape) {
    List<Long> dims = new java.util.ArrayList<>();
    for (long d : shape.asArray()) {
      dims.add(d);
    }
    return dims;
  }
}
