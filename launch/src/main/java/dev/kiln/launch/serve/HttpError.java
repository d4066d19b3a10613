package dev.kiln.launch.serve;

/** A request the server refuses with an HTTP status other than 400, and a one-line message. */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean bodyUnread;

  HttpError(int status, String message) {
    this(status, message, false);
  }

  /** @param bodyUnread the request body was left unread, so the connection cannot be reused */
  HttpError(int status, String message, boolean bodyUnread) {
    super(message);
    this.status = status;
    this.bodyUnread = bodyUnread;
  }

  static HttpError notFound(String message) {
    return new HttpError(404, message);
  }

  /** The HTTP status: 404, 405, 413, 503 and so on. */
  public int status() {
    return status;
  }

  boolean bodyUnread() {
    return bodyUnread;
  }
}
