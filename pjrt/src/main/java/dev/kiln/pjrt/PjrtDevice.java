package dev.kiln.pjrt;

/**
 * An addressable device of a client (owned by the client: nothing to free).
 *
 * @param id {@code PJRT_DeviceDescription_Id}
 * @param kind {@code PJRT_DeviceDescription_Kind}, e.g. {@code NVIDIA H200} or {@code TPU v5 lite}
 */
public record PjrtDevice(long handle, int id, String kind) {
  @Override
  public String toString() {
    return "device " + id + ": " + kind;
  }
}
