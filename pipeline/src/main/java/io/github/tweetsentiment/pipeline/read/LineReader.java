package io.github.tweetsentiment.pipeline.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The lines of a JSONL stream as bytes, each without its line break ({@code \n} or {@code \r\n}),
 * with the byte offset just past the last line read: where a resumed reader starts again. Bytes
 * rather than text, so a line that is not valid UTF-8 reaches the dead letters as it was.
 */
final class LineReader {

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long offset;

  /**
   * @param in the stream (it is read in blocks: no need to buffer it)
   * @param offset the stream's position in its file
   */
  LineReader(InputStream in, long offset) {
    this.in = in;
    this.offset = offset;
  }

  /** The next line, or null at the end of the stream. */
  byte @Nullable [] next() throws IOException {
    ByteArrayOutputStream longLine = null;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return longLine == null ? null : trimCarriageReturn(longLine.toByteArray());
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      boolean ended = position < limit;
      int length = position - start;
      offset += length + (ended ? 1 : 0);
      if (ended) {
        position++;
        if (longLine == null) {
          return trimCarriageReturn(Arrays.copyOfRange(buffer, start, start + length));
        }
        longLine.write(buffer, start, length);
        return trimCarriageReturn(longLine.toByteArray());
      }
      // The line goes on past this block.
      if (longLine == null) {
        longLine = new ByteArrayOutputStream(Math.max(512, 2 * length));
      }
      longLine.write(buffer, start, length);
    }
  }

  private static byte[] trimCarriageReturn(byte[] line) {
    int n = line.length;
    return n > 0 && line[n - 1] == '\r' ? Arrays.copyOf(line, n - 1) : line;
  }

  /** The offset just past the last line read. */
  long offset() {
    return offset;
  }

  /** True for a line of whitespace only, which readers skip (it still counts as a line). */
  static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }
}
