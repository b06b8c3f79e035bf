package io.github.tweetsentiment.localrun;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * How many messages a local backfill's input holds, counted before the run for its estimate of the
 * time left: the non-blank lines of JSONL files, the records of the archive's {@code .avro} files.
 * Local files and bundled recordings only: counting {@code gs://} objects would read them twice.
 */
final class InputSize {

  private static final String CLASSPATH = "classpath:";

  private InputSize() {}

  /** The messages of every file {@code spec} names, or null when they cannot be counted here. */
  static Long messages(String spec) {
    try {
      if (spec.startsWith(CLASSPATH)) {
        try (InputStream in =
            InputSize.class
                .getClassLoader()
                .getResourceAsStream(spec.substring(CLASSPATH.length()))) {
          return in == null ? null : lines(in);
        }
      }
      if (spec.contains("://") && !spec.startsWith("file://")) {
        return null;
      }
      MatchResult match = FileSystems.match(spec);
      if (match.status() != MatchResult.Status.OK) {
        return null;
      }
      List<MatchResult.Metadata> files = new ArrayList<>(match.metadata());
      long total = 0;
      for (MatchResult.Metadata file : files) {
        try (InputStream in =
            new BufferedInputStream(
                Channels.newInputStream(FileSystems.open(file.resourceId())), 1 << 16)) {
          total += file.resourceId().toString().endsWith(".avro") ? records(in) : lines(in);
        }
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return null; // No estimate; the run itself reports what is wrong with the input.
    }
  }

  /** Lines with something other than whitespace, as the readers count them. */
  static long lines(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long count = 0;
    boolean content = false;
    for (int n; (n = in.read(buffer)) > 0; ) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == '\n') {
          count += content ? 1 : 0;
          content = false;
        } else if (!Character.isWhitespace(b)) {
          content = true;
        }
      }
    }
    return count + (content ? 1 : 0);
  }

  private static long records(InputStream in) throws IOException {
    try (DataFileStream<GenericRecord> avro =
        new DataFileStream<>(in, new GenericDatumReader<>())) {
      long count = 0;
      while (avro.hasNext()) {
        count += avro.getBlockCount();
        avro.nextBlock();
      }
      return count;
    }
  }
}
