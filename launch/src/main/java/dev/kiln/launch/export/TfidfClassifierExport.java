package dev.kiln.launch.export;

import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.framework.Sessions;
import dev.kiln.framework.checkpoint.CheckpointIO;
import dev.kiln.framework.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A trained TF-IDF + logistic regression workdir as a SavedModel: the {@link TfidfServingGraph}
 * in a fresh graph, its weights restored from a training checkpoint (same names), written by
 * {@link SavedModelWriter}. Used as {@link TextClassifierExport} is.
 */
final class TfidfClassifierExport implements AutoCloseable {
  private final Graph graph;
  private final TfidfServingGraph serving;
  private final Session session;
  private final SavedModelWriter writer;

  /**
   * @param labels the class names, class 0 first
   * @param checkpoint the prefix of a checkpoint of a model trained with {@code config} on the
   *     features of {@code vectorizer}
   */
  TfidfClassifierExport(Config config, TfidfVectorizer vectorizer, List<String> labels,
      Path checkpoint) {
    this.graph = new Graph();
    Session started = null;
    try {
      this.serving = new TfidfServingGraph(graph, config, vectorizer, labels);
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
