package dev.kiln.framework.xla;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @Test
  void writesNumpysHeaderAndLittleEndianData(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.npy");
    Npy.write(file, new int[] {1, 2, 3, -4, 5, 6}, 2, 3);
    byte[] bytes = Files.readAllBytes(file);
    int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    assertEquals(0, (10 + headerLength) % 64);
    String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
    assertEquals("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
    assertEquals(-4, ByteBuffer.wrap(bytes, 10 + headerLength + 12, 4)
        .order(ByteOrder.LITTLE_ENDIAN).getInt());

    Npy.write(file, new float[] {0.5f}, 1);
    bytes = Files.readAllBytes(file);
    headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
        new String(bytes, 10, headerLength, StandardCharsets.US_ASCII).strip());
    assertEquals(0.5f, ByteBuffer.wrap(bytes, 10 + headerLength, 4)
        .order(ByteOrder.LITTLE_ENDIAN).getFloat());
  }
}
