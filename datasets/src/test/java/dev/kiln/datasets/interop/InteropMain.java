package dev.kiln.datasets.interop;

import com.google.gson.JsonPrimitive;
import dev.kiln.datasets.DatasetBuilders;
import dev.kiln.datasets.example.ExampleFeatures;
import dev.kiln.datasets.tfds.DataSource;
import dev.kiln.datasets.tfds.PreparedDataset;
import dev.kiln.datasets.tfds.PythonJson;
import dev.kiln.datasets.tfds.ShardRecord;
import dev.kiln.datasets.tfrecord.TfRecordCompression;
import dev.kiln.datasets.tfrecord.TfRecordReader;
import dev.kiln.datasets.tfrecord.TfRecordWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The Java side of {@code tools/interop/run.sh}, which checks Kiln against Python TensorFlow.
 *
 * <pre>
 * prepare NAME SOURCE DATA_DIR        prepares dataset NAME (glue/sst2, imdb_reviews) from a
 *                                     local SOURCE directory or archive into DATA_DIR
 * print FILE NONE|GZIP|ZLIB           prints each SST-2-style Example of a TFRecord file as
 *                                     idx=N label=N sentence="json string"
 * compress SOURCE TARGET GZIP|ZLIB    rewrites uncompressed TFRecord SOURCE compressed
 * slice DATASET_DIR SPEC...           per split spec, the records Kiln reads for it: SPEC, their
 *                                     count, the shard file and position of the first and last,
 *                                     and the sha256 of their sha256s, tab-separated
 * </pre>
 */
public final class InteropMain {

  private InteropMain() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "" : args[0] + " with " + (args.length - 1) + " arguments";
    switch (command) {
      case "prepare with 3 arguments" -> System.out.println(DatasetBuilders.forName(args[1])
          .prepare(DataSource.parse(args[2]), Path.of(args[3]), true)
          .message());
      case "print with 2 arguments" ->
          printExamples(Path.of(args[1]), TfRecordCompression.valueOf(args[2]));
      case "compress with 3 arguments" ->
          compress(Path.of(args[1]), Path.of(args[2]), TfRecordCompression.valueOf(args[3]));
      default -> {
        if (args.length >= 3 && args[0].equals("slice")) {
          PreparedDataset dataset = PreparedDataset.open(Path.of(args[1]));
          for (int i = 2; i < args.length; i++) {
            System.out.println(describeSlice(dataset, args[i]));
          }
          return;
        }
        System.err.println("usage: prepare NAME SOURCE DATA_DIR | print FILE NONE|GZIP|ZLIB"
            + " | compress SOURCE TARGET GZIP|ZLIB | slice DATASET_DIR SPEC...");
        System.exit(2);
      }
    }
  }

  private static void printExamples(Path file, TfRecordCompression compression) {
    try (TfRecordReader reader = TfRecordReader.open(file, compression)) {
      long index = 0;
      while (reader.hasNext()) {
        ExampleFeatures example =
            ExampleFeatures.parse(reader.next(), "record " + index++ + " of " + file);
        System.out.println("idx=" + example.int64("idx") + " label=" + example.int64("label")
            + " sentence=" + PythonJson.dumps(new JsonPrimitive(example.text("sentence")), 0));
      }
    }
  }

  private static String describeSlice(PreparedDataset dataset, String spec) {
    MessageDigest all = sha256();
    long count = 0;
    String first = "-";
    String last = "-";
    try (Stream<ShardRecord> records = dataset.records(spec)) {
      for (ShardRecord record : (Iterable<ShardRecord>) records::iterator) {
        String where = record.shard().getFileName() + ":" + record.index();
        first = count == 0 ? where : first;
        last = where;
        all.update(HexFormat.of().formatHex(sha256().digest(record.data()))
            .getBytes(StandardCharsets.US_ASCII));
        count++;
      }
    }
    return spec + "\t" + count + "\t" + first + "\t" + last + "\t"
        + HexFormat.of().formatHex(all.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void compress(Path source, Path target, TfRecordCompression compression) {
    try (Stream<byte[]> records = TfRecordReader.records(source, TfRecordCompression.NONE);
        TfRecordWriter writer = TfRecordWriter.open(target, compression)) {
      records.forEach(writer::write);
    }
  }
}
