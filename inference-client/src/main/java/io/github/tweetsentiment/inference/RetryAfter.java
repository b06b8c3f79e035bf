package io.github.tweetsentiment.inference;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.Headers;

/** Reads the {@code Retry-After} header (RFC 9110 §10.2.3) in both of its forms. */
final class RetryAfter {

  /** Longer than any budget; what an absurdly large delta means in practice. */
  private static final Duration FOREVER = Duration.ofDays(365);

  private RetryAfter() {}

  /**
   * The delay the server asked for, or empty when it sent none or sent something unreadable.
   *
   * <p>{@code delay-seconds} is taken as is. An {@code HTTP-date} is measured against the
   * response's own {@code Date} header when present, so a skewed local clock does not stretch or
   * shrink the wait; otherwise against {@code now}. A date in the past means "retry now".
   */
  static Optional<Duration> parse(Headers headers, Instant now) {
    String value = headers.get("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(
          trimmed.length() > 9 ? FOREVER : Duration.ofSeconds(Long.parseLong(trimmed)));
    }
    Instant at = headers.getInstant("Retry-After");
    if (at == null) {
      return Optional.empty();
    }
    Instant serverNow = headers.getInstant("Date");
    Duration delay = Duration.between(serverNow != null ? serverNow : now, at);
    return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
  }
}
