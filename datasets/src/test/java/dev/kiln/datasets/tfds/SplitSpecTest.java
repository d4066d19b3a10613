package dev.kiln.datasets.tfds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.datasets.DatasetException;
import dev.kiln.datasets.tfds.SplitSlice.Unit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitSpecTest {

  @Test
  void parsesTheFormsTfdsAccepts() {
    assertEquals(List.of(SplitSlice.whole("train")), SplitSpec.parse("train").parts());
    assertEquals(List.of(new SplitSlice("train", null, 90.0, Unit.PERCENT)),
        SplitSpec.parse("train[:90%]").parts());
    assertEquals(List.of(new SplitSlice("train", 90.0, null, Unit.PERCENT)),
        SplitSpec.parse("train[90%:]").parts());
    assertEquals(List.of(new SplitSlice("train", null, 20000L, Unit.ABSOLUTE)),
        SplitSpec.parse("train[:20000]").parts());
    assertEquals(List.of(new SplitSlice("test", -1000L, null, Unit.ABSOLUTE)),
        SplitSpec.parse("test[-1000:]").parts());
    assertEquals(List.of(new SplitSlice("test", 10.0, 20.0, Unit.PERCENT)),
        SplitSpec.parse("test[10%:20%]").parts());
    assertEquals(List.of(new SplitSlice("train", 33.5, null, Unit.PERCENT)),
        SplitSpec.parse("train[33.5%:]").parts());
    assertEquals(List.of(new SplitSlice("train", 1000L, null, Unit.ABSOLUTE)),
        SplitSpec.parse("train[1_000:]").parts());
    assertEquals(List.of(new SplitSlice("train", null, 2L, Unit.SHARD)),
        SplitSpec.parse("train[:2shard]").parts());
    assertEquals(List.of(new SplitSlice("train", 2L, 3L, Unit.SHARD)),
        SplitSpec.parse("train[2shard]").parts());
    assertEquals(List.of(new SplitSlice("train", -1L, 0L, Unit.SHARD)),
        SplitSpec.parse("train[-1shard]").parts());
  }

  @Test
  void firstBoundsUnitAppliesToBothAsInTfds() {
    assertEquals(List.of(new SplitSlice("train", 10.0, 20.0, Unit.PERCENT)),
        SplitSpec.parse("train[10%:20]").parts());
    assertEquals(List.of(new SplitSlice("train", 10.0, 20.0, Unit.PERCENT)),
        SplitSpec.parse("train[10:20%]").parts());
  }

  @Test
  void joinsPartsWithPlusAroundOptionalSpaces() {
    assertEquals(List.of(new SplitSlice("train", null, 10.0, Unit.PERCENT),
            SplitSlice.whole("test"), SplitSlice.whole("validation")),
        SplitSpec.parse("train[:10%]+test + validation").parts());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "train[]", "train[:]", "train[1:2:3]", "train[5]", "train[5%]",
      "train[abc:]", "train[1.5:]", "train[:1.5shard]", "train[1__0:]", "train[_1:]",
      "train[:101%]", "train[-100.5%:]", "train+", "+test", " train", "train[:10%] ",
      "all[:10%]", "train(:10)", "tr ain"})
  void malformedSpecsGetOneLineListingTheAcceptedForms(String spec) {
    DatasetException error = assertThrows(DatasetException.class, () -> SplitSpec.parse(spec));
    String message = error.getMessage();
    assertEquals(true, message.startsWith("split '" + spec + "': "), message);
    assertEquals(true, message.endsWith("; " + SplitSpec.ACCEPTED_FORMS), message);
    assertEquals(false, message.contains("\n"), message);
  }

  @Test
  void errorSaysWhatIsWrong() {
    assertEquals("split 'train[5]': 'train[5]' selects one index; examples and percents take a"
            + " slice [FROM:TO], a single index only shards ([2shard]); "
            + SplitSpec.ACCEPTED_FORMS,
        assertThrows(DatasetException.class, () -> SplitSpec.parse("train[5]")).getMessage());
    assertEquals("split 'train[:101%]': percent bounds in 'train[:101%]' must lie in [-100, 100]; "
            + SplitSpec.ACCEPTED_FORMS,
        assertThrows(DatasetException.class, () -> SplitSpec.parse("train[:101%]")).getMessage());
  }

  @Test
  void resolvesEachPartAndAllInDatasetInfoOrder() {
    DatasetInfo info = info(new SplitInfo("train", List.of(7L, 11L, 4L, 3L), 0, ""),
        new SplitInfo("test", List.of(4L), 0, ""));

    assertEquals(List.of(new AbsoluteSlice("train", 0, 22), new AbsoluteSlice("test", 3, 4)),
        SplitSpec.parse("train[:90%]+test[-1:]").resolve(info));
    assertEquals(List.of(new AbsoluteSlice("train", 0, 25), new AbsoluteSlice("test", 0, 4)),
        SplitSpec.parse("all").resolve(info));
  }

  @Test
  void unknownSplitListsTheSplits() {
    DatasetInfo info = info(new SplitInfo("train", List.of(5L), 0, ""));

    assertEquals("Dataset imdb_reviews/plain_text has no split 'validation' (splits: train)",
        assertThrows(DatasetException.class,
            () -> SplitSpec.parse("validation[:10%]").resolve(info)).getMessage());
  }

  static DatasetInfo info(SplitInfo... splits) {
    return new DatasetInfo("imdb_reviews", "plain_text", "1.0.0", "", "", "", 0, List.of(), "",
        new TreeMap<>(Map.of()), "tfrecord", List.of(splits), List.of());
  }
}
