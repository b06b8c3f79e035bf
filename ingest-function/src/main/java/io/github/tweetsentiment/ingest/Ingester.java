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
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One poll of the X API: read the checkpoint, page through the new tweets and then through the gaps
 * earlier runs left, publish one envelope per tweet, wait until every publish is acknowledged, then
 * record in the checkpoint what was read. Thread-safe: overlapping runs are settled by the
 * checkpoint's compare-and-set.
 *
 * <p>Paging stops at the last page, at the page cap, at the time budget, at the rate limit (before
 * a 429 when the headers say the window is used up, or at a 429), or when the API fails after pages
 * were read. Whatever was read is recorded: the checkpoint's since_id moves to the newest tweet,
 * and an interval left unread below the oldest tweet read becomes a {@link Gap} that later runs
 * read downward with until_id, within their own page budget. So each tweet is requested in one
 * response only, unless a publish fails or two runs overlap (decision 0032).
 *
 * <p>Over 400 lines on purpose: the steps of one run share its checkpoint, read budget, deadline
 * and result, and the order between them (publish, acknowledge, then record) is what keeps a tweet
 * from being lost or read twice; it reads best as one story.
 */
public final class Ingester {
  /** Publishing gets at least this long after the polling budget is spent. */
  static final Duration MIN_PUBLISH_WAIT = Duration.ofSeconds(10);

  /** Margin inside recent search's 7-day window, for clock skew and the request's own latency. */
  static final Duration WINDOW_MARGIN = Duration.ofMinutes(2);

  private static final Logger LOG = LoggerFactory.getLogger(Ingester.class);

  private final PollSettings settings;
  private final XApiClient client;
  private final EnvelopePublisher publisher;
  private final CheckpointStore store;
  private final Clock clock;
  private final GapLimiter gapLimiter;

  // Per instance, not shared: a rate-limited instance skips calls that would only get 429s, one
  // whose read budget is spent skips calls until the period ends.
  private final AtomicReference<Pause> paused = new AtomicReference<>();

  /** Why and until when this instance skips runs. */
  private record Pause(Instant until, RunResult.Stop why) {}

  /**
   * Posts (and user objects) reserved in the read budget for one page request, and the day and
   * month they were counted in.
   */
  private record Grant(int posts, int users, String day, String month) {}

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
    this.gapLimiter = new GapLimiter(settings.query(), settings.gapLimits());
  }

  /**
   * Runs one poll.
   *
   * @throws XApiException when the API refuses the request or keeps failing; if pages were read
   *     before that, their tweets are published and recorded first
   * @throws PublishException when a publish failed (the checkpoint stays)
   * @throws CheckpointException when the checkpoint store failed
   */
  public RunResult run() throws InterruptedException {
    Instant start = clock.instant();
    RunResult.Builder result = RunResult.builder(settings.query(), start);
    Pause pause = paused.get();
    if (pause != null && start.isBefore(pause.until())) {
      return skipWhilePaused(result, pause);
    }
    Checkpoint before = store.read(settings.query()).orElse(null);
    result.sinceId(before == null ? null : before.sinceId());
    Run run = new Run(start.plus(settings.timeBudget()), result);
    SearchRequest newTweets = firstRequest(before == null ? null : before.sinceId(), start);
    List<Gap> gaps =
        before == null ? List.of() : gapLimiter.withinReach(before.gaps(), start, result);
    Sweep head;
    List<Gap> gapsLeft;
    try {
      head = sweep(newTweets, false, run);
      run.stop = head.stop();
      gapsLeft = sweepGaps(gaps, run);
    } finally {
      // Also on failure: what is queued goes out now rather than after the batching delay.
      publisher.flush();
    }
    pauseIfRateLimited(run, start);
    pauseIfBudgetSpent(run);
    awaitPublished(run.pending, run.deadline, before);
    Checkpoint next = nextCheckpoint(before, newTweets, head, gapsLeft, run);
    result.stop(run.stop).newestId(foundNew(before, head) ? head.newestId() : null);
    result.gapsOpen(next == null ? 0 : next.gaps().size());
    result.checkpoint(record(before, next));
    RunResult r = finish(result, run.usage);
    if (run.apiError != null) {
      throw run.apiError.withNote(
          "after "
              + r.pages()
              + " page(s), whose "
              + r.published()
              + " tweet(s) are published; the checkpoint records where reading stopped");
    }
    return r;
  }

  /** What one run has read so far: its deadline, its publishes and the API's last word. */
  private static final class Run {
    final Instant deadline;
    final RunResult.Builder result;
    final List<CompletableFuture<String>> pending = new ArrayList<>();
    RunResult.Stop stop = RunResult.Stop.COMPLETE;
    RateLimit lastRateLimit = RateLimit.UNKNOWN;
    Instant resumeAt;
    ReadUsage spent;
    ReadUsage usage;
    XApiException apiError;

    Run(Instant deadline, RunResult.Builder result) {
      this.deadline = deadline;
      this.result = result;
    }
  }

  /**
   * How reading one interval, newest first, ended.
   *
   * @param stop why paging stopped
   * @param newestId the newest id read; null if nothing was
   * @param oldestId the oldest id read: everything from it up to the interval's top was read
   */
  private record Sweep(RunResult.Stop stop, String newestId, String oldestId) {}

  private RunResult skipWhilePaused(RunResult.Builder result, Pause pause) {
    boolean budget = pause.why() == RunResult.Stop.BUDGET;
    LOG.atInfo()
        .addKeyValue("resume_at", pause.until().toString())
        .log(
            budget
                ? "Skipping this run: the X API read budget is spent until {}"
                : "Skipping this run: the X API rate limit resets at {}",
            pause.until());
    return result
        .stop(budget ? RunResult.Stop.BUDGET : RunResult.Stop.PAUSED)
        .resumeAt(pause.until())
        .build(clock.instant());
  }

  /** Pages through one interval from {@code request}, publishing every tweet as it goes. */
  private Sweep sweep(SearchRequest request, boolean inGap, Run run) throws InterruptedException {
    String newestId = null;
    String oldestId = null;
    while (true) {
      Grant grant = reserve(request, run);
      if (grant == null) {
        return new Sweep(RunResult.Stop.BUDGET, newestId, oldestId);
      }
      SearchPage page;
      try {
        page = client.search(request.withMaxResults(grant.posts()), run.deadline);
      } catch (XApiException e) {
        // An error status delivers no posts; a 200 that could not be read may be billed: keep it.
        if (e.status() != 200) {
          settle(grant, 0, 0, run);
        }
        if (e.kind() == XApiException.Kind.RATE_LIMITED) {
          run.resumeAt = e.resumeAt();
          return new Sweep(RunResult.Stop.RATE_LIMITED, newestId, oldestId);
        }
        if (run.result.pages() == 0) {
          throw e; // Nothing read, nothing to record.
        }
        run.apiError = e;
        return new Sweep(RunResult.Stop.X_API_ERROR, newestId, oldestId);
      }
      publishPage(page, inGap, run);
      settle(grant, page.tweets().size(), page.users(), run);
      if (newestId == null) {
        newestId = page.newestId();
      }
      if (page.oldestId() != null) {
        oldestId = page.oldestId();
      }
      RunResult.Stop stop = stopAfter(page, run);
      if (stop != null) {
        return new Sweep(stop, newestId, oldestId);
      }
      request = request.next(page.nextToken());
    }
  }

  /**
   * Reads the gaps, newest first, while the run has pages, time and rate limit left; returns what
   * is still unread of them.
   */
  private List<Gap> sweepGaps(List<Gap> gaps, Run run) throws InterruptedException {
    List<Gap> left = new ArrayList<>();
    for (Gap gap : gaps) {
      if (run.stop == RunResult.Stop.COMPLETE) {
        RunResult.Stop blocked = stopBefore(run);
        if (blocked != null) {
          run.stop = blocked;
        }
      }
      if (run.stop != RunResult.Stop.COMPLETE) {
        left.add(gap);
        continue;
      }
      Sweep sweep =
          sweep(SearchRequest.within(settings.query(), gap, settings.expandAuthors()), true, run);
      run.stop = sweep.stop();
      if (sweep.stop() == RunResult.Stop.COMPLETE) {
        run.result.gapFilled();
      } else {
        left.add(sweep.oldestId() == null ? gap : gap.below(sweep.oldestId()));
      }
    }
    return left;
  }

  /**
   * Reserves a page's posts (and its user objects, when authors are expanded) in the read budget,
   * in the store's transaction that every overlapping run goes through, so that runs together never
   * read more than the budget. Null when less than the smallest page is left.
   */
  private Grant reserve(SearchRequest request, Run run) {
    ReadBudget budget = settings.budget();
    boolean users = settings.expandAuthors();
    CheckpointStore.UsageChange change =
        store.updateUsage(
            clock.instant(),
            u -> {
              long posts = Math.min(request.maxResults(), u.postsLeft(budget));
              if (users) {
                posts = Math.min(posts, u.usersLeft(budget));
              }
              return posts < SearchRequest.MIN_RESULTS ? u : u.plus(posts, users ? posts : 0);
            });
    run.usage = change.after();
    int granted = (int) (change.after().monthPosts() - change.before().monthPosts());
    if (granted == 0) {
      run.spent = change.after();
      return null;
    }
    return new Grant(granted, users ? granted : 0, change.after().day(), change.after().month());
  }

  /** Gives back what a page did not use of its grant. */
  /**
   * Gives back what a page did not use of its grant, in the day and month it was counted in. A
   * store that fails here leaves the page counted in full, which errs on the safe side: the page is
   * already published and the run goes on.
   */
  private void settle(Grant grant, int posts, int users, Run run) {
    if (posts == grant.posts() && users == grant.users()) {
      return;
    }
    try {
      run.usage =
          store
              .updateUsage(
                  clock.instant(),
                  u ->
                      u.plusIn(
                          grant.day(), grant.month(), posts - grant.posts(), users - grant.users()))
              .after();
    } catch (CheckpointException e) {
      LOG.atWarn()
          .addKeyValue("reserved", grant.posts())
          .addKeyValue("read", posts)
          .log(
              "Could not give back the unused part of a page's read budget ({}): it stays counted",
              e.getMessage());
    }
  }

  /**
   * After a run stopped at its read budget: logs {@code budget_reached} with the figures and skips
   * this instance's runs until the period ends.
   */
  private void pauseIfBudgetSpent(Run run) {
    if (run.stop != RunResult.Stop.BUDGET || run.spent == null) {
      return;
    }
    ReadUsage u = run.spent;
    ReadBudget b = settings.budget();
    Instant resume = u.resumesAt(b, settings.expandAuthors());
    Pause before = paused.get();
    if (before == null || !before.until().isAfter(resume)) {
      paused.set(new Pause(resume, RunResult.Stop.BUDGET));
    }
    run.resumeAt = resume;
    run.result.resumeAt(resume);
    LOG.atWarn()
        .addKeyValue("event", "budget_reached")
        .addKeyValue("query", settings.query())
        .addKeyValue("day", u.day())
        .addKeyValue("day_posts", u.dayPosts())
        .addKeyValue("posts_per_day", b.postsPerDay())
        .addKeyValue("day_users", u.dayUsers())
        .addKeyValue("users_per_day", b.usersPerDay())
        .addKeyValue("month", u.month())
        .addKeyValue("month_posts", u.monthPosts())
        .addKeyValue("posts_per_month", b.postsPerMonth())
        .addKeyValue("month_users", u.monthUsers())
        .addKeyValue("users_per_month", b.usersPerMonth())
        .addKeyValue("resume_at", resume.toString())
        .log(
            "X API read budget reached: {} posts today (X_POSTS_PER_DAY={}), {} this month"
                + " (X_POSTS_PER_MONTH={}); reading resumes at {}, what is unread until then is a"
                + " gap read afterwards if the budget allows",
            u.dayPosts(),
            b.postsPerDay(),
            u.monthPosts(),
            b.postsPerMonth(),
            resume);
  }

  private void publishPage(SearchPage page, boolean inGap, Run run) {
    run.result.pageRead(inGap, logPartialErrors(page));
    run.result.usersRead(page.users());
    run.lastRateLimit = page.rateLimit();
    for (Tweet tweet : page.tweets()) {
      run.pending.add(publisher.publish(Messages.forTweet(tweet, settings.query())));
      run.result.tweet(tweet.createdAt());
    }
  }

  /** Why paging stops after {@code page}; null to read the next page. */
  private RunResult.Stop stopAfter(SearchPage page, Run run) {
    return page.hasNext() ? stopBefore(run) : RunResult.Stop.COMPLETE;
  }

  /** Why the run may not read another page; null if it may. */
  private RunResult.Stop stopBefore(Run run) {
    if (run.result.pages() >= settings.maxPages()) {
      return RunResult.Stop.PAGE_CAP;
    }
    if (run.lastRateLimit.exhausted()) {
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
      paused.set(new Pause(run.resumeAt, RunResult.Stop.PAUSED));
      run.result.resumeAt(run.resumeAt);
    }
  }

  /** True if the new-tweets sweep found tweets newer than the checkpoint. */
  private static boolean foundNew(Checkpoint before, Sweep head) {
    // A server that ignores since_id could send old ids: those are not new.
    return head.newestId() != null
        && (before == null || TweetIds.isNewer(head.newestId(), before.sinceId()));
  }

  /**
   * The checkpoint that records this run: since_id moves to the newest new tweet; if the new tweets
   * were not read to the end, the interval below the oldest one read becomes the newest gap; then
   * the rest of the gaps. Null if no tweet has ever been found.
   */
  private Checkpoint nextCheckpoint(
      Checkpoint before, SearchRequest newTweets, Sweep head, List<Gap> gapsLeft, Run run) {
    String sinceId = before == null ? null : before.sinceId();
    List<Gap> gaps = new ArrayList<>();
    if (foundNew(before, head)) {
      sinceId = head.newestId();
      if (head.stop() != RunResult.Stop.COMPLETE && head.oldestId() != null) {
        Instant now = clock.instant();
        gaps.add(
            newTweets.sinceId() != null
                ? Gap.between(newTweets.sinceId(), head.oldestId(), now)
                : Gap.from(newTweets.startTime(), head.oldestId(), now));
      }
    }
    gaps.addAll(gapsLeft);
    if (sinceId == null) {
      return null;
    }
    return new Checkpoint(
        settings.query(), sinceId, gapLimiter.withinNumber(gaps, run.result), clock.instant());
  }

  /** Stores {@code next} unless it records nothing new. */
  private RunResult.CheckpointOutcome record(Checkpoint before, Checkpoint next) {
    if (next == null || Checkpoint.sameProgress(before, next)) {
      return RunResult.CheckpointOutcome.UNCHANGED;
    }
    return store.compareAndSet(settings.query(), before, next)
        ? RunResult.CheckpointOutcome.ADVANCED
        : RunResult.CheckpointOutcome.CONFLICT;
  }

  private RunResult finish(RunResult.Builder result, ReadUsage usage) {
    RunResult r = result.build(clock.instant());
    logResult(r, usage);
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
      LOG.atInfo()
          .addKeyValue("start_time", lookbackStart.toString())
          .log("No checkpoint yet: searching from {} (X_LOOKBACK)", lookbackStart);
      return SearchRequest.first(settings.query(), null, lookbackStart, settings.expandAuthors());
    }
    Instant sinceTime = TweetIds.createdAt(storedSinceId);
    if (sinceTime != null && sinceTime.isBefore(earliest)) {
      // The API rejects a since_id older than its 7-day window: start over from the lookback.
      LOG.atWarn()
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

  private void awaitPublished(
      List<CompletableFuture<String>> pending, Instant deadline, Checkpoint before)
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
            + (before == null ? "none" : before.sinceId())
            + " so the next run publishes them again",
        failed,
        pending.size(),
        cause);
  }

  private static int logPartialErrors(SearchPage page) {
    for (ApiProblem problem : page.errors()) {
      LOG.atWarn()
          .addKeyValue("problem_type", problem.type())
          .addKeyValue("resource_id", problem.resourceId())
          .log("X API reported a partial error beside its results: {}", problem.summary());
    }
    return page.errors().size();
  }

  /** {@code event} with how far a run that stopped early got: its pages and the gaps left open. */
  private static LoggingEventBuilder withProgress(LoggingEventBuilder event, RunResult r) {
    return event.addKeyValue("pages", r.pages()).addKeyValue("gaps_open", r.gapsOpen());
  }

  private void logResult(RunResult r, ReadUsage usage) {
    String left = r.gapsOpen() + " gap(s) of unread tweets recorded for later runs";
    switch (r.stop()) {
      case RATE_LIMITED ->
          withProgress(LOG.atWarn().addKeyValue("resume_at", String.valueOf(r.resumeAt())), r)
              .log(
                  "X API rate limit reached after {} page(s): polling resumes at {}; {}",
                  r.pages(),
                  r.resumeAt(),
                  left);
      case PAGE_CAP ->
          withProgress(LOG.atWarn(), r)
              .log(
                  "Stopped at the page cap (X_MAX_PAGES={}) with tweets left: {}; if gaps keep"
                      + " piling up, raise X_MAX_PAGES or narrow X_QUERY",
                  settings.maxPages(),
                  left);
      case TIME_BUDGET ->
          withProgress(LOG.atWarn(), r)
              .log(
                  "Time budget (INGEST_TIME_BUDGET={}) spent after {} page(s): {}",
                  Env.format(settings.timeBudget()),
                  r.pages(),
                  left);
      case X_API_ERROR ->
          withProgress(LOG.atWarn(), r)
              .log(
                  "X API failed after {} page(s): their tweets are published; {}", r.pages(), left);
      default -> {}
    }
    if (r.checkpoint() == RunResult.CheckpointOutcome.CONFLICT) {
      LOG.atWarn()
          .addKeyValue("since_id", r.sinceId())
          .log(
              "Another run changed the checkpoint first; leaving it as that run set it (what this"
                  + " run read may be read and published again)");
    }
    LOG.atInfo()
        .addKeyValue("query", r.query())
        .addKeyValue("stop", r.stop().name())
        .addKeyValue("checkpoint", r.checkpoint().name())
        .addKeyValue("pages", r.pages())
        .addKeyValue("gap_pages", r.gapPages())
        .addKeyValue("published", r.published())
        .addKeyValue("since_id", r.sinceId())
        .addKeyValue("newest_id", r.newestId())
        .addKeyValue("gaps_filled", r.gapsFilled())
        .addKeyValue("gaps_open", r.gapsOpen())
        .addKeyValue("gaps_abandoned", r.gapsAbandoned())
        .addKeyValue("oldest_created_at", String.valueOf(r.oldestCreatedAt()))
        .addKeyValue("newest_created_at", String.valueOf(r.newestCreatedAt()))
        .addKeyValue("day_posts", usage == null ? null : usage.dayPosts())
        .addKeyValue("day_users", usage == null ? null : usage.dayUsers())
        .addKeyValue("month_posts", usage == null ? null : usage.monthPosts())
        .addKeyValue("month_users", usage == null ? null : usage.monthUsers())
        .addKeyValue(
            "day_spend_usd",
            usage == null ? null : XApiPrices.cost(usage.dayPosts(), usage.dayUsers()))
        .addKeyValue("elapsed_ms", r.elapsed().toMillis())
        .log(
            "Run finished: {} tweet(s) from {} page(s) ({} in gaps), checkpoint {}, {} gap(s) open",
            r.published(),
            r.pages(),
            r.gapPages(),
            r.checkpoint().name().toLowerCase(Locale.ROOT),
            r.gapsOpen());
  }
}
