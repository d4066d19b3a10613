package dev.kiln.framework.distribute;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether a worker's {@code host:port} still accepts TCP connections (a killed one does not). */
final class PeerProbe {
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private PeerProbe() {}

  static boolean answers(String address) {
    return answers(address, CONNECT_TIMEOUT_MS);
  }

  /** As {@link #answers(String)}, trying to connect for at most {@code timeoutMillis} (> 0). */
  static boolean answers(String address, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(socketAddress(address), timeoutMillis);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether the host of {@code address} has an IP address (a name may not resolve). */
  static boolean resolves(String address) {
    try {
      return !socketAddress(address).isUnresolved();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static InetSocketAddress socketAddress(String address) {
    int colon = address.lastIndexOf(':');
    return new InetSocketAddress(address.substring(0, colon),
        Integer.parseInt(address.substring(colon + 1)));
  }
}
