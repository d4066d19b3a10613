package dev.kiln.datasets.tfds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.datasets.DatasetException;
import dev.kiln.datasets.example.ExampleBuilder;
import dev.kiln.datasets.example.ExampleFeatures;
import dev.kiln.datasets.tfrecord.TfRecordCompression;
import dev.kiln.datasets.tfrecord.TfRecordWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedDatasetTest {

  @TempDir Path dataDir;
  private Path datasetDir;

  @BeforeEach
  void createDatasetDir() throws IOException {
    datasetDir = Files.createDirectories(dataDir.resolve("glue/sst2/2.0.0"));
    Files.writeString(datasetDir.resolve("label.labels.txt"), "negative\npositive\n");
  }

  @Test
  void streamsAllShardsOfASplitInFileOrder() {
    writeShard("glue-train.tfrecord-00000-of-00002", 10, 11, 12);
    writeShard("glue-train.tfrecord-00001-of-00002", 13, 14);
    writeInfo("tfrecord", List.of(3L, 2L));

    PreparedDataset dataset = PreparedDataset.open(dataDir, "glue/sst2", "2.0.0");

    assertEquals(List.of(10L, 11L, 12L, 13L, 14L), idxValues(dataset, "train"));
    assertEquals(List.of("negative", "positive"), dataset.classNames("label"));
    assertEquals(5, dataset.info().split("train").numExamples());
  }

  @Test
  void recordsKnowTheirShardAndPosition() {
    writeShard("glue-train.tfrecord-00000-of-00002", 10, 11, 12);
    writeShard("glue-train.tfrecord-00001-of-00002", 13, 14);
    writeInfo("tfrecord", List.of(3L, 2L));

    try (Stream<ShardRecord> records = PreparedDataset.open(datasetDir).records("train")) {
      ShardRecord fourth = records.skip(3).findFirst().orElseThrow();
      assertEquals("record 0 of " + datasetDir.resolve("glue-train.tfrecord-00001-of-00002"),
          fourth.origin());
    }
  }

  @Test
  void shardWithFewerExamplesThanListedIsNamed() {
    writeShard("glue-train.tfrecord-00000-of-00002", 10, 11, 12);
    writeShard("glue-train.tfrecord-00001-of-00002", 13);
    writeInfo("tfrecord", List.of(3L, 2L));
    PreparedDataset dataset = PreparedDataset.open(datasetDir);

    DatasetException error = assertThrows(DatasetException.class, () -> idxValues(dataset, "train"));
    assertEquals("Shard " + datasetDir.resolve("glue-train.tfrecord-00001-of-00002")
        + " holds 1 examples, but dataset_info.json lists 2", error.getMessage());
  }

  @Test
  void shardWithMoreExamplesThanListedIsNamed() {
    writeShard("glue-train.tfrecord-00000-of-00001", 10, 11, 12);
    writeInfo("tfrecord", List.of(2L));
    PreparedDataset dataset = PreparedDataset.open(datasetDir);

    DatasetException error = assertThrows(DatasetException.class, () -> idxValues(dataset, "train"));
    assertEquals("Shard " + datasetDir.resolve("glue-train.tfrecord-00000-of-00001")
        + " holds more than 2 examples, but dataset_info.json lists 2", error.getMessage());
  }

  /**
   * train: 25 examples (idx 100..124) in uneven shards [0, 7), [7, 18), [18, 22), [22, 25); test:
   * 4 (idx 200..203). Boundaries as TFDS's closest rounding gives them (10% of 25 = 2.5 -> 2).
   */
  private PreparedDataset unevenShards() {
    writeShard("glue-train.tfrecord-00000-of-00004", range(100, 107));
    writeShard("glue-train.tfrecord-00001-of-00004", range(107, 118));
    writeShard("glue-train.tfrecord-00002-of-00004", range(118, 122));
    writeShard("glue-train.tfrecord-00003-of-00004", range(122, 125));
    writeShard("glue-test.tfrecord-00000-of-00001", range(200, 204));
    writeInfo("tfrecord", List.of(7L, 11L, 4L, 3L), List.of(4L));
    return PreparedDataset.open(datasetDir);
  }

  @Test
  void slicesPickTfdsBoundariesOverUnevenShards() {
    PreparedDataset dataset = unevenShards();

    assertEquals(boxed(range(100, 122)), idxValues(dataset, "train[:90%]"));
    assertEquals(List.of(122L, 123L, 124L), idxValues(dataset, "train[90%:]"));
    assertEquals(List.of(100L, 101L), idxValues(dataset, "train[:10%]"));
    assertEquals(boxed(range(102, 108)), idxValues(dataset, "train[10%:30%]"));
    assertEquals(boxed(range(100, 112)), idxValues(dataset, "train[:50%]"));
    assertEquals(boxed(range(105, 120)), idxValues(dataset, "train[5:20]"));
    assertEquals(boxed(range(115, 125)), idxValues(dataset, "train[-10:]"));
    assertEquals(boxed(range(107, 118)), idxValues(dataset, "train[1shard]"));
    assertEquals(25, dataset.numExamples("train"));
    assertEquals(22, dataset.numExamples("train[:90%]"));
  }

  @Test
  void heldOutAndTrainingSlicesPartitionTheSplit() {
    PreparedDataset dataset = unevenShards();

    List<Long> both = new ArrayList<>(idxValues(dataset, "train[:90%]"));
    both.addAll(idxValues(dataset, "train[90%:]"));
    assertEquals(idxValues(dataset, "train"), both);
  }

  @Test
  void sumsReadPartsInOrderAndAllReadsEverySplit() {
    PreparedDataset dataset = unevenShards();

    assertEquals(List.of(124L, 200L, 201L, 202L, 203L), idxValues(dataset, "train[-1:]+test"));
    assertEquals(List.of(203L, 100L), idxValues(dataset, "test[-1:] + train[:1]"));
    List<Long> all = new ArrayList<>(boxed(range(100, 125)));
    all.addAll(boxed(range(200, 204)));
    assertEquals(all, idxValues(dataset, "all"));
    assertEquals(boxed(range(200, 204)), idxValues(dataset, "train[3:3]+test"));
  }

  @Test
  void sliceSelectingNothingIsRefused() {
    PreparedDataset dataset = unevenShards();

    DatasetException error =
        assertThrows(DatasetException.class, () -> idxValues(dataset, "train[3:3]"));
    assertEquals("split 'train[3:3]' selects no examples of glue/sst2 (train 25, test 4)",
        error.getMessage());
  }

  @Test
  void slicedShardStillChecksTheRecordsItReads() {
    writeShard("glue-train.tfrecord-00000-of-00002", 10, 11, 12);
    writeShard("glue-train.tfrecord-00001-of-00002", 13);
    writeInfo("tfrecord", List.of(3L, 2L));
    PreparedDataset dataset = PreparedDataset.open(datasetDir);

    assertEquals(List.of(12L, 13L), idxValues(dataset, "train[2:4]"));
    DatasetException error =
        assertThrows(DatasetException.class, () -> idxValues(dataset, "train[-1:]"));
    assertEquals("Shard " + datasetDir.resolve("glue-train.tfrecord-00001-of-00002")
        + " holds 1 examples, but dataset_info.json lists 2", error.getMessage());
  }

  @Test
  void arrayRecordDatasetSaysToReprepareAsTfrecord() {
    writeInfo("array_record", List.of(3L));
    PreparedDataset dataset = PreparedDataset.open(datasetDir);

    DatasetException error = assertThrows(DatasetException.class, () -> dataset.examples("train"));
    assertEquals("Dataset glue/sst2 in " + datasetDir + " is stored as array_record, which Kiln"
        + " cannot read; re-prepare it as tfrecord with ./kiln prepare glue/sst2 --force, or with"
        + " TFDS download_and_prepare(file_format='tfrecord')", error.getMessage());
  }

  @Test
  void missingShardFileIsNamed() {
    writeInfo("tfrecord", List.of(3L));
    PreparedDataset dataset = PreparedDataset.open(datasetDir);

    DatasetException error = assertThrows(DatasetException.class, () -> dataset.shardFiles("train"));
    assertEquals("Shard file not found: " + datasetDir.resolve("glue-train.tfrecord-00000-of-00001"),
        error.getMessage());
  }

  @Test
  void unpreparedDatasetSaysHowToPrepareIt() {
    DatasetException error = assertThrows(DatasetException.class,
        () -> PreparedDataset.open(dataDir, "glue/sst2", "1.0.0"));
    assertEquals("Dataset glue/sst2 1.0.0 is not prepared: " + dataDir.resolve("glue/sst2/1.0.0")
        + " does not exist (run ./kiln prepare glue/sst2)", error.getMessage());
  }

  @Test
  void directoryWithoutMetadataIsNamed() {
    DatasetException error = assertThrows(DatasetException.class,
        () -> PreparedDataset.open(datasetDir));
    assertEquals("Dataset metadata not found: " + datasetDir.resolve("dataset_info.json"),
        error.getMessage());
  }

  private void writeShard(String fileName, long... idxValues) {
    try (TfRecordWriter writer =
        TfRecordWriter.open(datasetDir.resolve(fileName), TfRecordCompression.NONE)) {
      LongStream.of(idxValues).forEach(idx -> writer.write(
          ExampleBuilder.create().int64("idx", idx).build().toByteArray()));
    }
  }

  private void writeInfo(String fileFormat, List<Long> trainShardLengths) {
    writeInfo(fileFormat, trainShardLengths, List.of());
  }

  private void writeInfo(String fileFormat, List<Long> trainShardLengths,
      List<Long> testShardLengths) {
    List<SplitInfo> splits = new ArrayList<>(List.of(
        new SplitInfo("train", trainShardLengths, 100, ShardFileTemplate.DEFAULT_TEMPLATE)));
    if (!testShardLengths.isEmpty()) {
      splits.add(new SplitInfo("test", testShardLengths, 100, ShardFileTemplate.DEFAULT_TEMPLATE));
    }
    DatasetInfo info = new DatasetInfo("glue", "sst2", "2.0.0", "", "", "", 0, List.of(), "",
        new TreeMap<>(Map.of()), fileFormat, splits, List.of());
    DatasetInfoJson.write(info, datasetDir.resolve(DatasetInfoJson.FILE_NAME));
  }

  private static long[] range(long from, long to) {
    return LongStream.range(from, to).toArray();
  }

  private static List<Long> boxed(long[] values) {
    return LongStream.of(values).boxed().toList();
  }

  private static List<Long> idxValues(PreparedDataset dataset, String split) {
    try (Stream<ExampleFeatures> examples = dataset.examples(split)) {
      return examples.map(example -> example.int64("idx")).toList();
    }
  }
}
