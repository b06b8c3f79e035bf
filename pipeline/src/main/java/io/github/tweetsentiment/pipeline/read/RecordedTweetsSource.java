package io.github.tweetsentiment.pipeline.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Replays recorded envelopes, one JSON document a line, as an unbounded stream.
 *
 * <p>Each line's timestamp is its tweets' earliest {@code created_at}. The watermark trails the
 * latest {@code created_at} seen so far by {@code watermarkLag}: a tweet recorded out of order by
 * less than that is on time, one older than that is late, exactly as on a live stream. At the end
 * of the file the watermark jumps to infinity, which is what lets a local run finish.
 *
 * <p>With a {@code replaySpeed} above zero, lines are released at that multiple of real time (10
 * means ten times faster than the tweets were posted); 0 replays as fast as possible. The read
 * position, the pace's anchor and the latest event time live in the checkpoint, so a resumed reader
 * carries on where it stopped.
 *
 * <p>{@code spec} is a Beam file pattern (local or {@code gs://}) or {@code classpath:path} for a
 * recording bundled in the jar. A pattern is split into one source per file.
 */
public final class RecordedTweetsSource
    extends UnboundedSource<RawMessage, RecordedTweetsSource.Checkpoint> {

  private static final long serialVersionUID = 1L;
  static final String CLASSPATH_PREFIX = "classpath:";

  private final String spec;
  private final @Nullable String file;
  private final Duration watermarkLag;
  private final double replaySpeed;
  private final Duration endOfInputDelay;

  private RecordedTweetsSource(
      String spec,
      @Nullable String file,
      Duration watermarkLag,
      double replaySpeed,
      Duration endOfInputDelay) {
    this.spec = spec;
    this.file = file;
    this.watermarkLag = watermarkLag;
    this.replaySpeed = replaySpeed;
    this.endOfInputDelay = endOfInputDelay;
  }

  /**
   * A replay of every file matching {@code spec}.
   *
   * @param watermarkLag how far behind the latest event time the watermark trails
   * @param replaySpeed multiple of real time to replay at, or 0 for as fast as possible
   * @param endOfInputDelay processing time to wait at the end of the file, the watermark at the
   *     latest event time, before declaring the input finished; longer than any buffering
   *     downstream (batches waiting to be scored), so nothing buffered turns late at the end
   */
  public static RecordedTweetsSource of(
      String spec, Duration watermarkLag, double replaySpeed, Duration endOfInputDelay) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("--input must name a file, a glob or classpath:path");
    }
    if (watermarkLag.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the replay watermark lag must not be negative");
    }
    if (!(replaySpeed >= 0) || Double.isInfinite(replaySpeed)) {
      throw new IllegalArgumentException(
          "--replaySpeed must be 0 (as fast as possible) or a positive multiple of real time, got "
              + replaySpeed);
    }
    return new RecordedTweetsSource(spec, null, watermarkLag, replaySpeed, endOfInputDelay);
  }

  @Override
  public List<RecordedTweetsSource> split(int desiredNumSplits, PipelineOptions options)
      throws IOException {
    if (file != null) {
      return List.of(this);
    }
    if (spec.startsWith(CLASSPATH_PREFIX)) {
      return List.of(
          new RecordedTweetsSource(spec, spec, watermarkLag, replaySpeed, endOfInputDelay));
    }
    MatchResult match = FileSystems.match(spec);
    List<MatchResult.Metadata> files =
        match.status() == MatchResult.Status.OK ? new ArrayList<>(match.metadata()) : List.of();
    if (files.isEmpty()) {
      throw new FileNotFoundException(
          "--input=" + spec + " matches no file: give a file, a glob or classpath:path");
    }
    files = new ArrayList<>(files);
    files.sort(Comparator.comparing(m -> m.resourceId().toString()));
    List<RecordedTweetsSource> sources = new ArrayList<>();
    for (MatchResult.Metadata m : files) {
      sources.add(
          new RecordedTweetsSource(
              spec, m.resourceId().toString(), watermarkLag, replaySpeed, endOfInputDelay));
    }
    return sources;
  }

  @Override
  public UnboundedReader<RawMessage> createReader(
      PipelineOptions options, @Nullable Checkpoint checkpoint) {
    if (file == null) {
      throw new IllegalStateException("split() the source into files before reading it");
    }
    return new Reader(this, checkpoint == null ? Checkpoint.START : checkpoint);
  }

  @Override
  public Coder<Checkpoint> getCheckpointMarkCoder() {
    return SerializableCoder.of(Checkpoint.class);
  }

  @Override
  public Coder<RawMessage> getOutputCoder() {
    return SerializableCoder.of(RawMessage.class);
  }

  /**
   * Where a reader stopped: the byte offset and number of the next line, the latest event time seen
   * (null before the first tweet), the pace's anchor (null until the first tweet), and when the end
   * of the file was reached (null before).
   */
  public record Checkpoint(
      long offset,
      long nextLine,
      @Nullable Instant maxEventTime,
      @Nullable Long anchorWallMillis,
      @Nullable Instant anchorEventTime,
      @Nullable Long endOfInputAtMillis)
      implements UnboundedSource.CheckpointMark, Serializable {

    static final Checkpoint START = new Checkpoint(0, 1, null, null, null, null);

    Checkpoint atEndOfInput(long nowMillis) {
      return endOfInputAtMillis != null
          ? this
          : new Checkpoint(
              offset, nextLine, maxEventTime, anchorWallMillis, anchorEventTime, nowMillis);
    }

    @Override
    public void finalizeCheckpoint() {
      // Nothing to acknowledge: a file is re-read from the offset after a failure.
    }
  }

  /** The earliest {@code created_at} of the tweets in one envelope line, or null if none parse. */
  static @Nullable Instant eventTimeOf(byte[] line) {
    JsonNode root;
    try {
      root = TweetJson.mapper().readTree(line);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    JsonNode data = root.get("data");
    List<JsonNode> tweets = new ArrayList<>();
    if (data == null || data.isNull()) {
      tweets.add(root);
    } else if (data.isArray()) {
      data.forEach(tweets::add);
    } else {
      tweets.add(data);
    }
    Instant earliest = null;
    for (JsonNode tweet : tweets) {
      JsonNode created = tweet.get("created_at");
      if (created == null || !created.isTextual()) {
        continue;
      }
      try {
        Instant t =
            new Instant(TweetJson.parseTimestamp(created.asText(), "created_at").toEpochMilli());
        earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
      } catch (RuntimeException e) {
        // Not a timestamp: the parse step dead-letters the tweet with the reason.
      }
    }
    return earliest;
  }

  private static final class Reader extends UnboundedReader<RawMessage> {
    private final RecordedTweetsSource source;
    private final String file;
    private InputStream in;
    private Checkpoint emitted;
    // The line read ahead of its time when pacing, with the offset just after it.
    private byte[] pending;
    private long pendingEnd;
    private long readOffset;
    private RawMessage current;
    private Instant currentTimestamp;
    private boolean done;

    Reader(RecordedTweetsSource source, Checkpoint checkpoint) {
      this.source = source;
      this.file = source.file;
      this.emitted = checkpoint;
      this.readOffset = checkpoint.offset();
    }

    @Override
    public boolean start() throws IOException {
      in = new BufferedInputStream(open(emitted.offset()), 1 << 16);
      return advance();
    }

    private InputStream open(long offset) throws IOException {
      if (file.startsWith(CLASSPATH_PREFIX)) {
        String resource = file.substring(CLASSPATH_PREFIX.length());
        InputStream stream =
            RecordedTweetsSource.class.getClassLoader().getResourceAsStream(resource);
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

    @Override
    public boolean advance() throws IOException {
      while (!done) {
        if (pending == null) {
          pending = readLine();
          if (pending == null) {
            done = true;
            emitted = emitted.atEndOfInput(System.currentTimeMillis());
            return false;
          }
          pendingEnd = readOffset;
          if (isBlank(pending)) {
            emitted =
                new Checkpoint(
                    pendingEnd,
                    emitted.nextLine() + 1,
                    emitted.maxEventTime(),
                    emitted.anchorWallMillis(),
                    emitted.anchorEventTime(),
                    null);
            pending = null;
            continue;
          }
        }
        Instant eventTime = eventTimeOf(pending);
        Long anchorWall = emitted.anchorWallMillis();
        Instant anchorEvent = emitted.anchorEventTime();
        if (eventTime != null && source.replaySpeed > 0) {
          long now = System.currentTimeMillis();
          if (anchorWall == null) {
            anchorWall = now;
            anchorEvent = eventTime;
          }
          long due =
              anchorWall
                  + (long) ((eventTime.getMillis() - anchorEvent.getMillis()) / source.replaySpeed);
          if (due > now) {
            return false; // Not yet: the runner polls again.
          }
        }
        Instant max = emitted.maxEventTime();
        if (eventTime != null && (max == null || eventTime.isAfter(max))) {
          max = eventTime;
        }
        long lineNumber = emitted.nextLine();
        current =
            RawMessage.fromRecording(
                new String(pending, StandardCharsets.UTF_8), displayName(), lineNumber);
        // A line without a usable created_at goes to the parse step's dead letters; give it a
        // timestamp that is never behind the watermark.
        currentTimestamp =
            eventTime != null ? eventTime : max != null ? max : BoundedWindow.TIMESTAMP_MIN_VALUE;
        emitted = new Checkpoint(pendingEnd, lineNumber + 1, max, anchorWall, anchorEvent, null);
        pending = null;
        return true;
      }
      return false;
    }

    private String displayName() {
      return file.startsWith(CLASSPATH_PREFIX) ? file : file.replaceFirst("^file:", "");
    }

    private byte[] readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(512);
      int b;
      boolean any = false;
      while ((b = in.read()) != -1) {
        any = true;
        readOffset++;
        if (b == '\n') {
          break;
        }
        line.write(b);
      }
      if (!any) {
        return null;
      }
      byte[] bytes = line.toByteArray();
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\r') {
        n--;
      }
      return n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n);
    }

    private static boolean isBlank(byte[] line) {
      for (byte b : line) {
        if (!Character.isWhitespace(b)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public RawMessage getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return currentTimestamp;
    }

    @Override
    public Instant getWatermark() {
      Instant max = emitted.maxEventTime();
      if (done) {
        // No more data: let the windows up to the latest tweet close, wait for whatever is still
        // buffered downstream to come through, then finish.
        boolean waited =
            System.currentTimeMillis() - emitted.endOfInputAtMillis()
                >= source.endOfInputDelay.getMillis();
        return waited || max == null ? BoundedWindow.TIMESTAMP_MAX_VALUE : max;
      }
      return max == null ? BoundedWindow.TIMESTAMP_MIN_VALUE : max.minus(source.watermarkLag);
    }

    @Override
    public Checkpoint getCheckpointMark() {
      return emitted;
    }

    @Override
    public RecordedTweetsSource getCurrentSource() {
      return source;
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}
