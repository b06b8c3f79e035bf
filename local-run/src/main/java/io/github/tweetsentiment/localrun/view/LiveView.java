package io.github.tweetsentiment.localrun.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.localrun.view.ViewState.Job;
import io.github.tweetsentiment.localrun.view.ViewState.Status;
import io.github.tweetsentiment.pipeline.aggregate.WindowRow;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetRow;
import io.github.tweetsentiment.pipeline.sink.DeadLetterRow;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A local run as the page shows it: reads what the run writes (its NDJSON output, as the pipeline
 * flushes it, and its counters) about once a second, keeps the latest {@link ViewState}, serves it
 * on loopback while asked to, and at the end writes {@code report.html} and {@code
 * sentiment_windows_latest.ndjson} beside the output.
 *
 * <p>It reads the pipeline's output files rather than hooking into the pipeline: the DirectRunner
 * serializes every DoFn, so a listener inside the graph would need static state to reach this
 * object, and the files are what a person would read anyway.
 *
 * <pre>{@code
 * try (LiveView view = LiveView.start(settings)) {      // prints the page's URL
 *   PipelineResult result = ...;
 *   view.pipelineStarted(() -> counters(result), System.nanoTime());
 *   state = result.waitUntilFinish();
 *   view.finish(Status.FINISHED, null, seconds);
 *   view.writeReport();
 *   view.hold(PageHold.untilEnter(...));               // keep the page up when interactive
 * }
 * }</pre>
 */
public final class LiveView implements AutoCloseable {

  /** How often the view reads the output and counters while the run goes on. */
  static final long REFRESH_MILLIS = 1000;

  /** The report's file name in the output folder. */
  public static final String REPORT = "report.html";

  /** The local twin of the BigQuery view, in the output folder. */
  public static final String LATEST_WINDOWS = "sentiment_windows_latest.ndjson";

  /**
   * What the view needs to know about the run.
   *
   * @param port port on 127.0.0.1 to serve the page on; 0 serves none
   * @param outputDir the folder of the local NDJSON output, or null when the output is BigQuery
   * @param input the input as the run describes it
   * @param model the model asked for
   */
  public record Settings(int port, Path outputDir, String input, String model) {}

  private final Settings settings;
  private final PrintStream out;
  private final RunRows rows = new RunRows();
  private final TotalsCalculator totals = new TotalsCalculator();

  /** One table's files, and where their rows go. */
  private record Table(OutputTail tail, Consumer<ObjectNode> rows) {}

  private final List<Table> tails;
  private final ScheduledExecutorService timer;
  private final ViewServer server;

  private Supplier<Metrics> metrics = () -> Metrics.NONE;
  private long startNanos;
  private Status status = Status.RUNNING;
  private String error;
  private double finalSeconds = -1;
  private volatile ViewState state;

  private LiveView(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    Path dir = settings.outputDir();
    this.tails =
        dir == null
            ? List.of()
            : List.of(
                new Table(OutputTail.of(dir, ScoredTweetRow.TABLE), rows::addScored),
                new Table(OutputTail.of(dir, WindowRow.TABLE), rows::addWindow),
                new Table(OutputTail.of(dir, DeadLetterRow.TABLE), rows::addDeadLetter));
    this.state = snapshot();
    this.server = settings.port() == 0 ? null : ViewServer.start(settings.port(), this::state, out);
    if (server != null) {
      this.timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "live-view");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(
          this::refreshQuietly, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      this.timer = null;
    }
  }

  /** Starts the view, and its page unless the port is 0; prints the page's URL. */
  public static LiveView start(Settings settings, PrintStream out) {
    return new LiveView(settings, out);
  }

  /** From now on, reads the pipeline's counters; elapsed time counts from {@code startNanos}. */
  public synchronized void pipelineStarted(Supplier<Metrics> metrics, long startNanos) {
    this.metrics = metrics;
    this.startNanos = startNanos;
  }

  /**
   * The run is over: reads what is left and keeps it as the final state.
   *
   * @param error what made the run fail, or null
   * @param seconds the run's duration as the summary gives it
   */
  public synchronized void finish(Status status, Throwable error, double seconds) {
    this.status = status;
    this.error = error == null ? null : describe(error);
    this.finalSeconds = seconds;
    if (timer != null) {
      timer.shutdownNow();
    }
    refresh();
  }

  /** The latest state. */
  public ViewState state() {
    return state;
  }

  /** The page's address, or null when there is no page. */
  public URI page() {
    return server == null ? null : server.uri();
  }

  /**
   * Writes {@value #REPORT} and {@value #LATEST_WINDOWS} to the output folder and prints where they
   * are; nothing when the output is BigQuery. A failure to write is printed, not thrown: the run's
   * own output is already there.
   */
  public synchronized void writeReport() {
    Path dir = settings.outputDir();
    if (dir == null) {
      return;
    }
    try {
      // A run that wrote nothing has not made the folder.
      Files.createDirectories(dir);
      LatestWindowsFile.write(dir.resolve(LATEST_WINDOWS), rows.latestWindowRows());
      ReportPage.write(dir.resolve(REPORT), state);
      out.printf("Report: %s (and %s)%n", dir.resolve(REPORT), dir.resolve(LATEST_WINDOWS));
    } catch (IOException | RuntimeException e) {
      out.printf("Could not write the report to %s: %s%n", dir, e);
    }
  }

  /** While the page is served, lets {@code hold} decide how long it stays up after the run. */
  public void hold(PageHold hold) {
    if (server != null) {
      try {
        hold.await(server.uri());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The counters are best effort while the runner is busy, and a file may be mid-write: the
      // page keeps the previous state until the next refresh.
    }
  }

  synchronized void refresh() {
    for (Table table : tails) {
      for (String line : table.tail().poll()) {
        ObjectNode row = parse(line);
        if (row != null) {
          table.rows().accept(row);
        }
      }
    }
    state = snapshot();
  }

  /** A row as written, or null for a line that is not a JSON object (never written so). */
  private static ObjectNode parse(String line) {
    try {
      JsonNode node = ViewJson.MAPPER.readTree(line);
      return node instanceof ObjectNode row ? row : null;
    } catch (IOException e) {
      return null;
    }
  }

  private ViewState snapshot() {
    boolean over = finalSeconds >= 0;
    double seconds =
        over ? finalSeconds : startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
    Path dir = settings.outputDir();
    Job job =
        new Job(
            status,
            error,
            settings.input(),
            settings.model(),
            rows.modelVersion(),
            dir == null ? "BigQuery" : dir + "/",
            dir == null ? null : dir.resolve(REPORT).toString(),
            seconds);
    return new ViewState(
        job,
        totals.totals(metrics.get(), rows.deadLettersByStage(), seconds, over),
        rows.queries(),
        rows.latestTweets(),
        rows.latestDeadLetters(),
        dir != null);
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Stops serving the page. */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }
}
