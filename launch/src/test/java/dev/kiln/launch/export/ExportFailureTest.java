package dev.kiln.launch.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.checkpoint.CheckpointChoice;
import dev.kiln.framework.config.Config;
import dev.kiln.launch.UserError;
import dev.kiln.launch.serve.ModelVersionDirs;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.models.run.ClassifierTokenizer;
import dev.kiln.models.run.TrainedWorkdir;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export that fails half-way leaves the model base path as it was. */
class ExportFailureTest {
  @TempDir static Path temp;
  static Path workdir;
  static Path base;

  @BeforeAll
  static void exportVersionOne() throws Exception {
    base = temp.resolve("models");
    ExportedModels.trainAndExport(temp, base);
    workdir = temp.resolve("workdir");
  }

  @Test
  void aFailureAfterTheVariablesAreWrittenLeavesNoVersionAndKeepsTheGoodOne() throws Exception {
    Map<Path, byte[]> before = contents(base);
    Config config = TrainedWorkdir.config(workdir);
    ClassifierTokenizer tokenizer = ClassifierTokenizer.load(config, workdir);
    Path checkpoint = CheckpointChoice.prefix(workdir.resolve("checkpoints"), CheckpointChoice.BEST);
    try (CheckpointExport export = new CheckpointExport(
        graph -> new ServingGraph(graph, config, tokenizer, ExportedModels.LABELS), checkpoint)) {
      // variables/ is written first, then copying this asset fails, before saved_model.pb.
      Path missingAsset = temp.resolve("missing.txt");
      assertThrows(NoSuchFileException.class, () -> VersionedExport.write(base, 2,
          dir -> export.writeTo(dir, List.of(missingAsset))));
      assertThrows(IllegalStateException.class, () -> VersionedExport.write(base, 2, dir -> {
        export.writeTo(dir, List.of());
        throw new IllegalStateException("injected after a complete write, before the rename");
      }));
    }
    assertEquals(before.keySet(), contents(base).keySet(), "no file added or removed");
    contents(base).forEach((file, bytes) -> assertArrayEquals(before.get(file), bytes,
        file.toString()));
    assertEquals(1, ModelVersionDirs.latest(base).orElseThrow());
    assertEquals(2, VersionedExport.nextVersion(base));
  }

  @Test
  void aCrashLeftoverIsNotAVersionAndAnExistingVersionIsNeverReplaced() throws Exception {
    Path leftover = Files.createDirectories(base.resolve(".7.incomplete-crashed"));
    Files.copy(base.resolve("1/saved_model.pb"), leftover.resolve("saved_model.pb"));
    Files.createDirectories(leftover.resolve("variables"));
    Files.copy(base.resolve("1/variables/variables.index"),
        leftover.resolve("variables/variables.index"));
    assertEquals(1, ModelVersionDirs.latest(base).orElseThrow());

    Path labels = ExportedModels.labelsFile(temp);
    UserError exists = assertThrows(UserError.class,
        () -> WorkdirExport.export(workdir, "best", labels, base, OptionalLong.of(1)));
    assertTrue(exists.getMessage().startsWith("version 1 exists already"), exists.getMessage());
    ConfigException path = assertThrows(ConfigException.class, () -> WorkdirExport.export(workdir,
        temp.resolve("nowhere/ckpt").toString(), labels, base, OptionalLong.empty()));
    assertTrue(path.getMessage().contains("not best, latest or a checkpoint prefix"),
        path.getMessage());
  }

  /** Every regular file under {@code dir} and its bytes. */
  private static Map<Path, byte[]> contents(Path dir) throws Exception {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(file), Files.readAllBytes(file));
      }
    }
    return files;
  }
}
