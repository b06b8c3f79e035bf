package io.github.tweetsentiment.localrun.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sentiment_windows_latest.ndjson}: one row per window and query, its latest pane, with the
 * columns of {@code sentiment_windows}; the local twin of the BigQuery view of the same name
 * ({@code infra/bigquery/sentiment_windows_latest.sql}), ordered by query, then window start.
 */
final class LatestWindowsFile {

  private LatestWindowsFile() {}

  static void write(Path file, List<ObjectNode> rows) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      for (ObjectNode row : rows) {
        w.write(ViewJson.write(row));
        w.write('\n');
      }
    }
    Files.move(
        partial,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
