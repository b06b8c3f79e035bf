package io.github.tweetsentiment.localrun.view;

import io.github.tweetsentiment.pipeline.sink.LocalTableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the lines a run appends to one table's local NDJSON files ({@code <dir>/<table>-*.ndjson},
 * one file per writer thread), each line once, as the pipeline flushes them.
 *
 * <p>Files already there when the tail is made belong to earlier runs into the same folder and are
 * left alone. Only whole lines are returned: a line the writer has not finished is read next time.
 * Not thread-safe: one caller polls.
 */
final class OutputTail {

  private final Path dir;
  private final String glob;
  private final Set<String> earlierRuns;
  private final Map<Path, Long> offsets = new HashMap<>();

  private OutputTail(Path dir, String table, Set<String> earlierRuns) {
    this.dir = dir;
    this.glob = LocalTableFiles.glob(table);
    this.earlierRuns = earlierRuns;
  }

  /** A tail of {@code table}'s files in {@code dir}, ignoring the files there now. */
  static OutputTail of(Path dir, String table) {
    OutputTail tail = new OutputTail(dir, table, Set.of());
    return new OutputTail(dir, table, Set.copyOf(tail.fileNames()));
  }

  /** The lines appended since the last call, file by file, in the order written within a file. */
  List<String> poll() {
    List<String> lines = new ArrayList<>();
    for (String name : fileNames()) {
      if (!earlierRuns.contains(name)) {
        readNewLines(dir.resolve(name), lines);
      }
    }
    return lines;
  }

  private Set<String> fileNames() {
    Set<String> names = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      files.forEach(f -> names.add(f.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + dir, e);
    }
    return names;
  }

  private void readNewLines(Path file, List<String> lines) {
    long offset = offsets.getOrDefault(file, 0L);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size <= offset) {
        return;
      }
      ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - offset));
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
        // Read up to the size seen; the writer may be appending more.
      }
      byte[] bytes = buffer.array();
      int end = buffer.position();
      int lastNewline = -1;
      for (int i = end - 1; i >= 0; i--) {
        if (bytes[i] == '\n') {
          lastNewline = i;
          break;
        }
      }
      if (lastNewline < 0) {
        return;
      }
      String text = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
      for (String line : text.split("\n", -1)) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      offsets.put(file, offset + lastNewline + 1);
    } catch (NoSuchFileException e) {
      offsets.remove(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
