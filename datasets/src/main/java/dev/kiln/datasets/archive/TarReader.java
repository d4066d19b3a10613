package dev.kiln.datasets.archive;

import dev.kiln.datasets.DatasetException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Streams the regular files of a tar archive (POSIX ustar, GNU long names, pax headers: Apache
 * Commons Compress reads them), one at a time: {@link #next()} moves to the next file and {@link
 * #content()} reads it. Directories, links and other special entries are skipped. Every header
 * checksum is verified, which Commons Compress does not do by itself; a damaged or truncated
 * archive is a {@link DatasetException} naming it.
 */
public final class TarReader implements AutoCloseable {
  private final TarArchiveInputStream tar;
  private final String location;
  private Entry current;

  /** A regular file in the archive: its path as stored and its size in bytes. */
  public record Entry(String path, long size) {}

  /** Reads the tar stream {@code in}; {@code location} names it in errors. */
  public TarReader(InputStream in, String location) {
    this.tar = new ChecksummedTar(in, location);
    this.location = location;
  }

  /** Opens a gzip-compressed tar file ({@code .tar.gz}, {@code .tgz}). */
  public static TarReader openGzip(Path file) {
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new DatasetException("Archive not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open " + file, e);
    }
    try {
      return new TarReader(new GZIPInputStream(raw, 1 << 16), file.toString());
    } catch (IOException e) {
      closeQuietly(raw);
      throw new DatasetException("Not a gzip file: " + file + " (" + e.getMessage() + ")");
    }
  }

  /** Moves to the next regular file, skipping what is left of the current one; null at the end. */
  public Entry next() {
    current = null;
    try {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null;
          entry = tar.getNextEntry()) {
        if (entry.isFile() || entry.getLinkFlag() == TarConstants.LF_CONTIG) {
          current = new Entry(entry.getName(), entry.getSize());
          return current;
        }
      }
      return null;
    } catch (ZipException | EOFException e) {
      throw corrupt("bad gzip data (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw corrupt(e.getMessage());
    }
  }

  /** The whole content of the current file; readable once per file. */
  public byte[] content() {
    if (current == null) {
      throw new IllegalStateException("No current entry in " + location);
    }
    if (current.size() > Integer.MAX_VALUE - 8) {
      throw new DatasetException(current.path() + " in " + location + " is too large to read whole");
    }
    try {
      byte[] data = tar.readNBytes((int) current.size());
      if (data.length < current.size()) {
        throw corrupt("truncated data of " + current.path());
      }
      return data;
    } catch (ZipException | EOFException e) {
      throw corrupt("bad gzip data (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw corrupt("truncated data of " + current.path());
    }
  }

  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + location, e);
    }
  }

  private DatasetException corrupt(String problem) {
    return new DatasetException("Corrupt tar archive " + location + ": " + problem);
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException suppressed) {
      // The open failure being reported matters more than a failure to close.
    }
  }

  /**
   * Commons Compress's reader, with two checks it does not make itself: each header block's
   * checksum (it calls {@link #isEOFRecord} on every header block it reads, and on the block after
   * the archive's end), and a header block cut short, which it would take for the archive's end.
   */
  private static final class ChecksummedTar extends TarArchiveInputStream {
    private final String location;

    ChecksummedTar(InputStream in, String location) {
      super(in);
      this.location = location;
    }

    @Override
    protected byte[] readRecord() throws IOException {
      long before = getBytesRead();
      byte[] record = super.readRecord();
      if (record == null && getBytesRead() > before && !isAtEOF()) {
        throw new DatasetException("Corrupt tar archive " + location + ": truncated header");
      }
      return record;
    }

    @Override
    protected boolean isEOFRecord(byte[] record) {
      boolean end = super.isEOFRecord(record);
      if (!end && !isAtEOF() && !TarUtils.verifyCheckSum(record)) {
        throw new DatasetException(
            "Corrupt tar archive " + location + ": header checksum mismatch");
      }
      return end;
    }
  }
}
