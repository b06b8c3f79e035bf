package io.github.tweetsentiment.inference;

import java.time.Duration;
import java.time.Instant;

/** The clock and sleep the retry loop uses; replaced in tests so no test has to wait or guess. */
interface TimeSource {

  /** Monotonic time for latency and budgets. */
  long nanoTime();

  /** Wall-clock time, to turn a {@code Retry-After} HTTP date into a delay. */
  Instant now();

  void sleep(Duration duration) throws InterruptedException;

  /** The real clock. */
  TimeSource SYSTEM =
      new TimeSource() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
          long nanos = duration.toNanos();
          if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
          }
        }
      };
}
