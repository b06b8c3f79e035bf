package io.github.tweetsentiment.pipeline.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.coders.Fields;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TimestampedValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Replays recorded envelopes, one JSON document a line, as an unbounded stream.
 *
 * <p>Each line's timestamp is its tweets' earliest {@code created_at}. The watermark trails the
 * latest {@code created_at} seen so far by {@code watermarkLag}: a tweet recorded out of order by
 * less than that is on time, one older than that is late, exactly as on a live stream. At the end
 * of the file the watermark jumps to infinity, which is what lets a local run finish; tweets still
 * buffered for scoring hold the watermark downstream, so they stay on time.
 *
 * <p>With a {@code replaySpeed} above zero, lines are released at that multiple of real time (10
 * means ten times faster than the tweets were posted); 0 replays as fast as possible. The read
 * position, the pace's anchor and the latest event time live in the checkpoint, so a resumed reader
 * carries on where it stopped.
 *
 * <p>Lines come in chunks of up to {@value #MAX_CHUNK_LINES}, each line with its timestamp, one
 * chunk per bundle, and the watermark moves after each chunk. The DirectRunner reads an unbounded
 * source ten elements a bundle and pays its bookkeeping per bundle, so one line per element capped
 * a local run at a few hundred tweets a second. A chunk ends before a line that is late behind the
 * lines before it, so every line is judged on time or late exactly as if the watermark moved after
 * each line.
 *
 * <p>{@code spec} is a Beam file pattern (local or {@code gs://}) or {@code classpath:path} for a
 * recording bundled in the jar. A pattern is split into one source per file. A {@code .avro} file
 * is read as the tweets archive ({@link ArchiveFile}): each record is the Pub/Sub message it was,
 * with its attributes, message id and publish time, and the checkpoint counts records. A damaged
 * archive file stops the replay with an error naming the file ({@link
 * ArchiveFile.CorruptArchiveException}); a backfill dead-letters it instead.
 */
public final class RecordedTweetsSource
    extends UnboundedSource<List<TimestampedValue<RawMessage>>, RecordedTweetsSource.Checkpoint> {

  /** Most lines in one chunk: one bundle of the runner. */
  static final int MAX_CHUNK_LINES = 1000;

  private static final long serialVersionUID = 1L;

  private final String spec;
  private final @Nullable String file;
  private final Duration watermarkLag;
  private final double replaySpeed;

  private RecordedTweetsSource(
      String spec, @Nullable String file, Duration watermarkLag, double replaySpeed) {
    this.spec = spec;
    this.file = file;
    this.watermarkLag = watermarkLag;
    this.replaySpeed = replaySpeed;
  }

  /**
   * A replay of every file matching {@code spec}.
   *
   * @param watermarkLag how far behind the latest event time the watermark trails
   * @param replaySpeed multiple of real time to replay at, or 0 for as fast as possible
   */
  public static RecordedTweetsSource of(String spec, Duration watermarkLag, double replaySpeed) {
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
    return new RecordedTweetsSource(spec, null, watermarkLag, replaySpeed);
  }

  @Override
  public List<RecordedTweetsSource> split(int desiredNumSplits, PipelineOptions options)
      throws IOException {
    if (file != null) {
      return List.of(this);
    }
    List<RecordedTweetsSource> sources = new ArrayList<>();
    for (String f : InputFiles.match(spec)) {
      sources.add(new RecordedTweetsSource(spec, f, watermarkLag, replaySpeed));
    }
    return sources;
  }

  @Override
  public UnboundedReader<List<TimestampedValue<RawMessage>>> createReader(
      PipelineOptions options, @Nullable Checkpoint checkpoint) {
    if (file == null) {
      throw new IllegalStateException("split() the source into files before reading it");
    }
    return new Reader(this, checkpoint == null ? Checkpoint.START : checkpoint);
  }

  @Override
  public Coder<Checkpoint> getCheckpointMarkCoder() {
    return CheckpointCoder.of();
  }

  @Override
  public Coder<List<TimestampedValue<RawMessage>>> getOutputCoder() {
    return chunkCoder();
  }

  /** The coder of a chunk: its lines with their timestamps. */
  static Coder<List<TimestampedValue<RawMessage>>> chunkCoder() {
    return ListCoder.of(TimestampedValue.TimestampedValueCoder.of(RawMessage.RawMessageCoder.of()));
  }

  /**
   * Where a reader stopped: the byte offset and number of the next line, the latest event time seen
   * (null before the first tweet), and the pace's anchor (null until the first tweet).
   */
  public record Checkpoint(
      long offset,
      long nextLine,
      @Nullable Instant maxEventTime,
      @Nullable Long anchorWallMillis,
      @Nullable Instant anchorEventTime)
      implements UnboundedSource.CheckpointMark {

    static final Checkpoint START = new Checkpoint(0, 1, null, null, null);

    @Override
    public void finalizeCheckpoint() {
      // Nothing to acknowledge: a file is re-read from the offset after a failure.
    }
  }

  /** The read position and the pace's anchor, every nullable field with a presence flag. */
  static final class CheckpointCoder extends VersionedCoder<Checkpoint> {
    private static final CheckpointCoder INSTANCE = new CheckpointCoder();

    private CheckpointCoder() {
      super(1);
    }

    static CheckpointCoder of() {
      return INSTANCE;
    }

    @Override
    protected void encodeFields(Checkpoint c, OutputStream out) throws IOException {
      Fields.writeLong(c.offset(), out);
      Fields.writeLong(c.nextLine(), out);
      Fields.writeNullableLong(millisOrNull(c.maxEventTime()), out);
      Fields.writeNullableLong(c.anchorWallMillis(), out);
      Fields.writeNullableLong(millisOrNull(c.anchorEventTime()), out);
    }

    @Override
    protected Checkpoint decodeFields(int formatVersion, InputStream in) throws IOException {
      if (formatVersion != 1) {
        throw unknownVersion(formatVersion);
      }
      return new Checkpoint(
          Fields.readLong(in),
          Fields.readLong(in),
          instantOrNull(Fields.readNullableLong(in)),
          Fields.readNullableLong(in),
          instantOrNull(Fields.readNullableLong(in)));
    }

    private static @Nullable Long millisOrNull(@Nullable Instant instant) {
      return instant == null ? null : instant.getMillis();
    }

    private static @Nullable Instant instantOrNull(@Nullable Long millis) {
      return millis == null ? null : new Instant(millis);
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
    Instant earliest = null;
    for (JsonNode tweet : TweetJson.tweetNodes(root)) {
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

  private static final class Reader extends UnboundedReader<List<TimestampedValue<RawMessage>>> {
    private final RecordedTweetsSource source;
    private final String file;
    private InputStream in;
    private Checkpoint emitted;
    // The line read ahead of its time when pacing, with the offset just after it.
    private byte[] pending;
    private long pendingEnd;
    // An archive file's reader, and the message of its pending record; null for JSONL.
    private ArchiveFile archive;
    private RawMessage pendingMessage;
    private LineReader lineReader;
    private List<TimestampedValue<RawMessage>> current;
    private Instant currentTimestamp;
    private boolean done;
    // Set after a chunk, so the next advance() ends the bundle and the watermark moves.
    private boolean endBundle;
    private final Counter outOfOrder =
        Metrics.counter(PipelineMetrics.NAMESPACE, PipelineMetrics.REPLAY_OUT_OF_ORDER);

    Reader(RecordedTweetsSource source, Checkpoint checkpoint) {
      this.source = source;
      this.file = source.file;
      this.emitted = checkpoint;
    }

    @Override
    public boolean start() throws IOException {
      if (ArchiveFile.isArchive(file)) {
        // Avro has no line offsets: a resumed reader skips the records it already emitted.
        archive = new ArchiveFile(displayName(), InputFiles.openSeekable(file));
        archive.skip(emitted.nextLine() - 1);
      } else {
        in = new BufferedInputStream(InputFiles.open(file, emitted.offset()), 1 << 16);
        lineReader = new LineReader(in, emitted.offset());
      }
      return advance();
    }

    @Override
    public boolean advance() throws IOException {
      if (endBundle) {
        endBundle = false;
        return false;
      }
      List<TimestampedValue<RawMessage>> lines = new ArrayList<>();
      Instant earliest = null;
      while (!done && lines.size() < MAX_CHUNK_LINES) {
        if (pending == null && archive != null) {
          pendingMessage = archive.next();
          if (pendingMessage == null) {
            done = true;
            break;
          }
          pending = pendingMessage.payload();
          pendingEnd = 0;
        }
        if (pending == null) {
          pending = lineReader.next();
          if (pending == null) {
            done = true;
            break;
          }
          pendingEnd = lineReader.offset();
          if (LineReader.isBlank(pending)) {
            emitted =
                new Checkpoint(
                    pendingEnd,
                    emitted.nextLine() + 1,
                    emitted.maxEventTime(),
                    emitted.anchorWallMillis(),
                    emitted.anchorEventTime());
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
            break; // Not yet: the runner polls again.
          }
        }
        Instant max = emitted.maxEventTime();
        if (eventTime != null
            && max != null
            && eventTime.isBefore(max.minus(source.watermarkLag))) {
          if (!lines.isEmpty()) {
            break; // Behind the watermark this chunk sets: it goes after the watermark moves.
          }
          outOfOrder.inc();
        }
        if (eventTime != null && (max == null || eventTime.isAfter(max))) {
          max = eventTime;
        }
        long lineNumber = emitted.nextLine();
        // A line without a usable created_at goes to the parse step's dead letters; give it a
        // timestamp that is never behind the watermark.
        Instant timestamp =
            eventTime != null ? eventTime : max != null ? max : BoundedWindow.TIMESTAMP_MIN_VALUE;
        RawMessage message =
            pendingMessage != null
                ? pendingMessage
                : RawMessage.fromRecording(
                    new String(pending, StandardCharsets.UTF_8), displayName(), lineNumber);
        lines.add(TimestampedValue.of(message, timestamp));
        earliest = earliest == null || timestamp.isBefore(earliest) ? timestamp : earliest;
        emitted = new Checkpoint(pendingEnd, lineNumber + 1, max, anchorWall, anchorEvent);
        pending = null;
        pendingMessage = null;
      }
      if (lines.isEmpty()) {
        return false;
      }
      current = lines;
      currentTimestamp = earliest;
      endBundle = true;
      return true;
    }

    private String displayName() {
      return InputFiles.displayName(file);
    }

    @Override
    public List<TimestampedValue<RawMessage>> getCurrent() {
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
        // No more data: every window can close.
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
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
      if (archive != null) {
        archive.close();
      }
      if (in != null) {
        in.close();
      }
    }
  }
}
