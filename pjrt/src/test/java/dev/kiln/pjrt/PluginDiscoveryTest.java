package dev.kiln.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where plugins are looked for, in order, on a fake file system. */
class PluginDiscoveryTest {
  @TempDir Path temp;

  private Path touch(String relative) throws IOException {
    Path p = temp.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, "");
  }

  private PluginDiscovery discovery(Map<String, String> env) {
    return new PluginDiscovery(env, temp.resolve("home"),
        List.of(temp.resolve("usr/local/lib"), temp.resolve("usr/lib")));
  }

  @Test
  void anExplicitPathComesFirstAndMustExist() throws IOException {
    Path plugin = touch("mine/plugin.so");
    touch("usr/lib/python3/dist-packages/libtpu/libtpu.so");
    assertEquals(plugin, discovery(Map.of()).find(Optional.of(plugin)));
    PjrtException e = assertThrows(PjrtException.class,
        () -> discovery(Map.of()).find(Optional.of(temp.resolve("absent.so"))));
    assertEquals("--pjrt-plugin failed: no file " + temp.resolve("absent.so"), e.getMessage());
  }

  @Test
  void tpuLibraryPathComesBeforeInstalledPackages() throws IOException {
    Path tpu = touch("opt/libtpu.so");
    touch("home/.local/lib/python3.11/site-packages/libtpu/libtpu.so");
    assertEquals(tpu, discovery(Map.of("TPU_LIBRARY_PATH", tpu.toString())).find(Optional.empty()));
  }

  @Test
  void theVirtualEnvComesBeforeTheUsersAndTheSystemsPackages() throws IOException {
    Path venv = touch("venv/lib/python3.12/site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so");
    touch("home/.local/lib/python3.11/site-packages/jax_plugins/xla_cuda12/xla_cuda_plugin.so");
    assertEquals(venv, discovery(Map.of("VIRTUAL_ENV", temp.resolve("venv").toString()))
        .find(Optional.empty()));
    Path user = temp.resolve(
        "home/.local/lib/python3.11/site-packages/jax_plugins/xla_cuda12/xla_cuda_plugin.so");
    assertEquals(user, discovery(Map.of()).find(Optional.empty()));
  }

  @Test
  void libtpuIsPreferredToACudaPluginAndSystemDirectoriesAreSearched() throws IOException {
    touch("usr/local/lib/python3.11/dist-packages/jax_plugins/xla_cuda12/xla_cuda_plugin.so");
    Path tpu = touch("usr/lib/python3/dist-packages/libtpu/libtpu.so");
    assertEquals(tpu, discovery(Map.of()).find(Optional.empty()));
  }

  @Test
  void nothingFoundIsOneLineSayingWhatToInstall() {
    PjrtException e = assertThrows(PjrtException.class,
        () -> discovery(Map.of()).find(Optional.empty()));
    assertEquals("plugin discovery failed: " + PluginDiscovery.NOT_FOUND, e.getMessage());
  }
}
