package io.github.tweetsentiment.ingest;

import java.time.Duration;

/** Waits; a seam so tests can retry without real pauses. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
