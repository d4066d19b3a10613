package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CompileChildFlagsTest {

  @Test
  void theChildDropsOnlyThePersistentCacheFlags() {
    assertEquals("--tf_xla_auto_jit=2 --tf_xla_cpu_global_jit",
        CompileChild.withoutPersistentCache("--tf_xla_auto_jit=2"
            + " --tf_xla_persistent_cache_directory=xla-cache"
            + "  --tf_xla_persistent_cache_prefix=cpu123 --tf_xla_cpu_global_jit "));
    assertEquals("", CompileChild.withoutPersistentCache(
        "--tf_xla_persistent_cache_directory=xla-cache --tf_xla_persistent_cache_prefix=cpu1"));
  }
}
