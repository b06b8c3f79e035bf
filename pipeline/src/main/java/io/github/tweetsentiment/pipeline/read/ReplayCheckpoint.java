package io.github.tweetsentiment.pipeline.read;

import io.github.tweetsentiment.pipeline.coders.FieldInput;
import io.github.tweetsentiment.pipeline.coders.FieldOutput;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.values.TimestampedValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Where a {@link RecordedTweetsSource} reader stopped: the byte offset and number of the next line,
 * the latest event time seen (null before the first tweet), the pace's anchor (null until the first
 * tweet), and the late lines read but held back for the next chunk.
 */
public record ReplayCheckpoint(
    long offset,
    long nextLine,
    @Nullable Instant maxEventTime,
    @Nullable Long anchorWallMillis,
    @Nullable Instant anchorEventTime,
    List<HeldLine> held)
    implements UnboundedSource.CheckpointMark {

  static final ReplayCheckpoint START = new ReplayCheckpoint(0, 1, null, null, null, List.of());

  public ReplayCheckpoint {
    held = List.copyOf(held);
  }

  @Override
  public void finalizeCheckpoint() {
    // Nothing to acknowledge: a file is re-read from the offset after a failure.
  }

  /**
   * A late line held back, with its window's expiry (end plus allowed lateness): a late one goes at
   * the next chunk, the watermark kept short of its expiry until then; a {@code tooLate} one goes
   * once the watermark has passed its expiry.
   */
  public record HeldLine(TimestampedValue<RawMessage> line, Instant expiry, boolean tooLate) {

    /** Whether it goes at the start of a chunk that follows {@code watermark}. */
    boolean isDueAt(Instant watermark) {
      return !tooLate || !watermark.isBefore(expiry);
    }
  }

  /**
   * The read position, the pace's anchor and the held lines, every nullable field with a presence
   * flag. Format 1 had no held lines; it still reads.
   */
  static final class ReplayCheckpointCoder extends VersionedCoder<ReplayCheckpoint> {
    private static final ReplayCheckpointCoder INSTANCE = new ReplayCheckpointCoder();
    private static final Coder<TimestampedValue<RawMessage>> LINE =
        TimestampedValue.TimestampedValueCoder.of(RawMessage.RawMessageCoder.of());

    private ReplayCheckpointCoder() {
      super(
          2,
          1,
          (out, c) ->
              out.varLong(c.offset())
                  .varLong(c.nextLine())
                  .optional(ReplayCheckpointCoder::writeMillis, c.maxEventTime())
                  .optional(FieldOutput::varLong, c.anchorWallMillis())
                  .optional(ReplayCheckpointCoder::writeMillis, c.anchorEventTime())
                  .list(
                      (o, h) ->
                          o.value(LINE, h.line())
                              .write(ReplayCheckpointCoder::writeMillis, h.expiry())
                              .bool(h.tooLate()),
                      c.held()),
          in ->
              new ReplayCheckpoint(
                  in.varLong(),
                  in.varLong(),
                  in.optional(ReplayCheckpointCoder::readMillis),
                  in.optional(FieldInput::varLong),
                  in.optional(ReplayCheckpointCoder::readMillis),
                  in.version() == 1
                      ? List.of()
                      : in.list(i -> new HeldLine(i.value(LINE), readMillis(i), i.bool()))));
    }

    static ReplayCheckpointCoder of() {
      return INSTANCE;
    }

    private static void writeMillis(FieldOutput out, Instant instant) throws IOException {
      out.varLong(instant.getMillis());
    }

    private static Instant readMillis(FieldInput in) throws IOException {
      return new Instant(in.varLong());
    }
  }
}
