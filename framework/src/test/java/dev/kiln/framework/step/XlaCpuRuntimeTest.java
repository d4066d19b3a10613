package dev.kiln.framework.step;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class XlaCpuRuntimeTest {
  @Test
  void readsTheThunkRuntimeFlagTheWayXlaDoes() {
    assertFalse(XlaCpuRuntime.legacy(null));
    assertFalse(XlaCpuRuntime.legacy(""));
    assertFalse(XlaCpuRuntime.legacy("--xla_dump_to=/tmp/x"));
    assertTrue(XlaCpuRuntime.legacy("--xla_cpu_use_thunk_runtime=false"));
    assertTrue(XlaCpuRuntime.legacy(" --xla_dump_to=/tmp/x  --xla_cpu_use_thunk_runtime=0 "));
    assertFalse(XlaCpuRuntime.legacy("--xla_cpu_use_thunk_runtime=true"));
    assertFalse(XlaCpuRuntime.legacy("--xla_cpu_use_thunk_runtime=false --xla_cpu_use_thunk_runtime"));
    assertTrue(XlaCpuRuntime.legacy("--xla_cpu_use_thunk_runtime --xla_cpu_use_thunk_runtime=FALSE"));
  }
}
