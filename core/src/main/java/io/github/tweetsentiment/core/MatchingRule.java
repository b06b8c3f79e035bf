package io.github.tweetsentiment.core;

import java.io.Serializable;

/** A filtered-stream rule that matched a tweet; {@code tag} is null when the rule has none. */
public record MatchingRule(String id, String tag) implements Serializable {}
