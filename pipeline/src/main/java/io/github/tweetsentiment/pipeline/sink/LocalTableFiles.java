package io.github.tweetsentiment.pipeline.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The local output of a table: files named {@code <table>-<id>.ndjson}, one per writer, each row
 * one line ended by {@code \n}.
 *
 * <p>A writer appends lines while the run goes on, and a long line (a dead letter keeps up to a
 * megabyte of payload) reaches the file in pieces, so a reader during a run must take only the
 * lines that end in a newline: the last one may be half-written.
 */
public final class LocalTableFiles {

  private LocalTableFiles() {}

  /** The file name pattern of {@code table}'s output, for a directory glob. */
  public static String glob(String table) {
    return Objects.requireNonNull(table, "table") + "-*.ndjson";
  }

  /** The name of a new file of {@code table}'s output, written by the writer {@code id}. */
  static String fileName(String table, String id) {
    return table + "-" + id + ".ndjson";
  }

  /**
   * Every finished line of {@code table}'s files in {@code dir}, file by file; none when the folder
   * does not exist yet. Blank lines are skipped and a half-written last line is left out.
   */
  public static List<String> wholeLines(Path dir, String table) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob(table))) {
      for (Path file : files) {
        addWholeLines(file, lines);
      }
    }
    return lines;
  }

  private static void addWholeLines(Path file, List<String> lines) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return;
    }
    // Cut at the last newline before decoding: a half-written line may end inside a character.
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
  }
}
