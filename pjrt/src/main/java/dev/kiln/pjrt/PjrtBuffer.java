package dev.kiln.pjrt;

/**
 * An array on a device. Close it ({@code PJRT_Buffer_Destroy}) when done, including after it was
 * donated to an execution: donation frees the device memory, not this object.
 */
public final class PjrtBuffer implements AutoCloseable {
  private final long api;
  private long buffer;

  PjrtBuffer(long api, long buffer) {
    this.api = api;
    this.buffer = buffer;
  }

  public ElementType type() {
    return ElementType.ofCode(PjrtNative.bufferType(api, handle()));
  }

  public long[] dims() {
    return PjrtNative.bufferDims(api, handle());
  }

  /** True once the buffer was deleted or donated to an execution. */
  public boolean isDeleted() {
    return PjrtNative.bufferIsDeleted(api, handle());
  }

  /** Copies the array to the host, waiting for it (and for whatever computes it). */
  public HostArray toHost() {
    long[] dims = dims();
    ElementType type = type();
    return new HostArray(type, dims, PjrtNative.bufferToHost(api, handle()));
  }

  /**
   * {@code PJRT_Buffer_UnsafePointer}: the platform's address of the data, for checking that an
   * output aliases a donated input. Not for reading.
   */
  public long unsafePointer() {
    return PjrtNative.bufferPointer(api, handle());
  }

  long handle() {
    if (buffer == 0) {
      throw new IllegalStateException("the PJRT buffer is closed");
    }
    return buffer;
  }

  @Override
  public void close() {
    if (buffer != 0) {
      long b = buffer;
      buffer = 0;
      PjrtNative.bufferDestroy(api, b);
    }
  }
}
