package dev.kiln.datasets.tfds;

import dev.kiln.datasets.DatasetException;
import dev.kiln.datasets.tfrecord.TfRecordCompression;
import dev.kiln.datasets.tfrecord.TfRecordReader;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the records of a list of shard ranges in order, one shard open at a time, and checks
 * each shard against the number of records {@code dataset_info.json} lists for it: a shard must
 * hold every record a range reads, and one read to its end must hold no more.
 */
final class SplitRecordIterator implements Iterator<ShardRecord>, AutoCloseable {

  /** A range of records of one shard file. */
  record ShardRead(Path file, ShardRange range) {}

  private final List<ShardRead> reads;
  private int readIndex = -1;
  private TfRecordReader reader;
  private long recordIndex;

  SplitRecordIterator(List<ShardRead> reads) {
    this.reads = reads;
  }

  @Override
  public boolean hasNext() {
    while (true) {
      if (reader != null) {
        if (recordIndex < end()) {
          if (!reader.hasNext()) {
            throw countMismatch(Long.toString(recordIndex));
          }
          return true;
        }
        if (range().reachesEnd() && reader.hasNext()) {
          throw countMismatch("more than " + range().shardLength());
        }
        close();
      }
      if (readIndex + 1 >= reads.size()) {
        return false;
      }
      readIndex++;
      reader = TfRecordReader.open(reads.get(readIndex).file(), TfRecordCompression.NONE);
      for (recordIndex = 0; recordIndex < range().skip(); recordIndex++) {
        if (!reader.hasNext()) {
          throw countMismatch(Long.toString(recordIndex));
        }
        reader.next();
      }
    }
  }

  @Override
  public ShardRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("No more records in " + reads);
    }
    return new ShardRecord(reads.get(readIndex).file(), recordIndex++, reader.next());
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  private ShardRange range() {
    return reads.get(readIndex).range();
  }

  private long end() {
    return range().skip() + range().take();
  }

  private DatasetException countMismatch(String actual) {
    return new DatasetException("Shard " + reads.get(readIndex).file() + " holds " + actual
        + " examples, but " + DatasetInfoJson.FILE_NAME + " lists " + range().shardLength());
  }
}
