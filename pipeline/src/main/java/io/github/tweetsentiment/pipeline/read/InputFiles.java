package io.github.tweetsentiment.pipeline.read;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.file.SeekableInput;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The files an {@code --input} names: a Beam file pattern (local or {@code gs://}) or {@code
 * classpath:path} for a recording bundled in the jar. Shared by the replay and the backfill, so
 * both read exactly the same files the same way.
 */
final class InputFiles {

  static final String CLASSPATH_PREFIX = "classpath:";

  private InputFiles() {}

  /**
   * The files matching {@code spec}'s patterns, each once, in name order; fails naming the option
   * when none does. A pattern matching nothing is no error when another matches (a day without
   * tweets in a range).
   */
  static List<String> match(String spec) throws IOException {
    if (spec.startsWith(CLASSPATH_PREFIX)) {
      return List.of(spec);
    }
    TreeSet<String> names = new TreeSet<>();
    for (String pattern : spec.split(",")) {
      if (pattern.isBlank()) {
        continue;
      }
      MatchResult match = FileSystems.match(pattern.strip());
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : match.metadata()) {
          names.add(m.resourceId().toString());
        }
      }
    }
    if (names.isEmpty()) {
      throw new FileNotFoundException(
          "--input="
              + spec
              + " matches no file: give a file, a glob (several, comma-separated) or"
              + " classpath:path");
    }
    return new ArrayList<>(names);
  }

  /** The file, from {@code offset} bytes in; the caller buffers and closes it. */
  static InputStream open(String file, long offset) throws IOException {
    if (file.startsWith(CLASSPATH_PREFIX)) {
      String resource = file.substring(CLASSPATH_PREFIX.length());
      InputStream stream = InputFiles.class.getClassLoader().getResourceAsStream(resource);
      if (stream == null) {
        throw new FileNotFoundException(
            "no resource " + resource + " on the classpath: rebuild the jar or pass --input");
      }
      stream.skipNBytes(offset);
      return stream;
    }
    ReadableByteChannel channel =
        FileSystems.open(FileSystems.matchNewResource(file, /* isDirectory= */ false));
    if (offset > 0) {
      if (channel instanceof SeekableByteChannel seekable) {
        seekable.position(offset);
      } else {
        InputStream stream = Channels.newInputStream(channel);
        stream.skipNBytes(offset);
        return stream;
      }
    }
    return Channels.newInputStream(channel);
  }

  /**
   * The whole file for random access, as Avro's reader wants it to tell a file cut short from one
   * that ends cleanly. Local and {@code gs://} files are read through their channel; a classpath
   * resource or a channel that cannot seek is read into memory.
   */
  static SeekableInput openSeekable(String file) throws IOException {
    if (file.startsWith(CLASSPATH_PREFIX)) {
      try (InputStream in = open(file, 0)) {
        return new SeekableByteArrayInput(in.readAllBytes());
      }
    }
    ReadableByteChannel channel =
        FileSystems.open(FileSystems.matchNewResource(file, /* isDirectory= */ false));
    if (channel instanceof SeekableByteChannel seekable) {
      return new ChannelInput(seekable);
    }
    try (InputStream in = Channels.newInputStream(channel)) {
      return new SeekableByteArrayInput(in.readAllBytes());
    }
  }

  /** A seekable channel as Avro's {@link SeekableInput}. */
  private record ChannelInput(SeekableByteChannel channel) implements SeekableInput {
    @Override
    public void seek(long position) throws IOException {
      channel.position(position);
    }

    @Override
    public long tell() throws IOException {
      return channel.position();
    }

    @Override
    public long length() throws IOException {
      return channel.size();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      return channel.read(ByteBuffer.wrap(bytes, offset, length));
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** The name a dead letter's {@code file} attribute gives: without {@code file:}. */
  static String displayName(String file) {
    return file.startsWith(CLASSPATH_PREFIX) ? file : file.replaceFirst("^file:", "");
  }
}
