package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * Sessions with a target ({@code grpc://host:port}): TF Java's {@link Session} constructors
 * always build a local DirectSession, which cannot run a collective across processes. This class
 * sits in package {@code org.tensorflow} only to reach {@code Session(Graph, TF_Session)}.
 */
public final class RemoteSessions {
  private RemoteSessions() {}

  /** A session on {@code target} for {@code graph} with {@code config}; the caller closes it. */
  public static Session create(Graph graph, String target, ConfigProto config) {
    try (PointerScope scope = new PointerScope()) {
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      TF_SetTarget(options, target);
      byte[] bytes = config.toByteArray();
      TF_Status status = TF_Status.newStatus();
      TF_SetConfig(options, new BytePointer(bytes), bytes.length, status);
      status.throwExceptionIfNotOK();
      TF_Session session;
      try (Graph.Reference reference = graph.ref()) {
        session = TF_Session.newSession(reference.nativeHandle(), options, status);
        status.throwExceptionIfNotOK();
      }
      // Outlives the scope, as Session's own allocate keeps it.
      session.retainReference();
      return new Session(graph, session);
    }
  }
}
