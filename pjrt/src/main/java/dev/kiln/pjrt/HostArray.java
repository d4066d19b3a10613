package dev.kiln.pjrt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense array in host memory: element type, dimensions (row-major) and the elements'
 * little-endian bytes, as PJRT takes and returns them on x86-64 hosts.
 */
public record HostArray(ElementType type, long[] dims, byte[] data) {
  public HostArray {
    long expected = type.bytes() * elementCount(dims);
    if (data.length != expected) {
      throw new IllegalArgumentException(data.length + " bytes for " + type.hlo()
          + Arrays.toString(dims) + ", which needs " + expected);
    }
  }

  /** An f32 array. */
  public static HostArray ofFloats(float[] values, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new HostArray(ElementType.F32, dims, b.array());
  }

  /** An s32 array. */
  public static HostArray ofInts(int[] values, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return new HostArray(ElementType.S32, dims, b.array());
  }

  /** An s64 array. */
  public static HostArray ofLongs(long[] values, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new HostArray(ElementType.S64, dims, b.array());
  }

  /** The elements of an f32 array. */
  public float[] floats() {
    require(ElementType.F32);
    float[] v = new float[data.length / 4];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  /** The elements of an s32 array. */
  public int[] ints() {
    require(ElementType.S32);
    int[] v = new int[data.length / 4];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
    return v;
  }

  /** The elements of an s64 array. */
  public long[] longs() {
    require(ElementType.S64);
    long[] v = new long[data.length / 8];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
    return v;
  }

  /** Element {@code i} as a double, for f32, f64, s32 and s64. */
  public double number(int i) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    return switch (type) {
      case F32 -> b.getFloat(4 * i);
      case F64 -> b.getDouble(8 * i);
      case S32 -> b.getInt(4 * i);
      case S64 -> b.getLong(8 * i);
      default -> throw new IllegalStateException("no numbers for " + type.hlo());
    };
  }

  /** The number of elements. */
  public long size() {
    return elementCount(dims);
  }

  static long elementCount(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  private void require(ElementType t) {
    if (type != t) {
      throw new IllegalStateException("a " + type.hlo() + " array, not " + t.hlo());
    }
  }

  @Override
  public String toString() {
    return type.hlo() + Arrays.toString(dims);
  }
}
