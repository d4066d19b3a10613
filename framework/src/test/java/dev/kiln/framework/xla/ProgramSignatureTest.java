package dev.kiln.framework.xla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.step.StepArgument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;

class ProgramSignatureTest {
  private static final String HEADER = "HloModule step_1_Ab__.28, input_output_alias={ {1}: (2,"
      + " {}, may-alias), {2}: (3, {}, may-alias) }, alias_passthrough_params=true,"
      + " entry_computation_layout={(s32[4,8]{1,0}, f32[2]{0}, f32[3]{0}, /*index=3*/s64[])"
      + "->(f32[], f32[3]{0}, s64[])}\n\nENTRY ...";

  private static StepArgument input(String name, DataType type, long... dims) {
    return new StepArgument(false, name, type, java.util.Arrays.stream(dims).boxed().toList());
  }

  private static StepArgument variable(String name, DataType type, long... dims) {
    return new StepArgument(true, name, type, java.util.Arrays.stream(dims).boxed().toList());
  }

  @Test
  void headerGivesParametersResultsAndAliases() {
    HloModuleHeader h = HloModuleHeader.parse(HEADER);
    assertEquals("step_1_Ab__.28", h.name());
    assertEquals("[s32[4,8], f32[2], f32[3], s64[]]", h.parameters().toString());
    assertEquals("[f32[], f32[3], s64[]]", h.results().toString());
    assertEquals(Map.of(1, 2, 2, 3), h.aliases());
  }

  @Test
  void constantInputIsLeftOutAndUpdatesAreNamedByTheirParameter() {
    ProgramSignature s = ProgramSignature.map("step", List.of(
        input("ids", DataType.DT_INT32, -1, 8),
        input("shape", DataType.DT_INT32, 1),
        variable("unused", DataType.DT_FLOAT, 2),
        variable("w", DataType.DT_FLOAT, 3),
        variable("count", DataType.DT_INT64)), List.of("loss"), HloModuleHeader.parse(HEADER));
    assertEquals(List.of("ids", "unused", "w", "count"),
        s.parameters().stream().map(p -> p.argument().name()).toList());
    assertEquals(List.of("shape"), s.constants().stream().map(StepArgument::name).toList());
    assertEquals(List.of("loss", "w", "count"),
        s.outputs().stream().map(ProgramSignature.Output::name).toList());
    assertEquals(3, s.outputs().get(2).parameter());
  }

  @Test
  void anAmbiguousConstantIsAnError() {
    // Two f32[3] inputs but one f32[3] parameter: which one XLA folded cannot be told.
    String header = "HloModule m, entry_computation_layout={(f32[3]{0})->(f32[])}";
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        ProgramSignature.map("step", List.of(input("a", DataType.DT_FLOAT, 3),
            input("b", DataType.DT_FLOAT, 3)), List.of("out"), HloModuleHeader.parse(header)));
    assertTrue(e.getMessage().contains("compile-time constants"), e.getMessage());
  }

  @Test
  void aVariableThatIsNotAParameterIsAnError() {
    String header = "HloModule m, entry_computation_layout={(f32[3]{0})->(f32[])}";
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        ProgramSignature.map("step", List.of(variable("v", DataType.DT_FLOAT, 2),
            input("x", DataType.DT_FLOAT, 3)), List.of("out"), HloModuleHeader.parse(header)));
    assertTrue(e.getMessage().contains("do not match the parameters [f32[3]]"), e.getMessage());
  }

  @Test
  void aResultNeitherOutputNorAliasedUpdateIsAnError() {
    String header = "HloModule m, entry_computation_layout={(f32[3]{0})->(f32[], f32[3]{0})}";
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        ProgramSignature.map("step", List.of(variable("v", DataType.DT_FLOAT, 3)),
            List.of("out"), HloModuleHeader.parse(header)));
    assertTrue(e.getMessage().contains("result 1 f32[3]"), e.getMessage());
  }
}
