package dev.kiln.framework.xla;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the first line of an HLO module's text says about its interface:
 *
 * <pre>
 * HloModule NAME, input_output_alias={ {1}: (2, {}, may-alias) }, ...,
 *     entry_computation_layout={(f32[3]{0}, f32[])->(f32[], f32[3]{0})}
 * </pre>
 *
 * @param name the module's name
 * @param parameters the entry computation's parameters, in order
 * @param results the entry computation's results (the elements of its result tuple), in order
 * @param aliases result index → the parameter index whose buffer it may reuse; TensorFlow's bridge
 *     writes one for each variable a step updates, naming that variable's parameter
 */
public record HloModuleHeader(String name, List<HloShape> parameters, List<HloShape> results,
    Map<Integer, Integer> aliases) {
  private static final Pattern ALIAS = Pattern.compile("\\{(\\d+)\\}: \\((\\d+), \\{\\}");

  /** Parses {@code hloText}'s header line; an error names what is missing. */
  public static HloModuleHeader parse(String hloText) {
    // Long lists carry /*index=N*/ markers every five entries.
    String header = hloText.lines().findFirst().orElse("").replaceAll("/\\*[^*]*\\*/", "");
    if (!header.startsWith("HloModule ")) {
      throw new IllegalArgumentException("not HLO module text (no 'HloModule' header line)");
    }
    int comma = header.indexOf(',');
    String name = header.substring("HloModule ".length(), comma < 0 ? header.length() : comma);
    String layout = section(header, "entry_computation_layout={");
    if (layout == null) {
      throw new IllegalArgumentException("HLO module " + name + " has no entry_computation_layout");
    }
    int arrow = layout.indexOf(")->");
    if (!layout.startsWith("(") || arrow < 0) {
      throw new IllegalArgumentException("HLO module " + name + ": unexpected layout " + layout);
    }
    List<HloShape> parameters = shapes(layout.substring(1, arrow));
    String result = layout.substring(arrow + 3);
    List<HloShape> results = result.startsWith("(")
        ? shapes(result.substring(1, result.length() - 1)) : List.of(HloShape.parse(result));
    Map<Integer, Integer> aliases = new TreeMap<>();
    String alias = section(header, "input_output_alias={");
    if (alias != null) {
      Matcher m = ALIAS.matcher(alias);
      while (m.find()) {
        aliases.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      }
    }
    return new HloModuleHeader(name, parameters, results, aliases);
  }

  /** The text inside the braces opened by {@code start}, or null when absent. */
  private static String section(String header, String start) {
    int from = header.indexOf(start);
    if (from < 0) {
      return null;
    }
    int depth = 1;
    int i = from + start.length();
    for (; i < header.length() && depth > 0; i++) {
      char c = header.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    }
    return header.substring(from + start.length(), i - 1).strip();
  }

  /** Splits {@code a, b, c} at the commas outside brackets and braces. */
  private static List<HloShape> shapes(String list) {
    List<HloShape> shapes = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= list.length(); i++) {
      char c = i < list.length() ? list.charAt(i) : ',';
      if (c == '[' || c == '{' || c == '(') {
        depth++;
      } else if (c == ']' || c == '}' || c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String item = list.substring(start, i).strip();
        if (!item.isEmpty()) {
          shapes.add(HloShape.parse(item));
        }
        start = i + 1;
      }
    }
    return shapes;
  }
}
