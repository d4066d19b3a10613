package dev.kiln.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The binding against the real {@code libtpu.so} (the local wheel index's {@code libtpu}
 * 0.0.42.1) on a host without a TPU: it reads the plugin's PJRT API version, initializes it, and
 * creating a client ends in a one-line exception with libtpu's own message, not a crash.
 */
@Timeout(120)
class LibtpuPluginTest {
  @Test
  void libtpuInitializesAndRefusesAClientWithoutATpu() throws Exception {
    Optional<Path> libtpu = LibtpuLibrary.find();
    Assumptions.assumeTrue(libtpu.isPresent(), "skipped: no libtpu " + LibtpuLibrary.VERSION
        + " wheel in the local pip index (`pip config list`)");
    PjrtPlugin plugin = PjrtPlugin.load(libtpu.get());
    assertEquals("0.112", plugin.apiVersion());
    PjrtException e = assertThrows(PjrtException.class, plugin::createClient);
    System.out.println("libtpu " + LibtpuLibrary.VERSION + ", PJRT C API " + plugin.apiVersion()
        + ": " + e.getMessage());
    assertEquals("PJRT_Client_Create", e.call());
    assertTrue(e.code() > 0, "a PJRT status code, not Kiln's: " + e.code());
    assertFalse(e.getMessage().contains("\n"));
    assertTrue(e.pluginMessage().contains("TPU"), e.pluginMessage());
  }
}
