package dev.kiln.framework.distribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DataParallel#awaitPeers}: a worker starts only once every other worker's port accepts
 * connections, and one whose peer never does stops after {@code --worker-timeout} with one line
 * naming that peer.
 */
class PeerWaitTest {

  @Test
  void aPeerThatNeverAnswersIsNamedAfterTheTimeout() throws IOException {
    String self = "127.0.0.1:" + freePort();
    String absent = "127.0.0.1:" + freePort();
    long start = System.nanoTime();
    ConfigException e = assertThrows(ConfigException.class,
        () -> DataParallel.awaitPeers(new ClusterSpec(List.of(absent, self), 1), 1));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals("worker 0 (" + absent + ") does not answer: nothing accepted a connection"
        + " within 1 s (--worker-timeout); worker 1 (" + self + ") stops", e.getMessage());
    assertTrue(seconds >= 0.9 && seconds < 3, "waited " + seconds + " s for a 1 s timeout");
  }

  @Test
  void peersThatListenAreWaitedForNoLonger() throws IOException {
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      DataParallel.awaitPeers(new ClusterSpec(List.of("127.0.0.1:" + freePort(),
          "127.0.0.1:" + peer.getLocalPort()), 0), 30);
      assertTrue(System.nanoTime() - start < 5e9, "returned as soon as the peer answered");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
