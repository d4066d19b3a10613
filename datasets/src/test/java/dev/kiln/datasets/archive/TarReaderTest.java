package dev.kiln.datasets.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.DatasetException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {

  @TempDir Path dir;

  @Test
  void readsRegularFilesInOrderSkippingDirectoriesAndUnreadContent() {
    byte[] large = new byte[5000];
    new Random(1).nextBytes(large);
    Path file = new TestTar()
        .directory("aclImdb/")
        .file("aclImdb/train/pos/0_9.txt", "Bromwell High")
        .file("aclImdb/train/big.feat", large)
        .file("aclImdb/empty.txt", "")
        .file("aclImdb/test/neg/0_2.txt", "Once again")
        .writeGzip(dir.resolve("a.tar.gz"));

    try (TarReader reader = TarReader.openGzip(file)) {
      assertEquals(new TarReader.Entry("aclImdb/train/pos/0_9.txt", 13), reader.next());
      assertEquals("Bromwell High", new String(reader.content(), UTF_8));
      assertEquals(new TarReader.Entry("aclImdb/train/big.feat", 5000), reader.next());
      assertEquals(new TarReader.Entry("aclImdb/empty.txt", 0), reader.next());
      assertArrayEquals(new byte[0], reader.content());
      assertEquals("aclImdb/test/neg/0_2.txt", reader.next().path());
      assertEquals("Once again", new String(reader.content(), UTF_8));
      assertNull(reader.next());
    }
  }

  @Test
  void readsLongNamesFromUstarPrefixesGnuLongLinksAndPaxHeaders() {
    String deep = "d/" + "x".repeat(120) + "/review.txt";
    byte[] tar = new TestTar()
        .file(deep, "ustar prefix")
        .gnuLongNameFile("g/" + "y".repeat(150) + ".txt", "gnu")
        .paxPathFile("p/" + "z".repeat(200) + "/caf\u00e9.txt", "pax")
        .file("after.txt", "plain")
        .bytes();

    try (TarReader reader = new TarReader(new ByteArrayInputStream(tar), "test.tar")) {
      assertEquals(List.of(deep, "g/" + "y".repeat(150) + ".txt",
          "p/" + "z".repeat(200) + "/caf\u00e9.txt", "after.txt"), TestTar.paths(reader));
    }
  }

  @Test
  void damagedHeaderIsAnErrorNamingTheArchive() {
    byte[] tar = new TestTar().file("a.txt", "a").file("b.txt", "b").bytes();
    tar[512 * 2 + 3] ^= 1; // in the name of the second header

    try (TarReader reader = new TarReader(new ByteArrayInputStream(tar), "bad.tar")) {
      reader.next();
      DatasetException error = assertThrows(DatasetException.class, reader::next);
      assertEquals("Corrupt tar archive bad.tar: header checksum mismatch", error.getMessage());
    }
  }

  @Test
  void truncatedArchiveIsAnError() {
    byte[] tar = new TestTar().file("a.txt", "x".repeat(2000)).bytes();

    try (TarReader reader =
        new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 1000)), "cut.tar")) {
      reader.next();
      DatasetException error = assertThrows(DatasetException.class, reader::content);
      assertEquals("Corrupt tar archive cut.tar: truncated data of a.txt", error.getMessage());
    }
  }

  @Test
  void truncatedHeaderIsAnError() {
    byte[] tar = new TestTar().file("a.txt", "a").file("b.txt", "b").bytes();

    try (TarReader reader =
        new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 512 * 2 + 300)), "cut.tar")) {
      reader.next();
      DatasetException error = assertThrows(DatasetException.class, reader::next);
      assertEquals("Corrupt tar archive cut.tar: truncated header", error.getMessage());
    }
  }

  @Test
  void notGzipIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.tar.gz"), "not gzip");

    DatasetException error = assertThrows(DatasetException.class, () -> TarReader.openGzip(file));
    assertTrue(error.getMessage().startsWith("Not a gzip file: " + file), error.getMessage());
  }
}
