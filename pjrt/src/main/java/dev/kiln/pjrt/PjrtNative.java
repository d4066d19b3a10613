package dev.kiln.pjrt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The JNI functions of {@code libkilnpjrt.so} (src/main/c/kiln_pjrt_jni.c), one per PJRT call.
 * Handles are native pointers as {@code long}; the classes around it own them. The library is
 * built by the Maven build with gcc and carried in the jar; {@code -Dkiln.pjrt.native=PATH} loads
 * another copy.
 */
final class PjrtNative {
  private PjrtNative() {}

  static final String RESOURCE = "/dev/kiln/pjrt/native/libkilnpjrt.so";

  static {
    String path = System.getProperty("kiln.pjrt.native");
    if (path != null) {
      System.load(Path.of(path).toAbsolutePath().toString());
    } else {
      System.load(extracted().toString());
    }
  }

  private static Path extracted() {
    try (InputStream in = PjrtNative.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the kiln-pjrt jar holds no " + RESOURCE
            + " (it is built by `mvn package` with gcc, on Linux x86-64)");
      }
      Path file = Files.createTempFile("libkilnpjrt", ".so");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot extract " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  static native long load(String path);

  /** {struct_size of the plugin's table, major, minor, table size Kiln needs}. */
  static native long[] apiVersion(long api);

  static native void initialize(long api);

  static native String[] attributes(long api);

  static native long clientCreate(long api);

  static native void clientDestroy(long api, long client);

  /** which: 0 platform name, 1 platform version. */
  static native String clientString(long api, long client, int which);

  static native long[] addressableDevices(long api, long client);

  static native int deviceId(long api, long device);

  static native String deviceKind(long api, long device);

  static native long compile(long api, long client, byte[] code, String format, byte[] options);

  static native void executableDestroy(long api, long executable);

  static native long numOutputs(long api, long executable);

  static native long[] execute(long api, long executable, long[] args, int numOutputs,
      long[] nonDonatable);

  static native long bufferFromHost(long api, long client, long device, byte[] data, int type,
      long[] dims);

  static native void bufferDestroy(long api, long buffer);

  static native boolean bufferIsDeleted(long api, long buffer);

  static native int bufferType(long api, long buffer);

  static native long[] bufferDims(long api, long buffer);

  static native long bufferPointer(long api, long buffer);

  static native byte[] bufferToHost(long api, long buffer);
}
