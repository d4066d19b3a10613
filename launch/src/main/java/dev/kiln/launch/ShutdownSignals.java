package dev.kiln.launch;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop cleanly. The JVM's own handling runs the shutdown hooks
 * and exits with 143 (130) while requests are still being answered; while a {@link #onTermination}
 * registration is open, the signal runs its action instead, and the command finishes its work and
 * returns its exit code. Outside one (or on a second signal) the JVM's handling applies as before.
 * {@code sun.misc.Signal} is in module {@code jdk.unsupported}, the JDK's supported way to do it.
 */
final class ShutdownSignals {
  private static final String[] SIGNALS = {"TERM", "INT"};
  private static final AtomicReference<Runnable> ACTION = new AtomicReference<>();
  private static final Map<String, SignalHandler> JVM_HANDLERS = new HashMap<>();

  private ShutdownSignals() {}

  /** An open {@link #onTermination} registration. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Runs {@code stop} on the next SIGTERM or SIGINT, once, until the returned registration is
   * closed.
   */
  static synchronized Registration onTermination(Runnable stop) {
    if (JVM_HANDLERS.isEmpty()) {
      for (String name : SIGNALS) {
        JVM_HANDLERS.put(name, Signal.handle(new Signal(name), ShutdownSignals::handle));
      }
    }
    ACTION.set(stop);
    return () -> ACTION.compareAndSet(stop, null);
  }

  private static void handle(Signal signal) {
    Runnable stop = ACTION.getAndSet(null);
    if (stop != null) {
      stop.run();
    } else {
      JVM_HANDLERS.get(signal.getName()).handle(signal);
    }
  }
}
