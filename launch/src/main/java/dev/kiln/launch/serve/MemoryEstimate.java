package dev.kiln.launch.serve;

import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A simple estimate, made before a model runs, of the memory one request needs: {@code rows x
 * padded length x widest layer x 4 bytes}, one float activation of the model's widest layer for
 * every position of every row. The rows are an input's first dimension; the padded length is the
 * longest row of any input, a string counting its UTF-8 bytes (at least its tokens); the widest
 * layer is the largest last dimension of any variable of rank 2 or more (a dense or recurrent
 * kernel's outputs, an embedding's width), at least 1.
 */
public final class MemoryEstimate {
  /** Bytes per activation: float32. */
  static final long BYTES_PER_VALUE = 4;

  private MemoryEstimate() {}

  /** {@code rows x paddedLength x widestLayer x 4}, saturating at {@link Long#MAX_VALUE}. */
  public static long bytes(long rows, long paddedLength, long widestLayer) {
    try {
      return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(rows, paddedLength),
          widestLayer), BYTES_PER_VALUE);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The estimate for feeding {@code inputs} to a model whose widest layer is given. */
  public static long of(Map<String, TensorValue> inputs, long widestLayer) {
    long rows = 1;
    long padded = 1;
    for (TensorValue value : inputs.values()) {
      long[] shape = value.shape();
      rows = Math.max(rows, shape.length == 0 ? 1 : shape[0]);
      padded = Math.max(padded, rowLength(shape));
      if (value.type() == ServingType.STRING) {
        for (byte[] text : (byte[][]) value.elements()) {
          padded = Math.max(padded, text.length);
        }
      }
    }
    return bytes(rows, padded, widestLayer);
  }

  /** The values in one row: the product of every dimension after the first, 1 for rank 0 or 1. */
  static long rowLength(long[] shape) {
    long length = 1;
    for (int i = 1; i < shape.length; i++) {
      length = shape[i] < 0 ? length : saturatingMultiply(length, shape[i]);
    }
    return length;
  }

  /**
   * The largest last dimension of any variable of rank 2 or more in {@code graph} ({@code
   * VariableV2}, {@code VarHandleOp} and the like, by their {@code shape} attribute), at least 1.
   */
  public static long widestLayer(GraphDef graph) {
    long widest = 1;
    for (NodeDef node : graph.getNodeList()) {
      if (!node.getOp().startsWith("Var")) {
        continue;
      }
      AttrValue shape = node.getAttrMap().get("shape");
      if (shape == null || !shape.hasShape()) {
        continue;
      }
      TensorShapeProto dims = shape.getShape();
      if (dims.getDimCount() >= 2) {
        widest = Math.max(widest, dims.getDim(dims.getDimCount() - 1).getSize());
      }
    }
    return widest;
  }

  private static long saturatingMultiply(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
