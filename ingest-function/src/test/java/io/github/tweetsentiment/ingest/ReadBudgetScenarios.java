package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The X API read budget against the stand-in recent search ({@link FakeRecentSearch}): reached in
 * the middle of a run (stop, gap, skip the rest of the day, resume the next), a monthly budget
 * across days, two runs at once that together stay within it, user objects counted, and a 402 in
 * the middle of paging. Subclasses supply the store that counts: a file in the unit test, the
 * Firestore emulator in the integration test.
 */
abstract class ReadBudgetScenarios {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  static final String QUERY = "cats lang:en";

  @RegisterExtension final StandInApi api = new StandInApi(NOW);
  final TestClock clock = api.clock;
  final FakeRecentSearch x = api.serve(new FakeRecentSearch(clock, Pages.TOKEN));
  final RecordingPublisher publisher = new RecordingPublisher();

  /** A store over the same, initially empty, checkpoints and usage; each call a new client. */
  abstract CheckpointStore newStore() throws Exception;

  /** A function instance: its own client and store over the shared checkpoint and usage. */
  Ingester instance(ReadBudget budget, boolean expandAuthors) throws Exception {
    PollSettings settings = Pages.settings(QUERY, api.url(), 10, expandAuthors, budget);
    return new Ingester(settings, Pages.client(settings, clock), publisher, newStore(), clock);
  }

  ReadUsage usage() throws Exception {
    return newStore().updateUsage(clock.instant(), u -> u).after();
  }

  @Test
  void aBudgetReachedMidRun_stopsAndRecordsTheGap_skipsTheDay_andTheNextDayReadsOn()
      throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(50)), Duration.ofMinutes(50), 400);
    Ingester first = instance(new ReadBudget(250, 10_000, 250, 10_000), false);

    RunResult run;
    try (LogCapture logs = new LogCapture()) {
      run = first.run();
      assertThat(logs.all())
          .contains("\"event\":\"budget_reached\"")
          .contains("\"day_posts\":250")
          .contains("\"posts_per_day\":250")
          .contains("\"resume_at\":\"2026-11-26T00:00:00Z\"")
          // The day's spend, which infra's log-based metric and alert read: 250 posts at $0.005.
          .contains("\"day_spend_usd\":1.25");
    }

    assertThat(run.stop()).isEqualTo(RunResult.Stop.BUDGET);
    assertThat(run.published()).isEqualTo(250);
    assertThat(run.toJson().get("status").asText()).isEqualTo("budget_reached");
    assertThat(run.resumeAt()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
    assertThat(run.gapsOpen()).as("the 150 unread are a gap").isEqualTo(1);
    assertThat(x.servedIds()).hasSize(250);
    assertThat(x.requests())
        .extracting(u -> u.queryParameter("max_results"))
        .containsExactly("100", "100", "50");
    assertThat(usage().dayPosts()).isEqualTo(250);

    // The rest of the day: this instance skips without a request, another asks the store only.
    clock.advance(Duration.ofMinutes(1));
    assertThat(first.run().stop()).isEqualTo(RunResult.Stop.BUDGET);
    clock.advance(Duration.ofMinutes(1));
    x.post(clock.instant().minusSeconds(30), Duration.ofSeconds(20), 20);
    RunResult other = instance(new ReadBudget(250, 10_000, 250, 10_000), false).run();
    assertThat(other.stop()).isEqualTo(RunResult.Stop.BUDGET);
    assertThat(other.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.UNCHANGED);
    assertThat(x.requestCount()).isEqualTo(3);

    // The next UTC day: the new tweets, then the gap, all within the new day's budget.
    clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-26T00:00:30Z")));
    RunResult nextDay = first.run();
    assertThat(nextDay.stop()).isEqualTo(RunResult.Stop.COMPLETE);
    assertThat(nextDay.published()).isEqualTo(170);
    assertThat(nextDay.gapsOpen()).isZero();
    assertThat(x.servedIds())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(x.idsCreatedBy(clock.instant()));
    assertThat(usage().day()).isEqualTo("2026-11-26");
    assertThat(usage().dayPosts()).isEqualTo(170);
    assertThat(usage().monthPosts()).isEqualTo(420);
  }

  @Test
  void aMonthlyBudget_holdsAcrossDays_untilTheMonthEnds() throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(50)), Duration.ofMinutes(50), 300);
    ReadBudget budget = new ReadBudget(1_000, 120, 1_000, 1_000);

    RunResult run = instance(budget, false).run();

    assertThat(run.published()).isEqualTo(120);
    assertThat(run.resumeAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    clock.advance(Duration.ofDays(1));
    assertThat(instance(budget, false).run().stop()).isEqualTo(RunResult.Stop.BUDGET);
    assertThat(x.servedIds()).hasSize(120);

    clock.advance(Duration.between(clock.instant(), Instant.parse("2026-12-01T00:01:00Z")));
    RunResult december = instance(budget, false).run();
    assertThat(december.published()).isEqualTo(120);
    assertThat(usage().month()).isEqualTo("2026-12");
    assertThat(usage().monthPosts()).isEqualTo(120);
  }

  @Test
  void aPageReservedBeforeMidnight_andAnsweredAfter_isGivenBackInTheDayItWasCountedIn()
      throws Exception {
    clock.advance(Duration.between(NOW, Instant.parse("2026-11-25T23:59:50Z")));
    x.post(clock.instant().minus(Duration.ofMinutes(30)), Duration.ofMinutes(20), 3);
    x.slow(1, Duration.ofSeconds(20)); // answered at 00:00:10 on the 26th

    RunResult run = instance(new ReadBudget(1_000, 10_000, 1_000, 10_000), false).run();

    assertThat(run.published()).isEqualTo(3);
    ReadUsage usage = usage();
    assertThat(usage.day()).isEqualTo("2026-11-26");
    assertThat(usage.dayPosts()).as("the 26th read nothing: 97 not taken off it").isZero();
    assertThat(usage.monthPosts()).as("November: 3 read").isEqualTo(3);
  }

  @Test
  void twoRunsAtOnce_togetherNeverReadMoreThanTheBudget() throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(50)), Duration.ofMinutes(50), 1_000);
    ReadBudget budget = new ReadBudget(150, 10_000, 150, 10_000);
    List<Ingester> instances = List.of(instance(budget, false), instance(budget, false));
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RunResult>> runs = new ArrayList<>();
      for (Ingester ingester : instances) {
        Callable<RunResult> run =
            () -> {
              start.await();
              return ingester.run();
            };
        runs.add(pool.submit(run));
      }
      start.countDown();
      int published = 0;
      for (Future<RunResult> r : runs) {
        published += r.get().published();
      }
      assertThat(published).isEqualTo(150);
    } finally {
      pool.shutdownNow();
    }
    assertThat(x.servedIds()).as("posts X delivered, and bills").hasSize(150);
    assertThat(usage().dayPosts()).isEqualTo(150);
  }

  @Test
  void expandedAuthors_countTheUserObjectsRead_againstTheirOwnBudget() throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(50)), Duration.ofMinutes(50), 400);

    RunResult run = instance(new ReadBudget(10_000, 10_000, 60, 10_000), true).run();

    assertThat(run.stop()).isEqualTo(RunResult.Stop.BUDGET);
    assertThat(run.usersRead()).isPositive().isLessThanOrEqualTo(60);
    assertThat(usage().dayUsers()).isEqualTo(run.usersRead());
    assertThat(usage().dayPosts()).isEqualTo(run.published());
    assertThat(x.requests())
        .allSatisfy(u -> assertThat(u.queryParameter("expansions")).isNotNull());
  }

  @Test
  void a402InTheMiddleOfPaging_publishesWhatWasRead_recordsTheGap_andCountsOnlyThat()
      throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(50)), Duration.ofMinutes(50), 300);
    x.fail(
        2,
        Pages.problem(
            402,
            "{\"title\":\"Payment Required\",\"detail\":\"Your account has no credits\","
                + "\"status\":402}"));
    Ingester ingester = instance(new ReadBudget(1_000, 10_000, 1_000, 10_000), false);

    XApiException e = catchThrowableOfType(XApiException.class, ingester::run);

    assertThat(e.kind()).isEqualTo(XApiException.Kind.PAYMENT_REQUIRED);
    assertThat(e.getMessage()).contains("out of credits").contains("100 tweet(s) are published");
    assertThat(publisher.messages()).hasSize(100);
    assertThat(newStore().read(QUERY).orElseThrow().gaps()).hasSize(1);
    assertThat(usage().dayPosts()).as("the refused page is given back").isEqualTo(100);
  }
}
