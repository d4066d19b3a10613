package dev.kiln.launch.serve.grpc;

import com.google.protobuf.ByteString;
import dev.kiln.launch.serve.InvalidInputException;
import dev.kiln.launch.serve.ServingType;
import dev.kiln.launch.serve.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Converts between TensorFlow's {@code TensorProto} and {@link TensorValue}. Reads the typed
 * value fields ({@code string_val}, {@code int_val}, {@code int64_val}, {@code float_val}) or
 * {@code tensor_content} (little-endian, as TensorFlow writes it); writes the typed fields, as TF
 * Serving's {@code Predict} does. A tensor must hold exactly as many values as its shape has
 * elements: TensorFlow's fill-with-the-last-value shorthand is refused, so a small message can
 * never ask for a large allocation.
 */
final class GrpcTensors {
  private GrpcTensors() {}

  /**
   * The tensor in {@code proto}.
   *
   * @param what names it in error messages, for example {@code "input 'sentences'"}
   * @throws InvalidInputException if its type is not served, its shape is unknown or negative, or
   *     its values do not fill its shape
   */
  static TensorValue fromProto(String what, TensorProto proto) {
    ServingType type = ServingType.of(proto.getDtype()).orElseThrow(() ->
        new InvalidInputException(what + " is " + proto.getDtype()
            + "; kiln serve handles DT_STRING, DT_INT32, DT_INT64 and DT_FLOAT"));
    long[] shape = shape(what, proto.getTensorShape());
    long elements = elements(shape);
    int width = contentWidth(type);
    if (proto.getTensorContent().size() % width != 0) {
      throw new InvalidInputException(what + " has " + proto.getTensorContent().size()
          + " bytes of tensor_content, not a whole number of " + width + "-byte values");
    }
    int count = valueCount(type, proto);
    if (count != elements) {
      throw new InvalidInputException(what + " has " + count + " values for shape "
          + Arrays.toString(shape) + " (" + elements + " elements)"
          + (type == ServingType.STRING || proto.getTensorContent().isEmpty() ? ""
              : " in tensor_content"));
    }
    return new TensorValue(type, shape, values(type, proto, count));
  }

  /** {@code value} as a {@code TensorProto} with typed value fields. */
  static TensorProto toProto(TensorValue value) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long size : value.shape()) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(size));
    }
    TensorProto.Builder proto = TensorProto.newBuilder()
        .setDtype(value.type().dataType())
        .setTensorShape(shape);
    Object elements = value.elements();
    switch (value.type()) {
      case STRING -> {
        for (byte[] bytes : (byte[][]) elements) {
          proto.addStringVal(ByteString.copyFrom(bytes));
        }
      }
      case INT32 -> {
        for (int element : (int[]) elements) {
          proto.addIntVal(element);
        }
      }
      case INT64 -> {
        for (long element : (long[]) elements) {
          proto.addInt64Val(element);
        }
      }
      case FLOAT -> {
        for (float element : (float[]) elements) {
          proto.addFloatVal(element);
        }
      }
    }
    return proto.build();
  }

  private static long[] shape(String what, TensorShapeProto shape) {
    if (shape.getUnknownRank()) {
      throw new InvalidInputException(what + " has an unknown rank; give its tensor_shape");
    }
    long[] dims = new long[shape.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.getDim(i).getSize();
      if (dims[i] < 0) {
        throw new InvalidInputException(what + " has dimension " + i + " of size " + dims[i]
            + "; every size must be known and non-negative");
      }
    }
    return dims;
  }

  /** The number of elements, or {@link Long#MAX_VALUE} when the product overflows. */
  private static long elements(long[] shape) {
    long elements = 1;
    for (long size : shape) {
      try {
        elements = Math.multiplyExact(elements, size);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return elements;
  }

  /** Bytes per value in {@code tensor_content}; strings are never read from it (1: any size). */
  private static int contentWidth(ServingType type) {
    return switch (type) {
      case STRING -> 1;
      case INT32 -> Integer.BYTES;
      case INT64 -> Long.BYTES;
      case FLOAT -> Float.BYTES;
    };
  }

  private static int valueCount(ServingType type, TensorProto proto) {
    ByteString content = proto.getTensorContent();
    if (type == ServingType.STRING || content.isEmpty()) {
      return switch (type) {
        case STRING -> proto.getStringValCount();
        case INT32 -> proto.getIntValCount();
        case INT64 -> proto.getInt64ValCount();
        case FLOAT -> proto.getFloatValCount();
      };
    }
    return content.size() / contentWidth(type);
  }

  private static Object values(ServingType type, TensorProto proto, int count) {
    ByteBuffer content = proto.getTensorContent().asReadOnlyByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
    boolean typed = proto.getTensorContent().isEmpty();
    switch (type) {
      case STRING -> {
        List<ByteString> strings = proto.getStringValList();
        byte[][] array = new byte[count][];
        for (int i = 0; i < count; i++) {
          array[i] = strings.get(i).toByteArray();
        }
        return array;
      }
      case INT32 -> {
        int[] array = new int[count];
        for (int i = 0; i < count; i++) {
          array[i] = typed ? proto.getIntVal(i) : content.getInt();
        }
        return array;
      }
      case INT64 -> {
        long[] array = new long[count];
        for (int i = 0; i < count; i++) {
          array[i] = typed ? proto.getInt64Val(i) : content.getLong();
        }
        return array;
      }
      case FLOAT -> {
        float[] array = new float[count];
        for (int i = 0; i < count; i++) {
          array[i] = typed ? proto.getFloatVal(i) : content.getFloat();
        }
        return array;
      }
      default -> throw new AssertionError(type);
    }
  }
}
