package io.github.tweetsentiment.pipeline.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
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
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
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
 * position, the pace's anchor, the latest event time and the late lines held back live in the
 * checkpoint, so a resumed reader carries on where it stopped.
 *
 * <p>Lines come in chunks of up to {@value #MAX_CHUNK_LINES}, each line with its timestamp, one
 * chunk per bundle, and the watermark moves after each chunk. The DirectRunner reads an unbounded
 * source ten elements a bundle and pays its bookkeeping per bundle, so one line per element capped
 * a local run at a few hundred tweets a second.
 *
 * <p><b>Late lines.</b> A line further behind the latest {@code created_at} read so far than the
 * lag ({@value PipelineMetrics#REPLAY_OUT_OF_ORDER}) reaches the pipeline as it would live, after
 * the watermark has moved past it, without a bundle of its own. Judged at the watermark it would
 * have met live, right after the lines before it, against its window's end and expiry (the end plus
 * the allowed lateness, {@link ReplayWindows}):
 *
 * <ul>
 *   <li>its window still open: on time, it goes out in the chunk being read;
 *   <li>its window closed, not expired: late. It is held back and sent at the start of the next
 *       chunk, once the watermark has moved, and the watermark after the chunk is kept short of its
 *       expiry, so it is counted in its window as it would be live;
 *   <li>its window expired: too late. It is held back until the watermark has passed the expiry (at
 *       most two chunks), so its window leaves it out as it would live; it is still scored and
 *       written.
 * </ul>
 *
 * <p>So a line is counted in its window exactly when it would be live, and chunks are {@value
 * #MAX_CHUNK_LINES} lines however many lines are late: the cost a tweet does not grow with them. A
 * late line lands in a late pane, except where lines held in the same chunk belong to windows more
 * than the allowed lateness apart (a chunk spanning more event time than that): the earliest one's
 * expiry then keeps the watermark short of a later one's window end, and that window is still open
 * when it arrives, as on a live stream whose watermark is held back. Held lines live in the
 * checkpoint. docs/decisions/0080-late-lines-without-a-bundle-each.md.
 *
 * <p>{@code spec} is a Beam file pattern (local or {@code gs://}) or {@code classpath:path} for a
 * recording bundled in the jar. A pattern is split into one source per file. A {@code .avro} file
 * is read as the tweets archive ({@link ArchiveFile}): each record is the Pub/Sub message it was,
 * with its attributes, message id and publish time, and the checkpoint counts records. A damaged
 * archive file stops the replay with an error naming the file ({@link
 * ArchiveFile.CorruptArchiveException}); a backfill dead-letters it instead.
 *
 * <p>Over 400 lines on purpose: the reader's rules for chunks, late lines, the pace and the
 * watermark depend on each other and are tested together; its checkpoint is {@link
 * ReplayCheckpoint}.
 */
public final class RecordedTweetsSource
    extends UnboundedSource<List<TimestampedValue<RawMessage>>, ReplayCheckpoint> {

  /** Most lines in one chunk: one bundle of the runner. */
  static final int MAX_CHUNK_LINES = 1000;

  private static final long serialVersionUID = 1L;

  private final String spec;
  private final @Nullable String file;
  private final Duration watermarkLag;
  private final double replaySpeed;
  private final ReplayWindows windows;

  private RecordedTweetsSource(
      String spec,
      @Nullable String file,
      Duration watermarkLag,
      double replaySpeed,
      ReplayWindows windows) {
    this.spec = spec;
    this.file = file;
    this.watermarkLag = watermarkLag;
    this.replaySpeed = replaySpeed;
    this.windows = windows;
  }

  /**
   * A replay of every file matching {@code spec}.
   *
   * @param watermarkLag how far behind the latest event time the watermark trails
   * @param replaySpeed multiple of real time to replay at, or 0 for as fast as possible
   * @param windows the windows the tweets are counted in, which decide when a late line may go
   */
  public static RecordedTweetsSource of(
      String spec, Duration watermarkLag, double replaySpeed, ReplayWindows windows) {
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
    return new RecordedTweetsSource(spec, null, watermarkLag, replaySpeed, windows);
  }

  /**
   * The fixed windows the replayed tweets are counted in: their size and allowed lateness. A late
   * line's fate changes only where the watermark crosses its window's end or its expiry.
   */
  public record ReplayWindows(Duration size, Duration allowedLateness) implements Serializable {
    public ReplayWindows {
      if (!size.isLongerThan(Duration.ZERO)) {
        throw new IllegalArgumentException("--windowMinutes must be positive");
      }
      if (allowedLateness.isShorterThan(Duration.ZERO)) {
        throw new IllegalArgumentException("--allowedLatenessMinutes must not be negative");
      }
    }

    /**
     * The end of the window {@code t} falls in, as the pipeline's {@code FixedWindows} assign it.
     */
    Instant endOf(Instant t) {
      return FixedWindows.of(size).assignWindow(t).end();
    }
  }

  @Override
  public List<RecordedTweetsSource> split(int desiredNumSplits, PipelineOptions options)
      throws IOException {
    if (file != null) {
      return List.of(this);
    }
    List<RecordedTweetsSource> sources = new ArrayList<>();
    for (String f : InputFiles.match(spec)) {
      sources.add(new RecordedTweetsSource(spec, f, watermarkLag, replaySpeed, windows));
    }
    return sources;
  }

  @Override
  public UnboundedReader<List<TimestampedValue<RawMessage>>> createReader(
      PipelineOptions options, @Nullable ReplayCheckpoint checkpoint) {
    if (file == null) {
      throw new IllegalStateException("split() the source into files before reading it");
    }
    return new Reader(this, checkpoint == null ? ReplayCheckpoint.START : checkpoint);
  }

  @Override
  public Coder<ReplayCheckpoint> getCheckpointMarkCoder() {
    return ReplayCheckpoint.ReplayCheckpointCoder.of();
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
   * The earliest {@code created_at} of the tweets in one envelope line, or null if none parse: the
   * event time the replay gives the line.
   */
  public static @Nullable Instant eventTimeOf(byte[] line) {
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
    // Where the lines read so far end (the held ones included): with them, the checkpoint.
    private long offset;
    private long nextLine;
    private @Nullable Instant maxEventTime;
    private @Nullable Long anchorWall;
    private @Nullable Instant anchorEvent;
    private final List<ReplayCheckpoint.HeldLine> held;
    // The earliest expiry of the late lines sent in the current chunk, less a millisecond: the
    // watermark after the chunk stays short of it too.
    private Instant sentLateCap = BoundedWindow.TIMESTAMP_MAX_VALUE;
    // The line read ahead of its time when pacing, with the offset just after it.
    private byte[] pending;
    private long pendingEnd;
    // An archive file's reader, and the message of its pending record; null for JSONL.
    private ArchiveFile archive;
    private RawMessage pendingMessage;
    private LineReader lineReader;
    private List<TimestampedValue<RawMessage>> current;
    private Instant currentTimestamp;
    // The input is read to its end (held lines may still be waiting).
    private boolean exhausted;
    // Set after a chunk, so the next advance() ends the bundle and the watermark moves.
    private boolean endBundle;
    private final Counter outOfOrder =
        Metrics.counter(PipelineMetrics.NAMESPACE, PipelineMetrics.REPLAY_OUT_OF_ORDER);

    Reader(RecordedTweetsSource source, ReplayCheckpoint checkpoint) {
      this.source = source;
      this.file = source.file;
      this.offset = checkpoint.offset();
      this.nextLine = checkpoint.nextLine();
      this.maxEventTime = checkpoint.maxEventTime();
      this.anchorWall = checkpoint.anchorWallMillis();
      this.anchorEvent = checkpoint.anchorEventTime();
      this.held = new ArrayList<>(checkpoint.held());
    }

    @Override
    public boolean start() throws IOException {
      if (ArchiveFile.isArchive(file)) {
        // Avro has no line offsets: a resumed reader skips the records it already read.
        archive = new ArchiveFile(displayName(), InputFiles.openSeekable(file));
        archive.skip(nextLine - 1);
      } else {
        in = new BufferedInputStream(InputFiles.open(file, offset), 1 << 16);
        lineReader = new LineReader(in, offset);
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
      releaseHeldLines(getWatermark(), lines);
      readLines(lines, MAX_CHUNK_LINES - lines.size());
      if (lines.isEmpty()) {
        return false;
      }
      Instant earliest = lines.get(0).getTimestamp();
      for (TimestampedValue<RawMessage> line : lines) {
        earliest = earlier(earliest, line.getTimestamp());
      }
      current = lines;
      currentTimestamp = earliest;
      endBundle = true;
      return true;
    }

    /**
     * Moves into the chunk the held lines that the watermark the runner saw after the previous
     * chunk lets go: every late one (the watermark was kept short of its expiry), and each too-late
     * one whose expiry it has passed. The watermark stays short of the late ones' expiry through
     * this chunk as well: a late line's own chunk never moved the watermark when each late line was
     * a chunk of its own, and without that slack the scoring step's buffer let 7 of the bundled
     * recording's 26 late lines miss their windows in every run.
     */
    private void releaseHeldLines(Instant watermark, List<TimestampedValue<RawMessage>> lines) {
      List<ReplayCheckpoint.HeldLine> waiting = new ArrayList<>();
      sentLateCap = BoundedWindow.TIMESTAMP_MAX_VALUE;
      for (ReplayCheckpoint.HeldLine h : held) {
        if (h.isDueAt(watermark)) {
          lines.add(h.line());
          if (!h.tooLate()) {
            sentLateCap = earlier(sentLateCap, h.expiry().minus(1));
          }
        } else {
          waiting.add(h);
        }
      }
      held.clear();
      held.addAll(waiting);
    }

    /**
     * Reads up to {@code limit} lines, into the chunk or held back, stopping early at the end of
     * the input or (paced) at a line not due yet. Held lines count, so what is held stays bounded.
     */
    private void readLines(List<TimestampedValue<RawMessage>> lines, int limit) throws IOException {
      for (int read = 0; !exhausted && read < limit; read++) {
        if (pending == null && archive != null) {
          pendingMessage = archive.next();
          if (pendingMessage == null) {
            exhausted = true;
            break;
          }
          pending = pendingMessage.payload();
          pendingEnd = 0;
        }
        if (pending == null) {
          pending = lineReader.next();
          if (pending == null) {
            exhausted = true;
            break;
          }
          pendingEnd = lineReader.offset();
          if (LineReader.isBlank(pending)) {
            offset = pendingEnd;
            nextLine++;
            pending = null;
            read--;
            continue;
          }
        }
        Instant eventTime = eventTimeOf(pending);
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
        // A line without a usable created_at goes to the parse step's dead letters; give it a
        // timestamp that is never behind the watermark.
        Instant timestamp =
            eventTime != null
                ? eventTime
                : maxEventTime != null ? maxEventTime : BoundedWindow.TIMESTAMP_MIN_VALUE;
        RawMessage message =
            pendingMessage != null
                ? pendingMessage
                : RawMessage.fromRecording(
                    new String(pending, StandardCharsets.UTF_8), displayName(), nextLine);
        TimestampedValue<RawMessage> line = TimestampedValue.of(message, timestamp);
        ReplayCheckpoint.HeldLine late = eventTime == null ? null : lateLine(line);
        if (late == null) {
          lines.add(line);
        } else {
          held.add(late);
        }
        if (eventTime != null && (maxEventTime == null || eventTime.isAfter(maxEventTime))) {
          maxEventTime = eventTime;
        }
        offset = pendingEnd;
        nextLine++;
        pending = null;
        pendingMessage = null;
      }
    }

    /**
     * Counts a line further behind the latest event time than the lag, and holds it back if its
     * window has closed at the watermark it would have met live; null for a line that goes out now.
     */
    private ReplayCheckpoint.@Nullable HeldLine lateLine(TimestampedValue<RawMessage> line) {
      if (maxEventTime == null) {
        return null;
      }
      Instant live = maxEventTime.minus(source.watermarkLag);
      Instant t = line.getTimestamp();
      if (!t.isBefore(live)) {
        return null;
      }
      outOfOrder.inc();
      Instant end = source.windows.endOf(t);
      if (live.isBefore(end)) {
        // On time as live: the watermark is not past `live`, so not past the window's end.
        return null;
      }
      Instant expiry = end.plus(source.windows.allowedLateness());
      return new ReplayCheckpoint.HeldLine(line, expiry, !live.isBefore(expiry));
    }

    private static Instant earlier(Instant a, Instant b) {
      return a.isBefore(b) ? a : b;
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

    /**
     * The lag behind the latest event time, kept short of the expiry of every late line held or
     * sent in this chunk; infinity once everything is sent.
     */
    @Override
    public Instant getWatermark() {
      if (exhausted && held.isEmpty()) {
        // No more data: every window can close.
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      if (maxEventTime == null) {
        return BoundedWindow.TIMESTAMP_MIN_VALUE;
      }
      Instant watermark = earlier(maxEventTime.minus(source.watermarkLag), sentLateCap);
      for (ReplayCheckpoint.HeldLine h : held) {
        if (!h.tooLate()) {
          watermark = earlier(watermark, h.expiry().minus(1));
        }
      }
      return watermark;
    }

    @Override
    public ReplayCheckpoint getCheckpointMark() {
      return new ReplayCheckpoint(offset, nextLine, maxEventTime, anchorWall, anchorEvent, held);
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
