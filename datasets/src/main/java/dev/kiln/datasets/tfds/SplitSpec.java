package dev.kiln.datasets.tfds;

import dev.kiln.datasets.DatasetException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A split as TFDS's {@code as_dataset(split=...)} takes it: a split name, optionally sliced, and
 * parts joined with {@code +}. Parsed by TFDS's own rules ({@code tensorflow_datasets/core/
 * splits.py}, {@code AbstractSplit.from_spec}): {@code train}, {@code train[:90%]}, {@code
 * train[90%:]}, {@code train[:20000]}, {@code test[-1000:]}, {@code test[10%:20%]}, {@code
 * train[33.5%:]}, {@code train[1_000:]}, {@code train[:2shard]}, {@code train[2shard]}, {@code
 * train[:10%]+test}, {@code all} (every split, in {@code dataset_info.json} order). The unit is the
 * first boundary's, else the second's ({@code [10%:20]} is {@code [10%:20%]}, as in TFDS).
 *
 * @param text the spec as given
 * @param parts its {@code +}-separated parts, in order
 */
public record SplitSpec(String text, List<SplitSlice> parts) {

  /** The one-line summary of the accepted forms that every parse error ends with. */
  public static final String ACCEPTED_FORMS = "accepted: NAME, NAME[FROM:TO] (either bound may be"
      + " left out; examples 20000 or -1000, percent 90% or 33.5%, shards 2shard),"
      + " NAME[Kshard], parts joined with + (train[:10%]+test), or all;"
      + " e.g. train[:90%], train[90%:], test[-1000:]";

  /** The name TFDS reserves for "every split". */
  public static final String ALL = "all";

  private static final Pattern ADDITION_SEP = Pattern.compile("\\s*\\+\\s*");
  private static final Pattern PART = Pattern.compile("(?U)([\\w-]+)(?:\\[([\\w%:.-]+)\\])?");
  private static final Pattern BOUND = Pattern.compile("(?:(-?[0-9_.]+)(%|shard)?)?");
  private static final Pattern PYTHON_INT = Pattern.compile("-?[0-9]+(?:_[0-9]+)*");
  private static final Pattern PYTHON_FLOAT = Pattern.compile(
      "-?(?:[0-9]+(?:_[0-9]+)*(?:\\.(?:[0-9]+(?:_[0-9]+)*)?)?|\\.[0-9]+(?:_[0-9]+)*)");

  public SplitSpec {
    parts = List.copyOf(parts);
  }

  /**
   * Parses {@code text}.
   *
   * @throws DatasetException a one-line message naming the spec and listing the accepted forms
   */
  public static SplitSpec parse(String text) {
    List<SplitSlice> parts = new ArrayList<>();
    for (String part : ADDITION_SEP.split(text, -1)) {
      parts.add(parsePart(part, text));
    }
    return new SplitSpec(text, parts);
  }

  /**
   * What the spec selects in a dataset with {@code info}'s splits, one slice per part ({@code all}:
   * one per split), in order.
   *
   * @throws DatasetException for an unknown split or a boundary beyond a split's examples
   */
  public List<AbsoluteSlice> resolve(DatasetInfo info) {
    List<AbsoluteSlice> slices = new ArrayList<>();
    for (SplitSlice part : parts) {
      if (part.split().equals(ALL)) {
        for (SplitInfo split : info.splits()) {
          slices.add(SplitSlice.whole(split.name()).resolve(split, text));
        }
      } else {
        slices.add(part.resolve(info.split(part.split()), text));
      }
    }
    return slices;
  }

  @Override
  public String toString() {
    return text;
  }

  private static SplitSlice parsePart(String part, String text) {
    Matcher matcher = PART.matcher(part);
    if (!matcher.matches()) {
      throw error(text, part.isEmpty() ? "an empty part" : "'" + part + "' is not NAME or"
          + " NAME[FROM:TO]");
    }
    String split = matcher.group(1);
    String selector = matcher.group(2);
    if (split.equals(ALL)) {
      if (selector != null) {
        throw error(text, "'all' cannot be sliced");
      }
      return SplitSlice.whole(ALL);
    }
    if (selector == null) {
      return SplitSlice.whole(split);
    }
    String[] bounds = selector.split(":", -1);
    List<Matcher> matchers = new ArrayList<>();
    boolean anyBound = false;
    for (String bound : bounds) {
      Matcher m = BOUND.matcher(bound);
      if (!m.matches()) {
        throw error(text, "'" + bound + "' in '" + part + "' is not a number, a percent or a"
            + " shard count");
      }
      anyBound |= !bound.isEmpty();
      matchers.add(m);
    }
    if (!anyBound || bounds.length > 2) {
      throw error(text, "'" + part + "' needs [FROM:TO] with at least one bound, or [Kshard]");
    }
    String fromText = matchers.get(0).group(1);
    String toText;
    SplitSlice.Unit unit;
    if (bounds.length == 1) {
      unit = unit(matchers.get(0).group(2));
      if (unit != SplitSlice.Unit.SHARD) {
        throw error(text, "'" + part + "' selects one index; examples and percents take a slice"
            + " [FROM:TO], a single index only shards ([2shard])");
      }
      toText = Long.toString(pythonInt(fromText, part, text) + 1);
    } else {
      String fromUnit = matchers.get(0).group(2);
      unit = unit(fromUnit != null ? fromUnit : matchers.get(1).group(2));
      toText = matchers.get(1).group(1);
    }
    Number from = fromText == null ? null : number(fromText, unit, part, text);
    Number to = toText == null ? null : number(toText, unit, part, text);
    if (unit == SplitSlice.Unit.PERCENT
        && (Math.abs(from == null ? 0 : from.doubleValue()) > 100
            || Math.abs(to == null ? 0 : to.doubleValue()) > 100)) {
      throw error(text, "percent bounds in '" + part + "' must lie in [-100, 100]");
    }
    return new SplitSlice(split, from, to, unit);
  }

  private static SplitSlice.Unit unit(String suffix) {
    if (suffix == null) {
      return SplitSlice.Unit.ABSOLUTE;
    }
    return suffix.equals("%") ? SplitSlice.Unit.PERCENT : SplitSlice.Unit.SHARD;
  }

  /** Python's {@code float(text)} for percents, {@code int(text)} otherwise. */
  private static Number number(String text, SplitSlice.Unit unit, String part, String spec) {
    if (unit == SplitSlice.Unit.PERCENT) {
      if (!PYTHON_FLOAT.matcher(text).matches()) {
        throw error(spec, "'" + text + "' in '" + part + "' is not a number");
      }
      return Double.parseDouble(text.replace("_", ""));
    }
    return pythonInt(text, part, spec);
  }

  private static long pythonInt(String text, String part, String spec) {
    if (!PYTHON_INT.matcher(text).matches()) {
      throw error(spec, "'" + text + "' in '" + part + "' is not a whole number");
    }
    try {
      return Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw error(spec, "'" + text + "' in '" + part + "' is out of range");
    }
  }

  private static DatasetException error(String spec, String problem) {
    return new DatasetException("split '" + spec + "': " + problem + "; " + ACCEPTED_FORMS);
  }
}
