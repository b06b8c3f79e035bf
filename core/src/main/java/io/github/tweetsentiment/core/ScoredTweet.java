package io.github.tweetsentiment.core;

import java.io.Serializable;
import java.util.Objects;

/** A tweet with the sentiment a model gave it. */
public record ScoredTweet(Tweet tweet, Prediction prediction) implements Serializable {
  public ScoredTweet {
    Objects.requireNonNull(tweet, "tweet");
    Objects.requireNonNull(prediction, "prediction");
  }
}
