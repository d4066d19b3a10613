package dev.kiln.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binding against the test double plugin: transfers, donation, events and errors. */
@Timeout(60)
class PjrtBindingTest {
  private static final byte[] OPTIONS = CompileOptions.singleDevice();

  private static byte[] program(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void readsVersionPlatformAndDevices() {
    PjrtPlugin plugin = TestDouble.plugin();
    assertEquals("0.94", plugin.apiVersion());
    try (PjrtClient client = plugin.createClient()) {
      assertEquals("kiln-test-double", client.platformName());
      List<PjrtDevice> devices = client.devices();
      assertEquals(1, devices.size());
      assertEquals(0, devices.get(0).id());
      assertEquals("kiln test double", devices.get(0).kind());
    }
  }

  @Test
  void buffersGoToTheDeviceAndBack() {
    PjrtPlugin plugin = TestDouble.plugin();
    try (PjrtClient client = plugin.createClient()) {
      PjrtDevice device = client.devices().get(0);
      HostArray floats = HostArray.ofFloats(new float[] {1.5f, -2f, 3.25f, 0f, 7f, 8f}, 2, 3);
      HostArray longs = HostArray.ofLongs(new long[] {Long.MAX_VALUE}, new long[0]);
      try (PjrtBuffer f = client.toDevice(floats, device);
          PjrtBuffer l = client.toDevice(longs, device)) {
        assertEquals(ElementType.F32, f.type());
        assertArrayEquals(new long[] {2, 3}, f.dims());
        assertArrayEquals(floats.floats(), f.toHost().floats());
        assertEquals(ElementType.S64, l.type());
        assertArrayEquals(new long[0], l.dims());
        assertEquals(Long.MAX_VALUE, l.toHost().longs()[0]);
      }
    }
  }

  @Test
  void donatedInputsAreDeletedAndTheirMemoryBecomesTheOutputs() {
    PjrtPlugin plugin = TestDouble.plugin();
    try (PjrtClient client = plugin.createClient();
        PjrtExecutable addOne = client.compile(program("add_one 2"), "hlo", OPTIONS)) {
      PjrtDevice device = client.devices().get(0);
      assertEquals(2, addOne.numOutputs());
      try (PjrtBuffer a = client.toDevice(HostArray.ofInts(new int[] {1, 2, 3}, 3), device);
          PjrtBuffer b = client.toDevice(HostArray.ofFloats(new float[] {0.5f}, 1), device)) {
        long aMemory = a.unsafePointer();
        long bMemory = b.unsafePointer();
        List<PjrtBuffer> out = addOne.execute(List.of(a, b), Set.of(1));
        try {
          assertTrue(a.isDeleted(), "a donated input is deleted");
          assertFalse(b.isDeleted(), "an input in `keep` is not donated");
          assertEquals(aMemory, out.get(0).unsafePointer(), "output 0 aliases input 0's memory");
          assertTrue(bMemory != out.get(1).unsafePointer(), "a kept input is copied");
          assertArrayEquals(new int[] {2, 3, 4}, out.get(0).toHost().ints());
          assertArrayEquals(new float[] {1.5f}, out.get(1).toHost().floats());
          PjrtException e = assertThrows(PjrtException.class, a::toHost);
          assertEquals("FAILED_PRECONDITION", e.codeName());
          assertTrue(e.getMessage().contains("test double: the buffer was donated or deleted"),
              e.getMessage());
          PjrtException again = assertThrows(PjrtException.class,
              () -> addOne.execute(List.of(a, b)));
          assertTrue(again.getMessage().startsWith("PJRT_LoadedExecutable_Execute failed"
              + " (INVALID_ARGUMENT): test double: an argument buffer was deleted"), again.getMessage());
        } finally {
          out.forEach(PjrtBuffer::close);
        }
      }
    }
  }

  @Test
  void aCompileErrorCarriesThePluginsMessage() {
    PjrtPlugin plugin = TestDouble.plugin();
    try (PjrtClient client = plugin.createClient()) {
      PjrtException e = assertThrows(PjrtException.class,
          () -> client.compile(program("no such program"), "hlo", OPTIONS));
      assertEquals("PJRT_Client_Compile", e.call());
      assertEquals(3, e.code());
      assertEquals("PJRT_Client_Compile failed (INVALID_ARGUMENT): test double: cannot compile"
          + " program 'no such program'", e.getMessage());
      PjrtException format = assertThrows(PjrtException.class,
          () -> client.compile(program("add_one 1"), "tflite", OPTIONS));
      assertTrue(format.getMessage().endsWith("test double: unknown program format"));
    }
  }

  @Test
  void anExecutionErrorArrivesThroughTheCompletionEvent() {
    PjrtPlugin plugin = TestDouble.plugin();
    long before = TestDouble.liveObjects(plugin);
    try (PjrtClient client = plugin.createClient();
        PjrtExecutable failing = client.compile(program("fail_execute 1"), "mlir", OPTIONS);
        PjrtBuffer x = client.toDevice(HostArray.ofFloats(new float[] {1f}, 1),
            client.devices().get(0))) {
      PjrtException e = assertThrows(PjrtException.class, () -> failing.execute(List.of(x)));
      assertEquals("PJRT_LoadedExecutable_Execute (completion event) failed (INTERNAL): test"
          + " double: execution failed as the program asks", e.getMessage());
    }
    assertEquals(before, TestDouble.liveObjects(plugin), "the failed run's outputs were freed");
  }

  @Test
  void aLibraryThatIsNoPluginIsOneLineNotACrash(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path notALibrary = Files.writeString(dir.resolve("libnot.so"), "not an ELF file");
    PjrtException e = assertThrows(PjrtException.class, () -> PjrtPlugin.load(notALibrary));
    assertEquals("dlopen", e.call());
    assertFalse(e.getMessage().contains("\n"));
    PjrtException missing = assertThrows(PjrtException.class,
        () -> PjrtPlugin.load(dir.resolve("absent.so")));
    assertTrue(missing.getMessage().contains("no file"), missing.getMessage());
  }
}
