package dev.kiln.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports inside {@code models} point one way: {@code run} → the model families → this root
 * package. A family never imports {@code run} (where runs are put together), and the root never
 * imports a family (it finds them with ServiceLoader).
 */
class PackageLayoutTest {
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Pattern IMPORT =
      Pattern.compile("^import (dev\\.kiln\\.models[\\w.]*)\\.[A-Z]\\w*;", Pattern.MULTILINE);

  @Test
  void importsInsideModelsPointOneWay() throws Exception {
    List<String> backwards = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve("dev/kiln/models"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
        Matcher imported = IMPORT.matcher(Files.readString(file));
        while (imported.find()) {
          String to = imported.group(1);
          if (rank(to) > rank(from)) {
            backwards.add(file.getFileName() + " (" + from + ") imports " + to);
          }
        }
      }
    }
    assertEquals(List.of(), backwards);
  }

  /** 0: the root; 1: a model family; 2: run. */
  private static int rank(String pkg) {
    if (pkg.equals("dev.kiln.models")) {
      return 0;
    }
    return pkg.startsWith("dev.kiln.models.run") ? 2 : 1;
  }
}
