package dev.kiln.datasets.tfds;

import dev.kiln.datasets.DatasetException;
import dev.kiln.datasets.example.ExampleFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A dataset prepared by TFDS or Kiln, in {@code <data_dir>/<name>/<config>/<version>/}: {@code
 * dataset_info.json}, {@code <feature>.labels.txt} files, and per split the TFRecord shards named
 * by the split's {@link ShardFileTemplate}, each holding serialized {@code tf.train.Example}s.
 *
 * <p>Records are streamed in file order (TFDS's hash order, not source order), one shard open at a
 * time; each shard's record count is checked against {@code shardLengths}.
 */
public final class PreparedDataset {

  /** The only shard format Kiln reads. */
  public static final String TFRECORD_FORMAT = "tfrecord";

  private final Path directory;
  private final DatasetInfo info;

  private PreparedDataset(Path directory, DatasetInfo info) {
    this.directory = directory;
    this.info = info;
  }

  /** {@code <dataDir>/<name>/<config>/<version>} for a full name such as {@code "glue/sst2"}. */
  public static Path directoryOf(Path dataDir, String fullName, String version) {
    Path directory = dataDir;
    for (String part : fullName.split("/")) {
      directory = directory.resolve(part);
    }
    return directory.resolve(version);
  }

  /** Opens dataset {@code fullName} (for example {@code "glue/sst2"}) in {@code dataDir}. */
  public static PreparedDataset open(Path dataDir, String fullName, String version) {
    Path directory = directoryOf(dataDir, fullName, version);
    if (!Files.isDirectory(directory)) {
      throw new DatasetException("Dataset " + fullName + " " + version + " is not prepared: "
          + directory + " does not exist (run ./kiln prepare " + fullName + ")");
    }
    return open(directory);
  }

  /** Opens the dataset whose {@code dataset_info.json} is in {@code directory}. */
  public static PreparedDataset open(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new DatasetException("Dataset directory not found: " + directory);
    }
    return new PreparedDataset(
        directory, DatasetInfoJson.read(directory.resolve(DatasetInfoJson.FILE_NAME)));
  }

  public Path directory() {
    return directory;
  }

  public DatasetInfo info() {
    return info;
  }

  /** The class names of a {@code ClassLabel} feature, from {@code <feature>.labels.txt}. */
  public List<String> classNames(String feature) {
    Path file = directory.resolve(feature + ".labels.txt");
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(name -> !name.isEmpty())
          .toList();
    } catch (NoSuchFileException e) {
      throw new DatasetException("Class names not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The shard files of {@code split}, in order; each must exist. */
  public List<Path> shardFiles(String split) {
    requireTfRecordFormat();
    SplitInfo splitInfo = info.split(split);
    ShardFileTemplate template = ShardFileTemplate.of(splitInfo);
    int numShards = splitInfo.shardLengths().size();
    List<Path> shards = new ArrayList<>();
    for (int shard = 0; shard < numShards; shard++) {
      Path file = directory.resolve(
          template.fileName(info.name(), split, TFRECORD_FORMAT, shard, numShards));
      if (!Files.isRegularFile(file)) {
        throw new DatasetException("Shard file not found: " + file);
      }
      shards.add(file);
    }
    return shards;
  }

  /**
   * Streams the records {@code split} selects, in order; close the stream when done. {@code split}
   * is a split name or any {@link SplitSpec} ({@code train[:90%]}, {@code train+test}, ...): the
   * records TFDS's {@code as_dataset(split=...)} reads for it, each part's slice taken over its
   * split's shards in shard order, and in that order (TFDS's order when it reads files one at a
   * time, {@code ReadConfig(interleave_cycle_length=1)}, and whenever each split has one shard).
   *
   * @throws DatasetException for a malformed spec, an unknown split, a slice beyond a split's
   *     examples, or a spec that selects no example
   */
  public Stream<ShardRecord> records(String split) {
    requireTfRecordFormat();
    List<SplitRecordIterator.ShardRead> reads = new ArrayList<>();
    for (AbsoluteSlice slice : SplitSpec.parse(split).resolve(info)) {
      List<Path> files = shardFiles(slice.split());
      for (ShardRange range : slice.shardRanges(info.split(slice.split()).shardLengths())) {
        reads.add(new SplitRecordIterator.ShardRead(files.get(range.shard()), range));
      }
    }
    if (reads.isEmpty()) {
      throw new DatasetException("split '" + split + "' selects no examples of "
          + info.fullName() + " (" + describeSplits() + ")");
    }
    SplitRecordIterator iterator = new SplitRecordIterator(reads);
    Spliterator<ShardRecord> spliterator =
        Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(spliterator, false).onClose(iterator::close);
  }

  /** The number of examples {@code split} (a name or a {@link SplitSpec}) selects. */
  public long numExamples(String split) {
    return SplitSpec.parse(split).resolve(info).stream().mapToLong(AbsoluteSlice::size).sum();
  }

  /** Streams the examples {@code split} selects (see {@link #records}); close the stream. */
  public Stream<ExampleFeatures> examples(String split) {
    return records(split).map(record -> ExampleFeatures.parse(record.data(), record.origin()));
  }

  private String describeSplits() {
    return info.splits().stream().map(s -> s.name() + " " + s.numExamples())
        .collect(Collectors.joining(", "));
  }

  private void requireTfRecordFormat() {
    String format = info.fileFormat().isEmpty() ? TFRECORD_FORMAT : info.fileFormat();
    if (!format.equals(TFRECORD_FORMAT)) {
      throw new DatasetException("Dataset " + info.fullName() + " in " + directory
          + " is stored as " + format + ", which Kiln cannot read; re-prepare it as tfrecord with"
          + " ./kiln prepare " + info.fullName() + " --force, or with TFDS"
          + " download_and_prepare(file_format='tfrecord')");
    }
  }
}
