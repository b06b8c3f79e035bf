package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.pipeline.coders.PredictionCoder;
import io.github.tweetsentiment.pipeline.coders.VersionedCoder;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.time.Instant;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

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
      super(
          1,
          (out, e) ->
              out.value(IncomingTweet.IncomingTweetCoder.of(), e.incoming)
                  .value(PredictionCoder.of(), e.prediction)
                  .instant(e.scoredAt),
          in ->
              new ScoredTweetEvent(
                  in.value(IncomingTweet.IncomingTweetCoder.of()),
                  in.value(PredictionCoder.of()),
                  in.instant()));
    }

    public static ScoredTweetEventCoder of() {
      return INSTANCE;
    }
  }
}
