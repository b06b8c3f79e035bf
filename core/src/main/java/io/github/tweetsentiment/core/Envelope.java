package io.github.tweetsentiment.core;

import java.io.Serializable;
import java.util.List;

/**
 * What one Pub/Sub message or one line of a recorded file holds: one or more tweets (a stream
 * envelope holds one, a recent-search page several) with the rules that matched them.
 */
public record Envelope(List<Tweet> tweets, List<MatchingRule> matchingRules)
    implements Serializable {
  public Envelope {
    tweets = List.copyOf(tweets);
    matchingRules = matchingRules == null ? List.of() : List.copyOf(matchingRules);
  }
}
