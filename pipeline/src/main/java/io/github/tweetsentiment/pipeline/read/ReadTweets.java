package io.github.tweetsentiment.pipeline.read;

import io.github.tweetsentiment.core.TweetMessage;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import java.util.List;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads the raw messages: from Pub/Sub, from a recorded file replayed as a stream, or (a backfill)
 * from files read once.
 *
 * <p>Pub/Sub is read with {@code tweet_id} as the id attribute, so Dataflow drops a message
 * published twice with the same id, and <em>without</em> a timestamp attribute: a message lacking
 * one would fail its bundle over and over (Beam's reader throws "PubSub message is missing a value
 * for timestamp attribute"), stalling the subscription. The element timestamp is therefore the
 * publish time here, and {@code ParseTweets} moves it to the tweet's {@code created_at}; see
 * docs/decisions/0051-event-time-from-payload.md.
 */
public final class ReadTweets extends PTransform<PBegin, PCollectionTuple> {

  /** The messages read. */
  public static final TupleTag<RawMessage> MESSAGES = ReadInputFiles.MESSAGES;

  /**
   * Input files, or the rest of them, that could not be read: only when reading files once (a
   * backfill), absent otherwise ({@link PCollectionTuple#has}).
   */
  public static final TupleTag<DeadLetter> UNREADABLE = ReadInputFiles.UNREADABLE;

  private final Source source;

  private ReadTweets(Source source) {
    this.source = source;
  }

  /** Where the messages come from. */
  public sealed interface Source {}

  /** A Pub/Sub subscription ({@code projects/P/subscriptions/S}). */
  public record FromSubscription(String subscription) implements Source {}

  /** A Pub/Sub topic ({@code projects/P/topics/T}): the reader creates a temporary subscription. */
  public record FromTopic(String topic) implements Source {}

  /**
   * A recorded file, glob or {@code classpath:} resource, replayed as a stream; see {@link
   * RecordedTweetsSource#of} for the parameters.
   */
  public record FromRecording(
      String spec,
      Duration watermarkLag,
      double replaySpeed,
      RecordedTweetsSource.ReplayWindows windows)
      implements Source {}

  /** Files read once, as a bounded collection: the backfill's input ({@link ReadInputFiles}). */
  public record FromFiles(String spec, int spread) implements Source {}

  public static ReadTweets from(Source source) {
    return new ReadTweets(source);
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    if (source instanceof FromFiles f) {
      return input.apply("ReadFiles", ReadInputFiles.of(f.spec(), f.spread()));
    }
    if (source instanceof FromRecording r) {
      return PCollectionTuple.of(
          MESSAGES,
          input
              .apply(
                  "ReplayRecording",
                  Read.from(
                      RecordedTweetsSource.of(
                          r.spec(), r.watermarkLag(), r.replaySpeed(), r.windows())))
              .apply("SplitChunks", ParDo.of(new SplitChunksFn()))
              .setCoder(RawMessage.RawMessageCoder.of()));
    }
    PubsubIO.Read<PubsubMessage> read =
        PubsubIO.readMessagesWithAttributesAndMessageId().withIdAttribute(TweetMessage.TWEET_ID);
    read =
        source instanceof FromSubscription s
            ? read.fromSubscription(s.subscription())
            : read.fromTopic(((FromTopic) source).topic());
    return PCollectionTuple.of(
        MESSAGES,
        input.apply("ReadPubsub", read).apply("ToRawMessage", ParDo.of(new FromPubsubFn())));
  }

  /** Keeps payload, attributes, message id and publish time (the element's timestamp). */
  static final class FromPubsubFn extends DoFn<PubsubMessage, RawMessage> {
    @ProcessElement
    public void process(
        @Element PubsubMessage message,
        @Timestamp Instant publishTime,
        OutputReceiver<RawMessage> out) {
      out.output(
          RawMessage.fromPubsub(
              message.getPayload(),
              message.getAttributeMap(),
              message.getMessageId(),
              java.time.Instant.ofEpochMilli(publishTime.getMillis())));
    }
  }

  /** The lines of a replayed chunk, each at its own timestamp (never before the chunk's). */
  static final class SplitChunksFn extends DoFn<List<TimestampedValue<RawMessage>>, RawMessage> {
    @ProcessElement
    public void process(
        @Element List<TimestampedValue<RawMessage>> chunk, OutputReceiver<RawMessage> out) {
      for (TimestampedValue<RawMessage> line : chunk) {
        out.outputWithTimestamp(line.getValue(), line.getTimestamp());
      }
    }
  }
}
