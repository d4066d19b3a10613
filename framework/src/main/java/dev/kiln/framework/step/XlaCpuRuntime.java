package dev.kiln.framework.step;

/**
 * Which of XLA's two CPU runtimes this process compiles for, as the {@code XLA_FLAGS} environment
 * variable chose it when TensorFlow's library loaded: the thunk runtime (TensorFlow 2.18's
 * default, dots through Eigen) or the legacy one ({@code --xla_cpu_use_thunk_runtime=false}, dots
 * rewritten to oneDNN matmuls, faster for Kiln's recurrent presets; XLA_NOTES.md).
 */
public final class XlaCpuRuntime {
  private static final String FLAG = "--xla_cpu_use_thunk_runtime";

  private XlaCpuRuntime() {}

  /** Whether {@code XLA_FLAGS} selects the legacy runtime. */
  public static boolean legacy() {
    return legacy(System.getenv("XLA_FLAGS"));
  }

  /** Whether flags in {@code XLA_FLAGS}'s syntax select the legacy runtime (the last one wins). */
  static boolean legacy(String xlaFlags) {
    boolean legacy = false;
    if (xlaFlags == null) {
      return false;
    }
    for (String flag : xlaFlags.trim().split("\\s+")) {
      if (flag.equals(FLAG)) {
        legacy = false;
      } else if (flag.startsWith(FLAG + "=")) {
        String value = flag.substring(FLAG.length() + 1);
        legacy = value.equalsIgnoreCase("false") || value.equals("0");
      }
    }
    return legacy;
  }
}
