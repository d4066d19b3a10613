package dev.kiln.pjrt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loaded PJRT plugin ({@code libtpu.so}, {@code xla_cuda_plugin.so}, ...): its function table,
 * checked and initialized. A plugin stays loaded for the life of the process (as in JAX: PJRT
 * plugins are not unloaded), so this holds no resource to close; clients do.
 */
public final class PjrtPlugin {
  /** The C API major version Kiln's declarations follow; a plugin must match it exactly. */
  public static final int MAJOR = 0;
  /**
   * The minor version of the header Kiln's declarations were written from; older plugins are
   * refused rather than trusted with struct layouts they may not share.
   */
  public static final int MIN_MINOR = 94;

  private final Path path;
  private final long api;
  private final int major;
  private final int minor;

  private PjrtPlugin(Path path, long api, int major, int minor) {
    this.path = path;
    this.api = api;
    this.major = major;
    this.minor = minor;
  }

  /**
   * Loads {@code path}, reads its API version, refuses an incompatible one and calls
   * {@code PJRT_Plugin_Initialize}.
   *
   * @throws PjrtException the library cannot be loaded, is not a PJRT plugin, has another API
   *     version, or fails to initialize (with the plugin's message)
   */
  public static PjrtPlugin load(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new PjrtException("dlopen", -1, "no file " + path);
    }
    long api = PjrtNative.load(path.toAbsolutePath().toString());
    long[] v = PjrtNative.apiVersion(api);
    int major = (int) v[1];
    int minor = (int) v[2];
    if (major != MAJOR || minor < MIN_MINOR) {
      throw new PjrtException("PJRT_Api_Version", -1, path + " implements PJRT C API " + major
          + "." + minor + "; Kiln's binding needs " + MAJOR + "." + MIN_MINOR + " or a later "
          + MAJOR + ".x");
    }
    if (v[0] < v[3]) {
      throw new PjrtException("PJRT_Api", -1, path + "'s function table has " + v[0]
          + " bytes, fewer than the " + v[3] + " Kiln's binding reads");
    }
    PjrtNative.initialize(api);
    return new PjrtPlugin(path, api, major, minor);
  }

  /** The file it was loaded from. */
  public Path path() {
    return path;
  }

  /** {@code major.minor} of the PJRT C API the plugin implements, e.g. {@code 0.112}. */
  public String apiVersion() {
    return major + "." + minor;
  }

  /** {@code PJRT_Plugin_Attributes}, e.g. {@code xla_version}, {@code stablehlo_current_version}. */
  public Map<String, String> attributes() {
    Map<String, String> result = new LinkedHashMap<>();
    for (String s : PjrtNative.attributes(api)) {
      int eq = s.indexOf('=');
      result.put(s.substring(0, eq), s.substring(eq + 1));
    }
    return result;
  }

  /** A new client: {@code PJRT_Client_Create} with no options. Close it. */
  public PjrtClient createClient() {
    return new PjrtClient(api, PjrtNative.clientCreate(api));
  }
}
