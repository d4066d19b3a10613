package dev.kiln.framework.xla;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory TensorFlow's XLA wrote with {@code XLA_FLAGS="--xla_dump_to=DIR
 * --xla_dump_hlo_as_text --xla_dump_hlo_as_proto"}: per compiled module, {@code
 * module_NNNN.<name>.before_optimizations.txt} and {@code ....hlo.pb}, the bridge's output before
 * any CPU-specific pass. The {@code .hlo.pb} file is an {@code xla.HloProto}, whose field 1 is the
 * {@code HloModuleProto} (what PJRT and jaxlib take as an "hlo" program).
 */
public final class XlaDump {
  private static final String STAGE = ".before_optimizations";

  /** One module as the bridge produced it: its serialized {@code HloModuleProto} and its text. */
  public record Module(String name, byte[] hloModuleProto, String text) {
    public HloModuleHeader header() {
      return HloModuleHeader.parse(text);
    }
  }

  private final Path dir;

  public XlaDump(Path dir) {
    this.dir = dir;
  }

  /**
   * The one module compiled from TensorFlow function {@code functionName} (XLA names it {@code
   * <functionName>_<hash>...}).
   *
   * @throws IllegalStateException when there is none (the function was never compiled, or ran
   *     without XLA) or several (it was compiled for several input shapes)
   */
  public Module module(String functionName) throws IOException {
    List<Path> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> {
        String n = f.getFileName().toString();
        int dot = n.indexOf('.');
        return n.startsWith("module_") && n.endsWith(STAGE + ".txt")
            && n.startsWith(functionName + "_", dot + 1);
      }).forEach(texts::add);
    }
    if (texts.size() != 1) {
      throw new IllegalStateException(texts.isEmpty()
          ? "XLA compiled no module for function " + functionName + " (in " + dir + ")"
          : "XLA compiled function " + functionName + " " + texts.size() + " times (for several"
              + " input shapes?): " + texts);
    }
    Path text = texts.get(0);
    String file = text.getFileName().toString();
    String stem = file.substring(0, file.length() - ".txt".length());
    Path proto = text.resolveSibling(stem + ".hlo.pb");
    if (!Files.exists(proto)) {
      throw new IllegalStateException("no " + proto.getFileName() + " beside " + file
          + ": XLA_FLAGS needs --xla_dump_hlo_as_proto");
    }
    String moduleName = stem.substring(stem.indexOf('.') + 1, stem.length() - STAGE.length());
    return new Module(moduleName, hloModule(Files.readAllBytes(proto)),
        Files.readString(text, StandardCharsets.UTF_8));
  }

  /** Field 1 ({@code hlo_module}) of a serialized {@code xla.HloProto}. */
  static byte[] hloModule(byte[] hloProto) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(hloProto);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        return in.readByteArray();
      }
      in.skipField(tag);
    }
    throw new IllegalStateException("the HloProto holds no hlo_module (field 1)");
  }
}
