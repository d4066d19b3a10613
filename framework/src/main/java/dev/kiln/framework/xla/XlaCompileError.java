package dev.kiln.framework.xla;

import dev.kiln.framework.config.ConfigException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns TensorFlow's failure to compile a step with XLA into one line that names the step and
 * the ops XLA has no kernel for, instead of TensorFlow's multi-line report.
 */
public final class XlaCompileError {
  private static final Pattern UNSUPPORTED = Pattern.compile("(\\w+) \\(No registered '");
  private static final Pattern DEVICE = Pattern.compile("on (XLA_\\w+):");

  private XlaCompileError() {}

  /** Whether {@code e} is an error TensorFlow's native code raised (its exception types). */
  public static boolean isTensorFlowError(RuntimeException e) {
    return e.getClass().getPackageName().equals("org.tensorflow.exceptions");
  }

  /** The error to report for {@code e}, raised by TensorFlow running {@code step}. */
  public static ConfigException of(String step, RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Set<String> ops = new LinkedHashSet<>();
    Matcher m = UNSUPPORTED.matcher(message);
    while (m.find()) {
      ops.add(m.group(1));
    }
    if (ops.isEmpty()) {
      return new ConfigException("step " + step + " failed under XLA: "
          + message.lines().findFirst().orElse(""));
    }
    Matcher device = DEVICE.matcher(message);
    return new ConfigException("step " + step + " cannot be compiled by XLA"
        + (device.find() ? " (" + device.group(1) + ")" : "") + ": no XLA kernel for op"
        + (ops.size() > 1 ? "s " : " ") + String.join(", ", ops));
  }
}
