package dev.kiln.pjrt;

/**
 * A PJRT call that failed: the plugin's own message and status code, or Kiln's when the failure
 * is in loading or checking the plugin ({@link #code} -1). Always one line.
 */
public final class PjrtException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final String[] CODES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
      "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

  private final String call;
  private final int code;
  private final String pluginMessage;

  /** Called from the native binding. */
  public PjrtException(String call, int code, String pluginMessage) {
    super(call + " failed" + (code >= 0 ? " (" + codeName(code) + ")" : "") + ": "
        + oneLine(pluginMessage));
    this.call = call;
    this.code = code;
    this.pluginMessage = pluginMessage;
  }

  /** The C API function that failed, e.g. {@code PJRT_Client_Create}. */
  public String call() {
    return call;
  }

  /** The PJRT error code (absl status codes), or -1 for a failure on Kiln's side. */
  public int code() {
    return code;
  }

  /** The code's name, e.g. {@code NOT_FOUND}. */
  public String codeName() {
    return codeName(code);
  }

  /** The message exactly as the plugin gave it. */
  public String pluginMessage() {
    return pluginMessage;
  }

  static String codeName(int code) {
    return code >= 0 && code < CODES.length ? CODES[code] : code < 0 ? "KILN" : "CODE_" + code;
  }

  private static String oneLine(String s) {
    return s == null ? "(no message)" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
