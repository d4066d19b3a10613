package dev.kiln.launch.export;

import dev.kiln.framework.Sessions;
import dev.kiln.framework.checkpoint.CheckpointIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * A trained workdir as a SavedModel for TensorFlow Serving: a {@link ServingModel} built in a
 * fresh graph ({@link ServingGraph}, {@link TfidfServingGraph}), its variables restored from a
 * training checkpoint (same names), written by {@link SavedModelWriter}.
 *
 * <pre>{@code
 * try (CheckpointExport export = new CheckpointExport(
 *     graph -> new ServingGraph(graph, config, tokenizer, labels), prefix)) {
 *   VersionedExport.write(base, version, dir -> export.writeTo(dir, assets));
 * }
 * }</pre>
 */
final class CheckpointExport implements AutoCloseable {
  private final Graph graph;
  private final ServingModel serving;
  private final Session session;
  private final SavedModelWriter writer;

  /**
   * @param build builds the serving graph of a model trained as the checkpoint's was
   * @param checkpoint the prefix of a checkpoint whose variables have the serving graph's names
   */
  CheckpointExport(Function<Graph, ServingModel> build, Path checkpoint) {
    this.graph = new Graph();
    Session started = null;
    try {
      this.serving = build.apply(graph);
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
