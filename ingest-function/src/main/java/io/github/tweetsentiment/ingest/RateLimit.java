package io.github.tweetsentiment.ingest;

import java.time.Instant;
import okhttp3.Headers;

/**
 * The rate-limit state the X API reports with every response: the 15-minute window ({@code
 * x-rate-limit-*}) and, on plans that have one, the app's 24-hour cap ({@code
 * x-app-limit-24hour-*}). Absent or unreadable headers are null.
 */
public record RateLimit(
    Integer limit, Integer remaining, Instant reset, Integer dailyRemaining, Instant dailyReset) {

  /** No rate-limit headers at all. */
  public static final RateLimit UNKNOWN = new RateLimit(null, null, null, null, null);

  /** Reads the headers of one response. */
  public static RateLimit from(Headers headers) {
    return new RateLimit(
        intOrNull(headers.get("x-rate-limit-limit")),
        intOrNull(headers.get("x-rate-limit-remaining")),
        epochOrNull(headers.get("x-rate-limit-reset")),
        intOrNull(headers.get("x-app-limit-24hour-remaining")),
        epochOrNull(headers.get("x-app-limit-24hour-reset")));
  }

  /** True when the next request would be refused with a 429. */
  public boolean exhausted() {
    return (remaining != null && remaining <= 0) || (dailyRemaining != null && dailyRemaining <= 0);
  }

  /**
   * When polling can resume: the later reset of whichever limits are exhausted, else the 15-minute
   * window's reset; {@code fallback} when the API said nothing.
   */
  public Instant resumeAt(Instant fallback) {
    Instant at = null;
    if (dailyRemaining != null && dailyRemaining <= 0 && dailyReset != null) {
      at = dailyReset;
    }
    if (reset != null && (at == null || reset.isAfter(at))) {
      at = reset;
    }
    return at == null ? fallback : at;
  }

  private static Integer intOrNull(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant epochOrNull(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
