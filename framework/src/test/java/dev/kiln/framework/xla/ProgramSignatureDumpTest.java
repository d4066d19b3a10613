package dev.kiln.framework.xla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kiln.framework.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins how TensorFlow's XLA bridge lays out Kiln's steps, on modules TensorFlow really compiled
 * ({@link ProgramDumpProbe} in a child JVM, since XLA_FLAGS is read when the library loads).
 */
class ProgramSignatureDumpTest {
  @Test
  void manifestNamesEveryParameterAndResultOfTheCompiledModules(@TempDir Path dir)
      throws Exception {
    Path dump = dir.resolve("dump");
    Path out = Files.createDirectories(dir.resolve("programs"));
    String log = ChildJvm.run(ProgramDumpProbe.class, Map.of("XLA_FLAGS",
        "--xla_dump_to=" + dump + " --xla_dump_hlo_as_text --xla_dump_hlo_as_proto"),
        dump.toString(), out.toString());
    assertTrue(log.contains("probe sum=7.5"), log); // (1·1 + 2·1 + 3·1) + 3 · 0.5

    JsonObject manifest = JsonParser.parseString(
        Files.readString(out.resolve(ProgramManifest.FILE_NAME))).getAsJsonObject();
    JsonArray programs = manifest.getAsJsonArray("programs");
    assertEquals(2, programs.size());

    JsonObject probe = programs.get(0).getAsJsonObject();
    // The unused variable is still a parameter; the Reshape's shape is folded in as a constant.
    assertEquals(List.of("input x f32[3]", "variable unused f32[2]", "variable w f32[3]",
        "variable b f32[]"), describe(probe.getAsJsonArray("parameters")));
    assertEquals("[\"shape\"]", probe.getAsJsonArray("constant_inputs").toString());
    // The step's output, then the new value of the one variable it assigned, aliased to its
    // parameter (index 2).
    assertEquals(List.of("output sum f32[]", "variable w f32[3]"),
        describe(probe.getAsJsonArray("outputs")));
    assertEquals(2, probe.getAsJsonArray("outputs").get(1).getAsJsonObject()
        .get("parameter").getAsInt());

    JsonObject lstm = programs.get(1).getAsJsonObject();
    List<String> params = describe(lstm.getAsJsonArray("parameters"));
    List<String> outputs = describe(lstm.getAsJsonArray("outputs"));
    assertTrue(params.contains("variable lstm/kernel_i f32[8,64]")
        || params.stream().anyMatch(s -> s.startsWith("variable lstm/")), params.toString());
    assertTrue(params.stream().anyMatch(s -> s.startsWith("variable embedding/")), params.toString());
    long variableParams = params.stream().filter(s -> s.startsWith("variable ")).count();
    long variableOutputs = outputs.stream().filter(s -> s.startsWith("variable ")).count();
    // Adam updates every parameter, both its slots and its step count: all are results too.
    assertEquals(variableParams, variableOutputs, params + " vs " + outputs);
    assertTrue(outputs.get(0).startsWith("output "), outputs.toString());
    // Each program's module is a serialized HloModuleProto whose field 1 is the module's name.
    byte[] proto = Files.readAllBytes(out.resolve(lstm.get("hlo").getAsString()));
    assertEquals(10, proto[0]); // field 1, length-delimited
    String name = new String(proto, 2, proto[1], StandardCharsets.UTF_8);
    assertEquals(lstm.get("xla_module").getAsString(), name);
    assertTrue(Files.readString(out.resolve(lstm.get("hlo_text").getAsString()))
        .startsWith("HloModule " + name));
  }

  private static List<String> describe(JsonArray values) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      JsonObject v = values.get(i).getAsJsonObject();
      assertEquals(i, v.get("index").getAsInt());
      out.add(v.get("role").getAsString() + " " + v.get("name").getAsString() + " "
          + v.get("dtype").getAsString() + v.get("shape").toString());
    }
    return out;
  }
}
