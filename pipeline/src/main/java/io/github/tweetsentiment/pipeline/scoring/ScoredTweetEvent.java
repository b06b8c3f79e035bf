package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * A tweet with the sentiment the endpoint gave it; element timestamp {@code created_at}.
 *
 * @param incoming the tweet and where it came from
 * @param prediction the model's answer
 * @param scoredAt processing time of the predict call
 */
@DefaultCoder(SerializableCoder.class)
public record ScoredTweetEvent(IncomingTweet incoming, Prediction prediction, Instant scoredAt)
    implements Serializable {

  public ScoredTweetEvent {
    Objects.requireNonNull(incoming, "incoming");
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(scoredAt, "scoredAt");
  }

  /** The query the tweet was found by, the aggregates' key. */
  public String query() {
    return incoming.query();
  }
}
