package dev.kiln.launch.export;

import dev.kiln.framework.Sessions;
import dev.kiln.framework.checkpoint.CheckpointIO;
import dev.kiln.framework.config.Config;
import dev.kiln.models.ClassifierTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A trained text classifier as a SavedModel for TensorFlow Serving: the {@link ServingGraph} in a
 * fresh graph, its variables restored from a training checkpoint (same names), written by
 * {@link SavedModelWriter}.
 *
 * <pre>{@code
 * try (TextClassifierExport export = new TextClassifierExport(config, tokenizer, labels, prefix)) {
 *   VersionedExport.write(base, version, dir -> export.writeTo(dir, assets));
 * }
 * }</pre>
 */
final class TextClassifierExport implements AutoCloseable {
  private final Graph graph;
  private final ServingGraph serving;
  private final Session session;
  private final SavedModelWriter writer;

  /**
   * @param labels the class names, class 0 first
   * @param checkpoint the prefix of a checkpoint of a model trained with {@code config}
   */
  TextClassifierExport(Config config, ClassifierTokenizer tokenizer, List<String> labels,
      Path checkpoint) {
    this.graph = new Graph();
    Session started = null;
    try {
      this.serving = new ServingGraph(graph, config, tokenizer, labels);
      CheckpointIO variables = new CheckpointIO(serving.store());
      started = Sessions.create(graph, 0, 0);
      variables.restore(started, checkpoint);
      this.writer = new SavedModelWriter(graph, started, variables);
    } catch (RuntimeException e) {
      if (started != null) {
        started.close();
      }
      graph.close();
      throw e;
    }
    this.session = started;
  }

  /** Writes the SavedModel into the empty directory {@code dir}, with copies of {@code assets}. */
  void writeTo(Path dir, List<Path> assets) throws IOException {
    writer.write(dir, serving.signatures(), serving.initOp(), assets);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
