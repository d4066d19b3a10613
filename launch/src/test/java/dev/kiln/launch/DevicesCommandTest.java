package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesCommandTest {
  @TempDir Path temp;

  @Test
  void aMissingPluginIsOneLine() {
    Path absent = temp.resolve("absent.so");
    CommandRun run = CommandRun.of("devices", "--pjrt-plugin", absent.toString());
    assertEquals(1, run.exitCode());
    assertEquals("kiln devices: --pjrt-plugin failed: no file " + absent, run.err().strip());
  }

  @Test
  void aFileThatIsNoPluginIsOneLine() throws Exception {
    Path bogus = Files.writeString(temp.resolve("libbogus.so"), "not a library");
    CommandRun run = CommandRun.of("devices", "--pjrt-plugin", bogus.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().strip().startsWith("kiln devices: dlopen failed: "), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  /** The pjrt module's test double (built by its tests), when present: listed, but as what it is. */
  @Test
  void listsThePluginsDevices() {
    Path double_ = Path.of("../pjrt/target/test-native/libkiln_test_double_plugin.so");
    Assumptions.assumeTrue(Files.isRegularFile(double_), "the pjrt module's tests were not built");
    CommandRun run = CommandRun.of("devices", "--pjrt-plugin", double_.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("plugin: " + double_ + "\nPJRT C API: 0.94\nplatform: kiln-test-double test"
        + " double, not a device\ndevices: 1\n  device 0: kiln test double", run.out().strip());
  }
}
