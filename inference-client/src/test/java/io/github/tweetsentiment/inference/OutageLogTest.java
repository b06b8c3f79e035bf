package io.github.tweetsentiment.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the outage log warns: after the first 10 s of failures, then once a minute. */
class OutageLogTest {

  @Test
  void warnsAfterTenSeconds_thenEveryMinute_andStartsAfreshAfterASuccess() {
    Fixtures.FakeTime time = new Fixtures.FakeTime();
    List<Long> warnedAt = new ArrayList<>();
    OutageLog log =
        new OutageLog(
            "http://x/v1/models/fast:predict",
            RetryPolicy.untilSuccess(Duration.ofMillis(200), Duration.ofSeconds(20)),
            time) {
          @Override
          void warn(Duration failingFor, long attempts, String reason) {
            warnedAt.add(time.nanoTime() / 1_000_000_000L);
          }
        };

    for (int s = 0; s < 200; s += 5) {
      log.failed(1, "HTTP 503", Duration.ofSeconds(5));
      time.sleep(Duration.ofSeconds(5));
    }
    assertThat(warnedAt).containsExactly(10L, 70L, 130L, 190L);

    log.succeeded();
    warnedAt.clear();
    log.failed(1, "HTTP 503", Duration.ofSeconds(5));
    time.sleep(Duration.ofSeconds(9));
    log.failed(1, "HTTP 503", Duration.ofSeconds(5));
    assertThat(warnedAt).isEmpty();
  }
}
