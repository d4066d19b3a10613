package dev.kiln.pjrt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format 1.x/2.x, little-endian, C order) as Kiln's
 * {@code framework/xla/Npy} writes them: {@code <f4 <f8 <i4 <i8}.
 */
public final class NpyFile {
  private NpyFile() {}

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /**
   * @throws IOException unreadable, or not an array this reader takes (the message names the file)
   */
  public static HostArray read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || (bytes[0] & 0xFF) != 0x93
        || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IOException(file + ": not a .npy file");
    }
    int major = bytes[6];
    int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(bytes, start, headerLength, StandardCharsets.US_ASCII);
    String descr = group(DESCR, header, file);
    if (group(FORTRAN, header, file).equals("True")) {
      throw new IOException(file + ": Fortran-ordered arrays are not read");
    }
    ElementType type = switch (descr) {
      case "<f4" -> ElementType.F32;
      case "<f8" -> ElementType.F64;
      case "<i4" -> ElementType.S32;
      case "<i8" -> ElementType.S64;
      default -> throw new IOException(file + ": dtype " + descr + " is not read");
    };
    long[] dims = Arrays.stream(group(SHAPE, header, file).split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    int offset = start + headerLength;
    byte[] data = Arrays.copyOfRange(bytes, offset, bytes.length);
    long expected = type.bytes() * HostArray.elementCount(dims);
    if (data.length != expected) {
      throw new IOException(file + ": " + data.length + " data bytes, the header says " + expected);
    }
    return new HostArray(type, dims, data);
  }

  private static String group(Pattern p, String header, Path file) throws IOException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IOException(file + ": no " + p.pattern().split("'")[1] + " in its header");
    }
    return m.group(1);
  }
}
