package io.github.tweetsentiment.localrun;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.PipelineResult;

/**
 * Ctrl-C (SIGINT) or SIGTERM on a local run, which on a Pub/Sub input never ends by itself: cancels
 * the pipeline and holds the JVM's shutdown until the run has printed its summary, so the process
 * exits with its outputs closed and the counts on screen. Messages read but not yet written were
 * never acknowledged: Pub/Sub delivers them again to the next run.
 */
final class StopOnSignal {
  /** How long a signal waits for the summary before the JVM exits anyway. */
  private static final long GRACE_SECONDS = 60;

  private final Thread hook;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicBoolean signalled = new AtomicBoolean();

  private StopOnSignal(PipelineResult result, PrintStream out) {
    this.hook =
        new Thread(
            () -> {
              signalled.set(true);
              out.println();
              out.println("Stopping: cancelling the pipeline, then printing the summary...");
              try {
                result.cancel();
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (IOException | RuntimeException e) {
                out.println("Could not cancel the pipeline cleanly: " + e.getMessage());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "stop-local-run");
  }

  static StopOnSignal install(PipelineResult result, PrintStream out) {
    StopOnSignal stop = new StopOnSignal(result, out);
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  /** Whether the run is ending because of a signal: nothing should wait for a person then. */
  boolean signalled() {
    return signalled.get();
  }

  /** The run has ended and printed its summary: a signal now has nothing to wait for. */
  void finished() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running and returns now.
    }
  }
}
