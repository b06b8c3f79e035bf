package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.pipeline.coders.Fields;
import io.github.tweetsentiment.pipeline.coders.PredictionCoder;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Objects;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A tweet with the sentiment the endpoint gave it; element timestamp {@code created_at}.
 *
 * @param incoming the tweet and where it came from
 * @param prediction the model's answer
 * @param scoredAt processing time of the predict call
 */
@DefaultCoder(ScoredTweetEvent.ScoredTweetEventCoder.class)
public record ScoredTweetEvent(IncomingTweet incoming, Prediction prediction, Instant scoredAt) {

  public ScoredTweetEvent {
    Objects.requireNonNull(incoming, "incoming");
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(scoredAt, "scoredAt");
  }

  /** The query the tweet was found by, the aggregates' key. */
  public String query() {
    return incoming.query();
  }

  /** The incoming tweet, the prediction and when it was made. */
  public static final class ScoredTweetEventCoder extends VersionedCoder<ScoredTweetEvent> {
    private static final ScoredTweetEventCoder INSTANCE = new ScoredTweetEventCoder();

    private ScoredTweetEventCoder() {
      super(1);
    }

    public static ScoredTweetEventCoder of() {
      return INSTANCE;
    }

    /** What {@code @DefaultCoder} calls to find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(ScoredTweetEvent.class), INSTANCE);
    }

    @Override
    protected void encodeFields(ScoredTweetEvent e, OutputStream out) throws IOException {
      IncomingTweet.IncomingTweetCoder.of().encode(e.incoming, out);
      PredictionCoder.of().encode(e.prediction, out);
      Fields.writeInstant(e.scoredAt, out);
    }

    @Override
    protected ScoredTweetEvent decodeFields(int formatVersion, InputStream in) throws IOException {
      if (formatVersion != 1) {
        throw unknownVersion(formatVersion);
      }
      return new ScoredTweetEvent(
          IncomingTweet.IncomingTweetCoder.of().decode(in),
          PredictionCoder.of().decode(in),
          Fields.readInstant(in));
    }
  }
}
