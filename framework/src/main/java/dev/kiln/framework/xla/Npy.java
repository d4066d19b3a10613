package dev.kiln.framework.xla;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes NumPy {@code .npy} files (format 1.0, little-endian, C order), so a batch Kiln fed a
 * step can be fed to the same program elsewhere with {@code numpy.load}.
 */
public final class Npy {
  private Npy() {}

  /** Writes {@code <int32>[shape]}. */
  public static void write(Path file, int[] values, long... shape) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    data.asIntBuffer().put(values);
    write(file, "<i4", shape, values.length, data.array());
  }

  /** Writes {@code <float32>[shape]}. */
  public static void write(Path file, float[] values, long... shape) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    data.asFloatBuffer().put(values);
    write(file, "<f4", shape, values.length, data.array());
  }

  /**
   * Writes raw little-endian element bytes as {@code <dtype>[shape]}, {@code hloType} being the
   * XLA name of the element type ({@code f32}, {@code f64}, {@code s32}, {@code s64}).
   */
  public static void writeRaw(Path file, String hloType, byte[] data, long... shape)
      throws IOException {
    String descr = switch (hloType) {
      case "f32" -> "<f4";
      case "f64" -> "<f8";
      case "s32" -> "<i4";
      case "s64" -> "<i8";
      default -> throw new IllegalArgumentException("no .npy type for XLA's " + hloType);
    };
    int width = Integer.parseInt(descr.substring(2));
    if (data.length % width != 0) {
      throw new IllegalArgumentException(data.length + " bytes are not whole " + hloType + " values");
    }
    write(file, descr, shape, data.length / width, data);
  }

  private static void write(Path file, String descr, long[] shape, int count, byte[] data)
      throws IOException {
    long size = 1;
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      size *= d;
      dims.append(d).append(shape.length == 1 ? "," : ", ");
    }
    if (size != count) {
      throw new IllegalArgumentException(count + " values for shape " + java.util.Arrays.toString(shape));
    }
    String shapeText = shape.length == 1 ? "(" + dims + ")"
        : "(" + (dims.length() > 0 ? dims.substring(0, dims.length() - 2) : "") + ")";
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText
        + ", }";
    // magic (6) + version (2) + header length (2) + header + padding + '\n', a multiple of 64
    int unpadded = 10 + header.length() + 1;
    header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer out = ByteBuffer.allocate(10 + header.length() + data.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1)
        .put((byte) 0).putShort((short) header.length())
        .put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
    Files.write(file, out.array());
  }
}
