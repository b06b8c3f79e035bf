package io.github.tweetsentiment.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * An interval of a query's results that a run left unread because its paging stopped early: the
 * tweets older than {@code untilId} and newer than {@code sinceId}, or, when the interval began at
 * a time rather than an id (the first run, or a bound recent search no longer reaches), created
 * from {@code startTime} on. Later runs read it downward with {@code since_id}/{@code start_time}
 * and {@code until_id}, so no tweet in it is requested twice.
 *
 * @param sinceId exclusive lower bound; null when {@code startTime} bounds the gap
 * @param startTime inclusive lower bound, whole seconds; null when {@code sinceId} bounds it
 * @param untilId exclusive upper bound: the oldest tweet read before paging stopped
 * @param recordedAt when a run first left the gap
 */
public record Gap(String sinceId, Instant startTime, String untilId, Instant recordedAt) {

  public Gap {
    Objects.requireNonNull(untilId, "untilId");
    if ((sinceId == null) == (startTime == null)) {
      throw new IllegalArgumentException("a gap needs exactly one of sinceId and startTime");
    }
  }

  /** The tweets between two ids. */
  static Gap between(String sinceId, String untilId, Instant recordedAt) {
    return new Gap(sinceId, null, untilId, recordedAt);
  }

  /** The tweets from {@code startTime} on, older than {@code untilId}. */
  static Gap from(Instant startTime, String untilId, Instant recordedAt) {
    return new Gap(null, startTime, untilId, recordedAt);
  }

  /** What is left after reading the gap from its top down to {@code oldestRead}. */
  Gap below(String oldestRead) {
    return new Gap(sinceId, startTime, oldestRead, recordedAt);
  }

  /** When the gap's oldest unread tweets were created, at the earliest; null if unknown. */
  Instant from() {
    return startTime != null ? startTime : TweetIds.createdAt(sinceId);
  }

  /** When its newest unread tweets were created, at the latest; null if unknown. */
  Instant to() {
    return TweetIds.createdAt(untilId);
  }

  /** True if {@code other} covers the same tweets, whenever it was recorded. */
  boolean sameRange(Gap other) {
    return Objects.equals(sinceId, other.sinceId)
        && Objects.equals(startTime, other.startTime)
        && untilId.equals(other.untilId);
  }

  /** For log lines: the bounds and the creation times they stand for. */
  String describe() {
    return (sinceId != null ? "since_id " + sinceId : "start_time " + startTime)
        + " to until_id "
        + untilId
        + " (created "
        + from()
        + " to "
        + to()
        + ")";
  }
}
