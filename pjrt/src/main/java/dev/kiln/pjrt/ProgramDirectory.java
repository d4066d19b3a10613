package dev.kiln.pjrt;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code ./kiln compile --dump-batches N} program directory, read without TensorFlow:
 * {@code manifest.json}, the programs, the starting parameters as {@code parameters/*.npy}, the
 * batches ({@code batches/NNNNN/<input>.npy}) and {@code batches/reference.jsonl}.
 */
public final class ProgramDirectory {
  /** One parameter or result of a program, as the manifest lists it. */
  public record Value(String role, String name, String dtype, long[] shape, int index,
      int parameter) {
    public boolean isVariable() {
      return role.equals("variable");
    }
  }

  /** One program: its file and, in order, its parameters and results. */
  public record Program(String name, String kind, int length, String hlo, List<Value> parameters,
      List<Value> outputs) {}

  /** One line of {@code reference.jsonl}: what Kiln's own XLA step computed on batch {@code step}. */
  public record Reference(int step, String program, double lossSum, double correct,
      double weight) {}

  private final Path dir;
  private final Map<String, Program> programs = new LinkedHashMap<>();
  private final Map<String, Path> parameterFiles = new LinkedHashMap<>();

  private ProgramDirectory(Path dir) {
    this.dir = dir;
  }

  /** @throws IOException a missing or malformed file, named in the message */
  public static ProgramDirectory open(Path dir) throws IOException {
    ProgramDirectory d = new ProgramDirectory(dir);
    Path manifestFile = dir.resolve("manifest.json");
    JsonObject manifest;
    try {
      manifest = JsonParser.parseString(Files.readString(manifestFile)).getAsJsonObject();
    } catch (NoSuchFileException e) {
      throw new IOException(dir + " is not a program directory: no manifest.json"
          + " (make one with ./kiln compile --dump-batches N)");
    } catch (RuntimeException e) {
      throw new IOException(manifestFile + ": " + e.getMessage());
    }
    try {
      for (JsonElement e : manifest.getAsJsonArray("programs")) {
        JsonObject p = e.getAsJsonObject();
        Program program = new Program(p.get("name").getAsString(), p.get("kind").getAsString(),
            p.get("length").getAsInt(), p.get("hlo").getAsString(),
            values(p.getAsJsonArray("parameters")), values(p.getAsJsonArray("outputs")));
        d.programs.put(program.name(), program);
      }
      JsonArray arrays = manifest.getAsJsonArray("parameter_arrays");
      if (arrays == null) {
        throw new IOException(manifestFile + " has no parameter_arrays: it was written by a Kiln"
            + " before parameters/*.npy; run ./kiln compile again");
      }
      for (JsonElement e : arrays) {
        JsonObject a = e.getAsJsonObject();
        d.parameterFiles.put(a.get("name").getAsString(), dir.resolve(a.get("file").getAsString()));
      }
    } catch (RuntimeException e) {
      throw new IOException(manifestFile + ": malformed (" + e + ")");
    }
    return d;
  }

  private static List<Value> values(JsonArray array) {
    List<Value> values = new ArrayList<>();
    for (JsonElement e : array) {
      JsonObject o = e.getAsJsonObject();
      JsonArray shape = o.getAsJsonArray("shape");
      long[] dims = new long[shape.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shape.get(i).getAsLong();
      }
      values.add(new Value(o.get("role").getAsString(), o.get("name").getAsString(),
          o.get("dtype").getAsString(), dims, o.get("index").getAsInt(),
          o.has("parameter") ? o.get("parameter").getAsInt() : -1));
    }
    return values;
  }

  public Path dir() {
    return dir;
  }

  /** The program called {@code name}. */
  public Program program(String name) throws IOException {
    Program p = programs.get(name);
    if (p == null) {
      throw new IOException(dir.resolve("manifest.json") + " has no program " + name);
    }
    return p;
  }

  /** The bytes of {@code program}'s module in {@code format}: {@code .hlo.pb}, or {@code .mlir}. */
  public byte[] code(Program program, String format) throws IOException {
    Path file = switch (format) {
      case "hlo" -> dir.resolve(program.hlo());
      case "mlir" -> dir.resolve(program.name() + ".mlir");
      default -> throw new IOException("unknown program format " + format + " (hlo or mlir)");
    };
    if (!Files.isRegularFile(file)) {
      throw new IOException("no " + file + (format.equals("mlir")
          ? " (StableHLO bytecode; tools/gpu/hlo_to_mlir.py writes it)" : ""));
    }
    return Files.readAllBytes(file);
  }

  /** The starting value of variable {@code name}, from {@code parameters/<name>.npy}. */
  public HostArray parameter(String name) throws IOException {
    Path file = parameterFiles.get(name);
    if (file == null) {
      throw new IOException(dir.resolve("manifest.json") + " lists no parameter array for "
          + name);
    }
    return NpyFile.read(file);
  }

  /** The variables the parameter arrays hold, in manifest order. */
  public List<String> parameterNames() {
    return List.copyOf(parameterFiles.keySet());
  }

  /** Batch {@code step}'s input {@code name}, {@code batches/NNNNN/<name>.npy}. */
  public HostArray batchInput(int step, String name) throws IOException {
    return NpyFile.read(dir.resolve("batches").resolve(String.format(Locale.ROOT, "%05d", step))
        .resolve(name + ".npy"));
  }

  /** {@code batches/reference.jsonl}, one entry per dumped step. */
  public List<Reference> references() throws IOException {
    Path file = dir.resolve("batches/reference.jsonl");
    if (!Files.isRegularFile(file)) {
      throw new IOException("no " + file + " (make the directory with ./kiln compile"
          + " --dump-batches N)");
    }
    List<Reference> result = new ArrayList<>();
    int line = 0;
    for (String s : Files.readAllLines(file)) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      try {
        JsonObject o = JsonParser.parseString(s).getAsJsonObject();
        result.add(new Reference(o.get("step").getAsInt(), o.get("program").getAsString(),
            o.get("loss_sum").getAsDouble(), o.get("correct").getAsDouble(),
            o.get("weight").getAsDouble()));
      } catch (RuntimeException e) {
        throw new IOException(file + " line " + line + ": malformed (" + e.getMessage() + ")");
      }
    }
    return result;
  }
}
