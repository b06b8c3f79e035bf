package io.github.tweetsentiment.core.predict;

/** One text to score; {@code id} is the caller's correlation id (the tweet id) and may be null. */
public record PredictInstance(String id, String text) {}
