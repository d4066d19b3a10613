package dev.kiln.launch;

import dev.kiln.pjrt.PjrtClient;
import dev.kiln.pjrt.PjrtDevice;
import dev.kiln.pjrt.PjrtException;
import dev.kiln.pjrt.PjrtPlugin;
import dev.kiln.pjrt.PluginDiscovery;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln devices}: the PJRT plugin Kiln would use (found as {@link PluginDiscovery} says),
 * its C API version, platform and devices, or one line saying what is missing.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
    description = {"Lists the accelerators a PJRT plugin gives this machine: the plugin, its PJRT"
        + " C API version, its platform and each device's id and kind.",
        "The plugin is --pjrt-plugin, else $TPU_LIBRARY_PATH, else one installed with pip"
        + " (libtpu/libtpu.so, then jax_plugins/xla_cuda*/xla_cuda_plugin.so) in the active"
        + " virtualenv, ~/.local/lib/python3.*, /usr/local/lib/python3.* or"
        + " /usr/lib/python3/dist-packages."})
final class DevicesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--pjrt-plugin", paramLabel = "PATH",
      description = "The PJRT plugin to load (a .so exporting GetPjrtApi).")
  Path plugin;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Path path = PluginDiscovery.ofSystem().find(Optional.ofNullable(plugin));
      out.println("plugin: " + path);
      out.flush();
      PjrtPlugin loaded = PjrtPlugin.load(path);
      out.println("PJRT C API: " + loaded.apiVersion());
      out.flush();
      try (PjrtClient client = loaded.createClient()) {
        out.println("platform: " + client.platformName() + " " + client.platformVersion());
        List<PjrtDevice> devices = client.devices();
        out.println("devices: " + devices.size());
        for (PjrtDevice d : devices) {
          out.println("  " + d);
        }
      }
      return 0;
    } catch (PjrtException e) {
      throw new UserError(e.getMessage());
    }
  }
}
