package dev.kiln.pjrt;

import java.util.ArrayList;
import java.util.List;

/** A PJRT client: devices, compilation and host-to-device transfers. Close it last. */
public final class PjrtClient implements AutoCloseable {
  final long api;
  private long client;

  PjrtClient(long api, long client) {
    this.api = api;
    this.client = client;
  }

  /** e.g. {@code cuda}, {@code tpu}. */
  public String platformName() {
    return PjrtNative.clientString(api, handle(), 0);
  }

  /** e.g. the CUDA or libtpu version. */
  public String platformVersion() {
    return PjrtNative.clientString(api, handle(), 1);
  }

  /** The devices this process can issue work to. */
  public List<PjrtDevice> devices() {
    List<PjrtDevice> devices = new ArrayList<>();
    for (long d : PjrtNative.addressableDevices(api, handle())) {
      devices.add(new PjrtDevice(d, PjrtNative.deviceId(api, d), PjrtNative.deviceKind(api, d)));
    }
    return devices;
  }

  /**
   * Compiles {@code code} for this client's devices.
   *
   * @param format {@code hlo} (a serialized {@code HloModuleProto}) or {@code mlir} (StableHLO)
   * @param compileOptions a serialized {@code xla.CompileOptionsProto} ({@link CompileOptions})
   * @throws PjrtException with the compiler's message
   */
  public PjrtExecutable compile(byte[] code, String format, byte[] compileOptions) {
    return new PjrtExecutable(this,
        PjrtNative.compile(api, handle(), code, format, compileOptions));
  }

  /** Copies {@code array} to {@code device}; the host copy may be changed once this returns. */
  public PjrtBuffer toDevice(HostArray array, PjrtDevice device) {
    return new PjrtBuffer(api, PjrtNative.bufferFromHost(api, handle(), device.handle(),
        array.data(), array.type().code, array.dims()));
  }

  long handle() {
    if (client == 0) {
      throw new IllegalStateException("the PJRT client is closed");
    }
    return client;
  }

  @Override
  public void close() {
    if (client != 0) {
      long c = client;
      client = 0;
      PjrtNative.clientDestroy(api, c);
    }
  }
}
