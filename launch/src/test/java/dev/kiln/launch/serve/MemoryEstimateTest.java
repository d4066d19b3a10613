package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

class MemoryEstimateTest {

  @Test
  void isRowsTimesPaddedLengthTimesWidestLayerTimesFourBytes() {
    assertEquals(64L * 500 * 512 * 4, MemoryEstimate.bytes(64, 500, 512));
    assertEquals(Long.MAX_VALUE, MemoryEstimate.bytes(Long.MAX_VALUE / 2, 3, 1));
  }

  @Test
  void thePaddedLengthIsTheLongestRowOrText() {
    Map<String, TensorValue> ids = Map.of(
        "token_ids", new TensorValue(ServingType.INT32, new long[] {3, 7}, new int[21]),
        "lengths", new TensorValue(ServingType.INT32, new long[] {3}, new int[3]));
    assertEquals(3L * 7 * 10 * 4, MemoryEstimate.of(ids, 10));
    byte[][] texts = {"a".getBytes(StandardCharsets.UTF_8),
        "héllo".getBytes(StandardCharsets.UTF_8)}; // 6 bytes
    assertEquals(2L * 6 * 10 * 4, MemoryEstimate.of(Map.of("sentences",
        new TensorValue(ServingType.STRING, new long[] {2}, texts)), 10));
  }

  @Test
  void theWidestLayerIsTheLargestLastDimensionOfAVariableOfRankTwoOrMore() {
    GraphDef graph = GraphDef.newBuilder()
        .addNode(variable("embedding", "VarHandleOp", 20000, 128))
        .addNode(variable("lstm/kernel", "VariableV2", 128, 1024))
        .addNode(variable("bias", "VarHandleOp", 4096))
        .addNode(NodeDef.newBuilder().setName("const").setOp("Const")
            .putAttr("shape", shape(9999, 9999)))
        .build();
    assertEquals(1024, MemoryEstimate.widestLayer(graph));
    assertEquals(1, MemoryEstimate.widestLayer(GraphDef.getDefaultInstance()));
  }

  private static NodeDef variable(String name, String op, long... dims) {
    return NodeDef.newBuilder().setName(name).setOp(op).putAttr("shape", shape(dims)).build();
  }

  private static AttrValue shape(long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    return AttrValue.newBuilder().setShape(shape).build();
  }
}
