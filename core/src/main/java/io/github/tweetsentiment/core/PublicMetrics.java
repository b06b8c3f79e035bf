package io.github.tweetsentiment.core;

import java.io.Serializable;

/**
 * Engagement counts as the X API reports them in {@code public_metrics}; absent counts are null.
 */
public record PublicMetrics(
    Long retweetCount,
    Long replyCount,
    Long likeCount,
    Long quoteCount,
    Long bookmarkCount,
    Long impressionCount)
    implements Serializable {}
