package io.github.tweetsentiment.ingest;

import io.github.tweetsentiment.core.Tweet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of the X API: read the checkpoint, page through the new tweets, publish one envelope per
 * tweet, wait until every publish is acknowledged, then advance the checkpoint to the first page's
 * newest id. Thread-safe: overlapping runs are settled by the checkpoint's compare-and-set.
 *
 * <p>Paging stops at the last page, at the page cap, at the time budget, or at the rate limit
 * (before a 429 when the headers say the window is used up, or at a 429). The checkpoint advances
 * only after a complete or capped run: a run cut short by the rate limit or the budget keeps it, so
 * the next run reads that interval again (the pipeline deduplicates by tweet id).
 */
public final class Ingester {
  /** Publishing gets at least this long after the polling budget is spent. */
  static final Duration MIN_PUBLISH_WAIT = Duration.ofSeconds(10);

  /** Margin inside recent search's 7-day window, for clock skew and the request's own latency. */
  static final Duration WINDOW_MARGIN = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(Ingester.class);

  /** Tweet ids are Snowflake ids: milliseconds since this epoch, shifted left by 22 bits. */
  private static final long TWITTER_EPOCH_MILLIS = 1288834974657L;

  private final PollSettings settings;
  private final XApiClient client;
  private final EnvelopePublisher publisher;
  private final CheckpointStore store;
  private final Clock clock;

  // Per instance, not shared: a rate-limited instance skips calls that would only get 429s.
  private final AtomicReference<Instant> pausedUntil = new AtomicReference<>();

  public Ingester(
      PollSettings settings,
      XApiClient client,
      EnvelopePublisher publisher,
      CheckpointStore store,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = Objects.requireNonNull(client, "client");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs one poll.
   *
   * @throws XApiException when the API refuses the request or keeps failing (nothing advanced)
   * @throws PublishException when a publish failed (the checkpoint stays)
   * @throws CheckpointException when the checkpoint store failed
   */
  public RunResult run() throws InterruptedException {
    Instant start = clock.instant();
    RunResult.Builder result = RunResult.builder(settings.query(), start);
    Instant paused = pausedUntil.get();
    if (paused != null && start.isBefore(paused)) {
      return skipWhilePaused(result, paused);
    }
    String sinceId = store.read(settings.query()).map(Checkpoint::sinceId).orElse(null);
    result.sinceId(sinceId);
    Run run = new Run(start.plus(settings.timeBudget()), result);
    Sweep sweep;
    try {
      sweep = sweep(firstRequest(sinceId, start), run);
    } finally {
      // Also on failure: what is queued goes out now rather than after the batching delay.
      publisher.flush();
    }
    pauseIfRateLimited(run, start);
    awaitPublished(run.pending, run.deadline, sinceId);
    result.stop(sweep.stop()).newestId(sweep.newestId()).published(run.pending.size());
    result.checkpoint(advanceCheckpoint(sinceId, sweep));
    return finish(result);
  }

  /** What one run has read so far: its deadline, its publishes and the API's last word. */
  private static final class Run {
    final Instant deadline;
    final RunResult.Builder result;
    final List<CompletableFuture<String>> pending = new ArrayList<>();
    RateLimit lastRateLimit = RateLimit.UNKNOWN;
    Instant resumeAt;

    Run(Instant deadline, RunResult.Builder result) {
      this.deadline = deadline;
      this.result = result;
    }
  }

  /**
   * How reading one interval, newest first, ended.
   *
   * @param stop why paging stopped
   * @param newestId the first page's {@code meta.newest_id}; null if it found nothing
   */
  private record Sweep(RunResult.Stop stop, String newestId) {}

  private RunResult skipWhilePaused(RunResult.Builder result, Instant paused) {
    log.atInfo()
        .addKeyValue("resume_at", paused.toString())
        .log("Skipping this run: the X API rate limit resets at {}", paused);
    return result.stop(RunResult.Stop.PAUSED).resumeAt(paused).build(clock.instant());
  }

  /** Pages through one interval from {@code request}, publishing every tweet as it goes. */
  private Sweep sweep(SearchRequest request, Run run) throws InterruptedException {
    String newestId = null;
    for (boolean first = true; ; first = false) {
      SearchPage page;
      try {
        page = client.search(request, run.deadline);
      } catch (XApiException e) {
        if (e.kind() != XApiException.Kind.RATE_LIMITED) {
          throw e;
        }
        run.resumeAt = e.resumeAt();
        return new Sweep(RunResult.Stop.RATE_LIMITED, newestId);
      }
      if (first) {
        newestId = page.newestId();
      }
      publishPage(page, run);
      RunResult.Stop stop = stopAfter(page, run);
      if (stop != null) {
        return new Sweep(stop, newestId);
      }
      request = request.next(page.nextToken());
    }
  }

  private void publishPage(SearchPage page, Run run) {
    run.result.pageRead(logPartialErrors(page));
    run.lastRateLimit = page.rateLimit();
    for (Tweet tweet : page.tweets()) {
      run.pending.add(publisher.publish(Messages.forTweet(tweet, settings.query())));
    }
  }

  /** Why paging stops after {@code page}; null to read the next page. */
  private RunResult.Stop stopAfter(SearchPage page, Run run) {
    if (!page.hasNext()) {
      return RunResult.Stop.COMPLETE;
    }
    if (run.result.pages() >= settings.maxPages()) {
      return RunResult.Stop.PAGE_CAP;
    }
    if (page.rateLimit().exhausted()) {
      return RunResult.Stop.RATE_LIMITED;
    }
    if (!clock.instant().isBefore(run.deadline)) {
      return RunResult.Stop.TIME_BUDGET;
    }
    return null;
  }

  /** Remembers when a used-up rate limit resets, so this instance skips runs until then. */
  private void pauseIfRateLimited(Run run, Instant start) {
    if (run.resumeAt == null && run.lastRateLimit.exhausted()) {
      run.resumeAt = run.lastRateLimit.resumeAt(start.plus(XApiClient.DEFAULT_RATE_LIMIT_PAUSE));
    }
    if (run.resumeAt != null) {
      pausedUntil.set(run.resumeAt);
      run.result.resumeAt(run.resumeAt);
    }
  }

  private RunResult.CheckpointOutcome advanceCheckpoint(String sinceId, Sweep sweep) {
    String newestId = sweep.newestId();
    if (newestId == null || (sinceId != null && !CheckpointStore.isNewer(newestId, sinceId))) {
      // Nothing newer than the checkpoint (a server that ignores since_id could send old ids).
      return RunResult.CheckpointOutcome.UNCHANGED;
    }
    if (sweep.stop() != RunResult.Stop.COMPLETE && sweep.stop() != RunResult.Stop.PAGE_CAP) {
      return RunResult.CheckpointOutcome.KEPT;
    }
    return store.advance(settings.query(), sinceId, newestId, clock.instant())
        ? RunResult.CheckpointOutcome.ADVANCED
        : RunResult.CheckpointOutcome.CONFLICT;
  }

  private RunResult finish(RunResult.Builder result) {
    RunResult r = result.build(clock.instant());
    logResult(r);
    return r;
  }

  private SearchRequest firstRequest(String storedSinceId, Instant now) {
    Instant earliest = now.minus(PollSettings.MAX_LOOKBACK).plus(WINDOW_MARGIN);
    // Whole seconds: the API documents start_time as YYYY-MM-DDTHH:mm:ssZ.
    Instant lookbackStart = now.minus(settings.lookback()).truncatedTo(ChronoUnit.SECONDS);
    if (lookbackStart.isBefore(earliest)) {
      lookbackStart = earliest.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }
    if (storedSinceId == null) {
      log.atInfo()
          .addKeyValue("start_time", lookbackStart.toString())
          .log("No checkpoint yet: searching from {} (X_LOOKBACK)", lookbackStart);
      return SearchRequest.first(settings.query(), null, lookbackStart, settings.expandAuthors());
    }
    Instant sinceTime = snowflakeTime(storedSinceId);
    if (sinceTime != null && sinceTime.isBefore(earliest)) {
      // The API rejects a since_id older than its 7-day window: start over from the lookback.
      log.atWarn()
          .addKeyValue("since_id", storedSinceId)
          .addKeyValue("start_time", lookbackStart.toString())
          .log(
              "Checkpoint since_id {} is from {}, outside recent search's 7 days: searching from {}"
                  + " instead (tweets in between are skipped)",
              storedSinceId,
              sinceTime,
              lookbackStart);
      return SearchRequest.first(settings.query(), null, lookbackStart, settings.expandAuthors());
    }
    return SearchRequest.first(settings.query(), storedSinceId, null, settings.expandAuthors());
  }

  /** The creation time encoded in a Snowflake tweet id; null if the id is not one. */
  static Instant snowflakeTime(String tweetId) {
    try {
      long id = Long.parseLong(tweetId);
      return id <= 0 ? null : Instant.ofEpochMilli((id >> 22) + TWITTER_EPOCH_MILLIS);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void awaitPublished(
      List<CompletableFuture<String>> pending, Instant deadline, String storedSinceId)
      throws InterruptedException {
    if (pending.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Instant until =
        deadline.isAfter(now.plus(MIN_PUBLISH_WAIT)) ? deadline : now.plus(MIN_PUBLISH_WAIT);
    CompletableFuture<Void> all =
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
    Throwable cause = null;
    try {
      all.get(Duration.between(now, until).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      cause = e.getCause();
    } catch (TimeoutException e) {
      cause = e;
    }
    if (cause == null) {
      return;
    }
    int failed = 0;
    for (CompletableFuture<String> f : pending) {
      if (!f.isDone() || f.isCompletedExceptionally()) {
        failed++;
      }
    }
    throw new PublishException(
        failed
            + " of "
            + pending.size()
            + " messages were not acknowledged by "
            + publisher
            + " ("
            + (cause instanceof TimeoutException ? "timed out" : String.valueOf(cause))
            + "); the checkpoint stays at "
            + (storedSinceId == null ? "none" : storedSinceId)
            + " so the next run publishes them again",
        failed,
        pending.size(),
        cause);
  }

  private static int logPartialErrors(SearchPage page) {
    for (ApiProblem problem : page.errors()) {
      log.atWarn()
          .addKeyValue("problem_type", problem.type())
          .addKeyValue("resource_id", problem.resourceId())
          .log("X API reported a partial error beside its results: {}", problem.summary());
    }
    return page.errors().size();
  }

  private void logResult(RunResult r) {
    switch (r.stop()) {
      case RATE_LIMITED ->
          log.atWarn()
              .addKeyValue("resume_at", String.valueOf(r.resumeAt()))
              .addKeyValue("pages", r.pages())
              .log(
                  "X API rate limit reached after {} page(s): polling resumes at {}; the"
                      + " checkpoint is kept",
                  r.pages(),
                  r.resumeAt());
      case PAGE_CAP ->
          log.atWarn()
              .addKeyValue("pages", r.pages())
              .log(
                  "Stopped at the page cap (X_MAX_PAGES={}): older tweets of this interval are"
                      + " skipped; raise X_MAX_PAGES or narrow X_QUERY",
                  settings.maxPages());
      case TIME_BUDGET ->
          log.atWarn()
              .addKeyValue("pages", r.pages())
              .log(
                  "Time budget (INGEST_TIME_BUDGET={}) spent after {} page(s): the checkpoint is"
                      + " kept and the next run reads this interval again",
                  Env.format(settings.timeBudget()),
                  r.pages());
      default -> {}
    }
    if (r.checkpoint() == RunResult.CheckpointOutcome.CONFLICT) {
      log.atWarn()
          .addKeyValue("since_id", r.sinceId())
          .log("Another run advanced the checkpoint first; leaving it as that run set it");
    }
    log.atInfo()
        .addKeyValue("query", r.query())
        .addKeyValue("stop", r.stop().name())
        .addKeyValue("checkpoint", r.checkpoint().name())
        .addKeyValue("pages", r.pages())
        .addKeyValue("published", r.published())
        .addKeyValue("since_id", r.sinceId())
        .addKeyValue("newest_id", r.newestId())
        .addKeyValue("elapsed_ms", r.elapsed().toMillis())
        .log(
            "Run finished: {} tweet(s) from {} page(s), checkpoint {}",
            r.published(),
            r.pages(),
            r.checkpoint().name().toLowerCase(Locale.ROOT));
  }
}
