package dev.kiln.launch.serve.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.kiln.launch.serve.InvalidInputException;
import dev.kiln.launch.serve.ServingType;
import dev.kiln.launch.serve.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

class GrpcTensorsTest {

  @Test
  void everyServedTypeRoundTrips() {
    List<TensorValue> values = List.of(
        new TensorValue(ServingType.STRING, new long[] {2},
            new byte[][] {"é".getBytes(StandardCharsets.UTF_8), {(byte) 0xff}}),
        new TensorValue(ServingType.INT32, new long[] {2, 2}, new int[] {1, -2, 3, 4}),
        new TensorValue(ServingType.INT64, new long[] {1}, new long[] {1L << 40}),
        new TensorValue(ServingType.FLOAT, new long[] {}, new float[] {0.25f}));
    for (TensorValue value : values) {
      TensorProto proto = GrpcTensors.toProto(value);
      TensorValue back = GrpcTensors.fromProto("x", proto);
      assertEquals(value.type(), back.type());
      assertArrayEquals(value.shape(), back.shape());
      assertEquals(Arrays.deepToString(new Object[] {value.elements()}),
          Arrays.deepToString(new Object[] {back.elements()}));
    }
  }

  @Test
  void tensorContentIsReadLittleEndian() {
    TensorProto proto = proto(DataType.DT_FLOAT, 2).setTensorContent(ByteString.copyFrom(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f)
            .array())).build();
    assertArrayEquals(new float[] {1.5f, -2f},
        (float[]) GrpcTensors.fromProto("x", proto).elements());
  }

  @Test
  void malformedTensorsAreOneLineErrors() {
    assertEquals("input 'x' has 6 bytes of tensor_content, not a whole number of 4-byte values",
        refusal(proto(DataType.DT_INT32, 2).setTensorContent(ByteString.copyFrom(new byte[6]))));
    assertEquals("input 'x' has 1 values for shape [2] (2 elements) in tensor_content",
        refusal(proto(DataType.DT_INT64, 2).setTensorContent(ByteString.copyFrom(new byte[8]))));
    assertEquals("input 'x' has dimension 0 of size -1; every size must be known and"
        + " non-negative", refusal(proto(DataType.DT_INT32, -1)));
    assertEquals("input 'x' has an unknown rank; give its tensor_shape",
        refusal(TensorProto.newBuilder().setDtype(DataType.DT_INT32)
            .setTensorShape(TensorShapeProto.newBuilder().setUnknownRank(true))));
    assertEquals("input 'x' has 0 values for shape [3] (3 elements)",
        refusal(proto(DataType.DT_STRING, 3)));
  }

  private static TensorProto.Builder proto(DataType type, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    return TensorProto.newBuilder().setDtype(type).setTensorShape(shape);
  }

  private static String refusal(TensorProto.Builder proto) {
    return assertThrows(InvalidInputException.class,
        () -> GrpcTensors.fromProto("input 'x'", proto.build())).getMessage();
  }
}
