package io.github.tweetsentiment.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The rows a local run wrote: every line of its {@code TABLE-*.ndjson} files in a folder. */
final class OutputRows {
  private OutputRows() {}

  /** The rows of {@code table} in {@code dir}; none when the folder does not exist yet. */
  static List<JsonNode> of(Path dir, String table) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return rows;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().startsWith(table + "-")).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            rows.add(TweetJson.mapper().readTree(line));
          }
        }
      }
    }
    return rows;
  }

  /** One field of every row of {@code table}, as text. */
  static List<String> column(Path dir, String table, String field) throws IOException {
    return of(dir, table).stream().map(r -> r.path(field).asText()).toList();
  }
}
