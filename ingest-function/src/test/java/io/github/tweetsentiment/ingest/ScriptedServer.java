package io.github.tweetsentiment.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher serving queued responses, each optionally after moving the test clock
 * (as if the call took that long) or running a side effect (as if another run acted meanwhile).
 */
final class ScriptedServer extends Dispatcher {
  private record Step(MockResponse response, Duration takes, Runnable meanwhile) {}

  private final TestClock clock;
  private final Deque<Step> steps = new ArrayDeque<>();

  ScriptedServer(TestClock clock) {
    this.clock = clock;
  }

  ScriptedServer then(MockResponse response) {
    return then(response, Duration.ZERO, () -> {});
  }

  ScriptedServer then(MockResponse response, Duration takes, Runnable meanwhile) {
    steps.add(new Step(response, takes, meanwhile));
    return this;
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    Step step = steps.poll();
    if (step == null) {
      return new MockResponse.Builder().code(599).body("no more scripted responses").build();
    }
    clock.advance(step.takes());
    step.meanwhile().run();
    return step.response();
  }
}
