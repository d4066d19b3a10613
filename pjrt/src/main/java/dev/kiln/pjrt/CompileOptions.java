package dev.kiln.pjrt;

import java.io.ByteArrayOutputStream;

/**
 * The serialized {@code xla.CompileOptionsProto} Kiln passes to {@code PJRT_Client_Compile}:
 * {@code executable_build_options} (field 3) with {@code device_ordinal} -1 (field 1, "not set"),
 * {@code num_replicas} 1 (field 4) and {@code num_partitions} 1 (field 5): one program on one
 * device. Written by hand so the module needs no XLA protos.
 */
public final class CompileOptions {
  private CompileOptions() {}

  /** One replica, one partition. */
  public static byte[] singleDevice() {
    ByteArrayOutputStream build = new ByteArrayOutputStream();
    varintField(build, 1, -1L);
    varintField(build, 4, 1);
    varintField(build, 5, 1);
    byte[] inner = build.toByteArray();
    ByteArrayOutputStream options = new ByteArrayOutputStream();
    varint(options, (3 << 3) | 2);
    varint(options, inner.length);
    options.write(inner, 0, inner.length);
    return options.toByteArray();
  }

  private static void varintField(ByteArrayOutputStream out, int field, long value) {
    varint(out, (long) field << 3);
    varint(out, value);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
