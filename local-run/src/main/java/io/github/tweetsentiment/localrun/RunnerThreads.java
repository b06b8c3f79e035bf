package io.github.tweetsentiment.localrun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Lowers the scheduling priority of the DirectRunner's threads (Linux, {@code renice}), so that a
 * model sharing the machine gets the CPU first.
 *
 * <p>The DirectRunner's monitor never sleeps: it re-runs itself on one of the runner's threads in a
 * loop, and takes a whole core (apache/beam#18070). On two cores that left the embedded model two
 * thirds of the CPU. At nice 10 the runner's threads still get every cycle nothing else wants. Best
 * effort: without /proc or renice nothing changes.
 */
final class RunnerThreads implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RunnerThreads.class.getName());
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final String RUNNER_THREAD = "direct-runner";
  static final int NICENESS = 10;

  private final ScheduledExecutorService timer;
  private final Set<String> reniced = new HashSet<>();
  private boolean failed;

  private RunnerThreads(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts renicing the runner's threads as they appear, every half second. */
  static RunnerThreads lowerPriority() {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "runner-priority");
              t.setDaemon(true);
              return t;
            });
    RunnerThreads threads = new RunnerThreads(timer);
    if (Files.isDirectory(TASKS)) {
      timer.scheduleWithFixedDelay(threads::scan, 0, 500, TimeUnit.MILLISECONDS);
    }
    return threads;
  }

  private void scan() {
    if (failed) {
      return;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String tid = task.getFileName().toString();
        if (reniced.contains(tid)) {
          continue;
        }
        String name;
        try {
          name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          continue; // The thread ended.
        }
        if (name.startsWith(RUNNER_THREAD)) {
          renice(tid);
          reniced.add(tid);
        }
      }
    } catch (IOException | RuntimeException e) {
      failed = true;
    }
  }

  private void renice(String tid) {
    try {
      Process p =
          new ProcessBuilder("renice", "-n", Integer.toString(NICENESS), "-p", tid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        failed = true;
      }
    } catch (IOException e) {
      failed = true;
      LOG.fine("renice is not available: the runner's threads keep their priority");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
