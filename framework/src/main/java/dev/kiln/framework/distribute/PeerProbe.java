package dev.kiln.framework.distribute;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether a worker's {@code host:port} still accepts TCP connections (a killed one does not). */
final class PeerProbe {
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private PeerProbe() {}

  static boolean answers(String address) {
    int colon = address.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.substring(0, colon),
          Integer.parseInt(address.substring(colon + 1))), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
