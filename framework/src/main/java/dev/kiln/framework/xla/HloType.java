package dev.kiln.framework.xla;

import java.util.Map;
import org.tensorflow.proto.DataType;

/** The names XLA's HLO text and NumPy give TensorFlow's element types. */
public final class HloType {
  private HloType() {}

  private static final Map<DataType, String[]> NAMES = Map.of(
      DataType.DT_FLOAT, new String[] {"f32", "float32"},
      DataType.DT_DOUBLE, new String[] {"f64", "float64"},
      DataType.DT_HALF, new String[] {"f16", "float16"},
      DataType.DT_BFLOAT16, new String[] {"bf16", "bfloat16"},
      DataType.DT_INT32, new String[] {"s32", "int32"},
      DataType.DT_INT64, new String[] {"s64", "int64"},
      DataType.DT_INT8, new String[] {"s8", "int8"},
      DataType.DT_UINT8, new String[] {"u8", "uint8"},
      DataType.DT_BOOL, new String[] {"pred", "bool"});

  /** The HLO primitive type of {@code type}, e.g. {@code f32} for {@code DT_FLOAT}. */
  public static String hlo(DataType type) {
    return names(type)[0];
  }

  /** The NumPy dtype name of {@code type}, e.g. {@code float32}. */
  public static String numpy(DataType type) {
    return names(type)[1];
  }

  private static String[] names(DataType type) {
    String[] names = NAMES.get(type);
    if (names == null) {
      throw new IllegalArgumentException("no XLA program type for TensorFlow's " + type);
    }
    return names;
  }
}
