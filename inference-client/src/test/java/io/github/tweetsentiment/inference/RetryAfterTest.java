package io.github.tweetsentiment.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static Optional<Duration> parse(String... namesAndValues) {
    return RetryAfter.parse(Headers.of(namesAndValues), NOW);
  }

  @Test
  void deltaSeconds() {
    assertThat(parse("Retry-After", "120")).contains(Duration.ofSeconds(120));
    assertThat(parse("Retry-After", " 0 ")).contains(Duration.ZERO);
    assertThat(parse("Retry-After", "99999999999999999999")).contains(Duration.ofDays(365));
  }

  @Test
  void httpDate_inEachFormatRfc9110Allows() {
    assertThat(parse("Retry-After", "Wed, 25 Nov 2026 12:00:30 GMT"))
        .contains(Duration.ofSeconds(30));
    assertThat(parse("Retry-After", "Wednesday, 25-Nov-26 12:01:00 GMT"))
        .contains(Duration.ofSeconds(60));
    assertThat(parse("Retry-After", "Wed Nov 25 12:00:05 2026")).contains(Duration.ofSeconds(5));
  }

  @Test
  void httpDate_relativeToTheServersDate() {
    assertThat(
            parse(
                "Date", "Wed, 25 Nov 2026 08:00:00 GMT",
                "Retry-After", "Wed, 25 Nov 2026 08:00:10 GMT"))
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void httpDate_inThePast_meansNow() {
    assertThat(parse("Retry-After", "Wed, 25 Nov 2026 11:00:00 GMT")).contains(Duration.ZERO);
  }

  @Test
  void absentOrUnreadable_isEmpty() {
    assertThat(parse()).isEmpty();
    assertThat(parse("Retry-After", "")).isEmpty();
    assertThat(parse("Retry-After", "soon")).isEmpty();
    assertThat(parse("Retry-After", "-5")).isEmpty();
    assertThat(parse("Retry-After", "1.5")).isEmpty();
  }
}
