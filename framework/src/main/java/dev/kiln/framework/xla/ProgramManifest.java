package dev.kiln.framework.xla;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.step.StepArgument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes compiled steps as a program directory: per step, {@code <name>.hlo.pb} (the serialized
 * {@code HloModuleProto}) and {@code <name>.hlo.txt}, and one {@code manifest.json} that says,
 * per program, what each parameter and each result is ({@link ProgramSignature}).
 */
public final class ProgramManifest {
  /** The manifest's file name in a program directory. */
  public static final String FILE_NAME = "manifest.json";
  /** Its {@code format} field; {@code version} changes when the layout does. */
  public static final String FORMAT = "kiln-xla-programs";

  /**
   * A step to export.
   *
   * @param kind {@code train} or {@code eval}
   * @param length the padded sequence length its batches have
   */
  public record Program(String kind, int length, CompiledStep step) {}

  private final JsonObject root = new JsonObject();
  private final JsonArray programs = new JsonArray();

  /** @param info fields for the manifest's top level (preset, config hash, versions, ...) */
  public ProgramManifest(JsonObject info) {
    root.addProperty("format", FORMAT);
    root.addProperty("version", 1);
    info.entrySet().forEach(e -> root.add(e.getKey(), e.getValue()));
    root.add("programs", programs);
  }

  /**
   * Writes {@code program}'s module from {@code dump} into {@code dir} and describes it.
   *
   * @return its signature
   */
  public ProgramSignature add(Path dir, XlaDump dump, Program program) throws IOException {
    CompiledStep step = program.step();
    XlaDump.Module module = dump.module(step.functionName());
    ProgramSignature signature = ProgramSignature.map(step.name(), step.arguments(),
        step.outputNames(), module.header());
    Files.write(dir.resolve(step.name() + ".hlo.pb"), module.hloModuleProto());
    Files.writeString(dir.resolve(step.name() + ".hlo.txt"), module.text());

    JsonObject p = new JsonObject();
    p.addProperty("name", step.name());
    p.addProperty("kind", program.kind());
    p.addProperty("length", program.length());
    p.addProperty("hlo", step.name() + ".hlo.pb");
    p.addProperty("hlo_text", step.name() + ".hlo.txt");
    p.addProperty("xla_module", module.name());
    JsonArray params = new JsonArray();
    for (ProgramSignature.Parameter parameter : signature.parameters()) {
      JsonObject o = value(parameter.argument().variable() ? "variable" : "input",
          parameter.argument().name(), parameter.shape());
      o.addProperty("index", parameter.index());
      params.add(o);
    }
    p.add("parameters", params);
    JsonArray constants = new JsonArray();
    for (StepArgument c : signature.constants()) {
      constants.add(c.name());
    }
    p.add("constant_inputs", constants);
    JsonArray outputs = new JsonArray();
    for (ProgramSignature.Output output : signature.outputs()) {
      JsonObject o = value(output.isVariable() ? "variable" : "output", output.name(),
          output.shape());
      o.addProperty("index", output.index());
      if (output.isVariable()) {
        o.addProperty("parameter", output.parameter());
      }
      outputs.add(o);
    }
    p.add("outputs", outputs);
    programs.add(p);
    return signature;
  }

  /** Writes {@code manifest.json} into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.writeString(dir.resolve(FILE_NAME),
        new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
  }

  private static JsonObject value(String role, String name, HloShape shape) {
    JsonObject o = new JsonObject();
    o.addProperty("role", role);
    o.addProperty("name", name);
    o.addProperty("dtype", shape.type());
    JsonArray dims = new JsonArray();
    shape.dims().forEach(dims::add);
    o.add("shape", dims);
    return o;
  }

  /** The programs written so far, as a list of their names. */
  public List<String> names() {
    return programs.asList().stream().map(e -> e.getAsJsonObject().get("name").getAsString())
        .toList();
  }
}
