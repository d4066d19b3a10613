package dev.kiln.pjrt;

import java.nio.file.Path;

/** The test double plugin the Maven build compiles for the tests (src/test/c). Not a device. */
final class TestDouble {
  private TestDouble() {}

  static Path path() {
    String p = System.getProperty("kiln.pjrt.testDouble");
    if (p == null) {
      throw new IllegalStateException("-Dkiln.pjrt.testDouble is not set (run through Maven)");
    }
    return Path.of(p);
  }

  static PjrtPlugin plugin() {
    return PjrtPlugin.load(path());
  }

  /** The objects the double has handed out and the caller has not freed yet. */
  static long liveObjects(PjrtPlugin plugin) {
    return Long.parseLong(plugin.attributes().get("kiln_test_double_live_objects"));
  }
}
