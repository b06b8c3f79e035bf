package io.github.tweetsentiment.core;

import java.util.Locale;

/** The three sentiment classes, in TweetEval's label order (0 negative, 1 neutral, 2 positive). */
public enum SentimentLabel {
  NEGATIVE,
  NEUTRAL,
  POSITIVE;

  /** The lowercase name used on the wire and in BigQuery. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name such as {@code "positive"}; case-insensitive. */
  public static SentimentLabel fromWireName(String name) {
    if (name != null) {
      for (SentimentLabel label : values()) {
        if (label.wireName().equalsIgnoreCase(name.strip())) {
          return label;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown sentiment label '" + name + "': expected negative, neutral or positive");
  }

  /** The label at TweetEval's index (0, 1 or 2). */
  public static SentimentLabel fromIndex(int index) {
    if (index < 0 || index >= values().length) {
      throw new IllegalArgumentException("sentiment label index must be 0, 1 or 2, got " + index);
    }
    return values()[index];
  }
}
