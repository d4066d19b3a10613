package dev.kiln.pjrt;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a PJRT plugin the way users install one: an explicit path ({@code --pjrt-plugin}), else
 * {@code $TPU_LIBRARY_PATH}, else, in each Python package directory (the active
 * {@code $VIRTUAL_ENV}, {@code ~/.local/lib/python3.*}, {@code /usr/local/lib/python3.*},
 * {@code /usr/lib/python3/dist-packages}), {@code libtpu/libtpu.so} (the {@code libtpu} wheel),
 * then {@code jax_plugins/xla_cuda*}{@code /xla_cuda_plugin.so} (the {@code jax-cuda12-pjrt} /
 * {@code jax-cuda13-pjrt} wheels).
 */
public final class PluginDiscovery {
  /** The one line printed when nothing is found. */
  public static final String NOT_FOUND = "no PJRT plugin found: pass --pjrt-plugin PATH, set"
      + " TPU_LIBRARY_PATH, or install one with pip (`pip install libtpu` on a Cloud TPU VM,"
      + " `pip install jax-cuda13-pjrt` or `jax-cuda12-pjrt` for NVIDIA GPUs)";

  private final Map<String, String> env;
  private final Path home;
  private final List<Path> systemRoots;

  /**
   * @param env the environment ({@code System.getenv()})
   * @param home the user's home ({@code user.home})
   * @param systemRoots where system Pythons keep packages: {@code /usr/local/lib} and
   *     {@code /usr/lib} in use, temporary directories in tests
   */
  public PluginDiscovery(Map<String, String> env, Path home, List<Path> systemRoots) {
    this.env = env;
    this.home = home;
    this.systemRoots = systemRoots;
  }

  /** This process's environment, home and the system's Python directories. */
  public static PluginDiscovery ofSystem() {
    return new PluginDiscovery(System.getenv(), Path.of(System.getProperty("user.home")),
        List.of(Path.of("/usr/local/lib"), Path.of("/usr/lib")));
  }

  /**
   * The plugin to load: {@code explicit} if given (it must exist), else the first found.
   *
   * @throws PjrtException ({@link #NOT_FOUND}, or the explicit path missing)
   */
  public Path find(Optional<Path> explicit) {
    if (explicit.isPresent()) {
      if (!Files.isRegularFile(explicit.get())) {
        throw new PjrtException("--pjrt-plugin", -1, "no file " + explicit.get());
      }
      return explicit.get();
    }
    String tpu = env.get("TPU_LIBRARY_PATH");
    if (tpu != null && !tpu.isBlank()) {
      if (!Files.isRegularFile(Path.of(tpu))) {
        throw new PjrtException("TPU_LIBRARY_PATH", -1, "no file " + tpu);
      }
      return Path.of(tpu);
    }
    List<Path> dirs = packageDirectories();
    for (Path dir : dirs) {
      Path libtpu = dir.resolve("libtpu/libtpu.so");
      if (Files.isRegularFile(libtpu)) {
        return libtpu;
      }
    }
    for (Path dir : dirs) {
      for (Path cuda : children(dir.resolve("jax_plugins"), "xla_cuda*")) {
        Path plugin = cuda.resolve("xla_cuda_plugin.so");
        if (Files.isRegularFile(plugin)) {
          return plugin;
        }
      }
    }
    throw new PjrtException("plugin discovery", -1, NOT_FOUND);
  }

  /** Python package directories, in the order they are searched. */
  List<Path> packageDirectories() {
    List<Path> dirs = new ArrayList<>();
    String venv = env.get("VIRTUAL_ENV");
    if (venv != null && !venv.isBlank()) {
      for (Path python : children(Path.of(venv, "lib"), "python3*")) {
        dirs.add(python.resolve("site-packages"));
      }
    }
    for (Path python : children(home.resolve(".local/lib"), "python3*")) {
      dirs.add(python.resolve("site-packages"));
    }
    for (Path root : systemRoots) {
      for (Path python : children(root, "python3*")) {
        dirs.add(python.resolve("dist-packages"));
        dirs.add(python.resolve("site-packages"));
      }
    }
    return dirs;
  }

  /** Entries of {@code dir} matching {@code glob}, sorted by name; none if it is no directory. */
  private static List<Path> children(Path dir, String glob) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
      stream.forEach(found::add);
    } catch (IOException e) {
      return found;
    }
    found.sort(null);
    return found;
  }
}
