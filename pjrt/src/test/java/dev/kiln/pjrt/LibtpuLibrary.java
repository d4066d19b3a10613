package dev.kiln.pjrt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real {@code libtpu.so} of the {@code libtpu} 0.0.42.1 wheel in the machine's local pip
 * index ({@code file://} indexes that {@code pip config list} shows), extracted once into
 * {@code ~/.cache/kiln/libtpu-0.0.42.1/} (690 MB: never into the repository). Empty when the
 * wheel cannot be found.
 */
final class LibtpuLibrary {
  private LibtpuLibrary() {}

  static final String VERSION = "0.0.42.1";
  private static final Pattern WHEEL = Pattern.compile(
      "href=\"([^\"#]*libtpu-" + Pattern.quote(VERSION) + "-[^\"#]*\\.whl)");

  static Optional<Path> find() throws IOException, InterruptedException {
    Path cached = Path.of(System.getProperty("user.home"), ".cache", "kiln",
        "libtpu-" + VERSION, "libtpu.so");
    if (Files.isRegularFile(cached)) {
      return Optional.of(cached);
    }
    for (Path index : fileIndexes()) {
      Path page = index.resolve("libtpu/index.html");
      if (!Files.isRegularFile(page)) {
        continue;
      }
      Matcher m = WHEEL.matcher(Files.readString(page));
      if (m.find()) {
        Path wheel = page.getParent().resolve(m.group(1)).normalize();
        if (Files.isRegularFile(wheel)) {
          extract(wheel, cached);
          return Optional.of(cached);
        }
      }
    }
    return Optional.empty();
  }

  /** The {@code file://} index URLs in pip's configuration. */
  private static List<Path> fileIndexes() throws IOException, InterruptedException {
    List<Path> found = new ArrayList<>();
    Process p;
    try {
      p = new ProcessBuilder("python3", "-m", "pip", "config", "list").redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      return found; // no Python here
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        return found;
      }
      Matcher m = Pattern.compile("file://(/[^\\s']+)").matcher(out);
      while (m.find()) {
        found.add(Path.of(m.group(1)));
      }
      return found;
    } finally {
      p.destroyForcibly();
    }
  }

  /** Writes the wheel's {@code libtpu/libtpu.so} to {@code target} through a temporary name. */
  private static void extract(Path wheel, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), "libtpu", ".partial");
    try (ZipFile zip = new ZipFile(wheel.toFile())) {
      ZipEntry entry = zip.getEntry("libtpu/libtpu.so");
      if (entry == null) {
        throw new IOException(wheel + " holds no libtpu/libtpu.so");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
