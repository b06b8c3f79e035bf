package io.github.tweetsentiment.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.sink.LocalTableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rows a local run wrote: every finished line of its {@code TABLE-*.ndjson} files. */
final class OutputRows {
  private OutputRows() {}

  /** The rows of {@code table} in {@code dir}; none when the folder does not exist yet. */
  static List<JsonNode> of(Path dir, String table) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : LocalTableFiles.wholeLines(dir, table)) {
      rows.add(TweetJson.mapper().readTree(line));
    }
    return rows;
  }

  /** One field of every row of {@code table}, as text. */
  static List<String> column(Path dir, String table, String field) throws IOException {
    return of(dir, table).stream().map(r -> r.path(field).asText()).toList();
  }
}
