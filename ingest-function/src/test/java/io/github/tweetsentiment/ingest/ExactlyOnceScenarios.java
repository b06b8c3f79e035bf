package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scripted timelines over several runs, one a minute, against a stand-in recent search ({@link
 * FakeRecentSearch}): a burst larger than the page cap, a 429 in the middle of paging, a run that
 * overruns its time budget, an empty minute, and all of them in one timeline. Each ends with the
 * same check: every tweet created was carried by exactly one API response and published exactly
 * once. Subclasses supply the checkpoint store and the publisher: a file and memory in the unit
 * test, Firestore and Pub/Sub emulators in the integration test.
 */
abstract class ExactlyOnceScenarios {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  static final String QUERY = "cats lang:en";
  static final Duration BUDGET = Duration.ofSeconds(40);

  @RegisterExtension final StandInApi api = new StandInApi(NOW);
  final TestClock clock = api.clock;
  final FakeRecentSearch x = api.serve(new FakeRecentSearch(clock, Pages.TOKEN));

  /** The store the runs share, empty at the start of each test. */
  abstract CheckpointStore store() throws Exception;

  /** The publisher the runs share. */
  abstract EnvelopePublisher publisher() throws Exception;

  /** The tweet id of every message published, as the sink received them. */
  abstract List<String> publishedIds(int expected) throws Exception;

  Ingester ingester(int maxPages) throws Exception {
    PollSettings settings = Pages.settings(QUERY, api.url(), maxPages, false, Pages.AMPLE_BUDGET);
    return new Ingester(settings, Pages.client(settings, clock), publisher(), store(), clock);
  }

  /** Runs {@code runs} times, the i-th at NOW + i minutes, as Cloud Scheduler would. */
  List<RunResult> runEveryMinute(Ingester ingester, int runs) throws Exception {
    List<RunResult> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Duration toStart = Duration.between(clock.instant(), NOW.plus(Duration.ofMinutes(i)));
      if (toStart.isNegative()) {
        throw new AssertionError("run " + i + " would start late: a run took over a minute");
      }
      clock.advance(toStart);
      results.add(ingester.run());
    }
    return results;
  }

  /** Every tweet created by now was in exactly one response and was published exactly once. */
  void assertEveryTweetServedOnceAndPublishedOnce() throws Exception {
    List<String> created = x.idsCreatedBy(clock.instant());
    assertThat(x.servedIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    assertThat(publishedIds(created.size()))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(created);
  }

  static boolean readsAGap(HttpUrl url) {
    return url.queryParameter("until_id") != null;
  }

  @Test
  void burstLargerThanThePageCap_isReadOverTheNextRunsOnceEach() throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(50)), Duration.ofMinutes(50), 60);
    x.post(NOW.plusSeconds(5), Duration.ofSeconds(50), 650);
    x.post(NOW.plus(Duration.ofSeconds(65)), Duration.ofMinutes(5), 50);

    List<RunResult> runs = runEveryMinute(ingester(3), 8);

    assertThat(runs.get(0).stop()).isEqualTo(RunResult.Stop.COMPLETE);
    // The burst: 300 of its 650 tweets, the newest, and a gap for the rest.
    assertThat(runs.get(1).stop()).isEqualTo(RunResult.Stop.PAGE_CAP);
    assertThat(runs.get(1).published()).isEqualTo(300);
    assertThat(runs.get(1).gapsOpen()).isEqualTo(1);
    // The next runs read the new minute first, then go on down the gap.
    assertThat(runs.get(2).gapPages()).isEqualTo(2);
    assertThat(runs.get(2).gapsOpen()).isEqualTo(1);
    assertThat(runs.get(3).gapsFilled()).isEqualTo(1);
    assertThat(runs.get(7).stop()).isEqualTo(RunResult.Stop.COMPLETE);
    assertThat(runs).allSatisfy(r -> assertThat(r.gapsAbandoned()).isZero());
    assertThat(runs.get(7).gapsOpen()).isZero();
    assertThat(x.requests()).filteredOn(ExactlyOnceScenarios::readsAGap).hasSize(4);
    assertEveryTweetServedOnceAndPublishedOnce();
  }

  @Test
  void rateLimit429InTheMiddleOfPaging_resumesAfterTheResetOnceEach() throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(30)), Duration.ofMinutes(30), 250);
    x.post(NOW.plusSeconds(30), Duration.ofMinutes(5), 20);
    x.fail(2, FakeRecentSearch.tooManyRequests(NOW.plus(Duration.ofMinutes(3))));

    List<RunResult> runs = runEveryMinute(ingester(10), 6);

    assertThat(runs.get(0).stop()).isEqualTo(RunResult.Stop.RATE_LIMITED);
    assertThat(runs.get(0).published()).isEqualTo(100);
    assertThat(runs.get(0).checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
    assertThat(runs.get(0).gapsOpen()).isEqualTo(1);
    // Until the reset this instance makes no call at all.
    assertThat(runs.subList(1, 3))
        .allSatisfy(r -> assertThat(r.stop()).isEqualTo(RunResult.Stop.PAUSED));
    assertThat(x.served().get(1).request()).isEqualTo(3);
    assertThat(runs.get(3).stop()).isEqualTo(RunResult.Stop.COMPLETE);
    assertThat(runs.get(3).gapsFilled()).isEqualTo(1);
    assertEveryTweetServedOnceAndPublishedOnce();
  }

  @Test
  void runThatOverrunsItsTimeBudget_leavesAGapTheNextRunReadsOnceEach() throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(30)), Duration.ofMinutes(30), 250);
    x.post(NOW.plusSeconds(50), Duration.ofMinutes(2), 30);
    // The second page comes back after the whole budget has gone.
    x.slow(2, BUDGET.plusSeconds(5));

    List<RunResult> runs = runEveryMinute(ingester(10), 3);

    assertThat(runs.get(0).stop()).isEqualTo(RunResult.Stop.TIME_BUDGET);
    assertThat(runs.get(0).published()).isEqualTo(200);
    assertThat(runs.get(0).gapsOpen()).isEqualTo(1);
    assertThat(runs.get(1).stop()).isEqualTo(RunResult.Stop.COMPLETE);
    assertThat(runs.get(1).gapsFilled()).isEqualTo(1);
    assertThat(runs.get(1).gapPages()).isEqualTo(1);
    assertEveryTweetServedOnceAndPublishedOnce();
  }

  @Test
  void emptyMinute_makesOneRequestAndChangesNothing() throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(10)), Duration.ofMinutes(10), 30);
    x.post(NOW.plus(Duration.ofSeconds(121)), Duration.ofSeconds(50), 15);

    List<RunResult> runs = runEveryMinute(ingester(10), 4);

    assertThat(runs.get(0).published()).isEqualTo(30);
    for (RunResult empty : runs.subList(1, 3)) {
      assertThat(empty.stop()).isEqualTo(RunResult.Stop.COMPLETE);
      assertThat(empty.pages()).isEqualTo(1);
      assertThat(empty.published()).isZero();
      assertThat(empty.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.UNCHANGED);
    }
    assertThat(runs.get(3).published()).isEqualTo(15);
    assertThat(x.requestCount()).isEqualTo(4);
    assertEveryTweetServedOnceAndPublishedOnce();
  }

  @Test
  void allOfItInOneTimeline_eachTweetOnce() throws Exception {
    x.post(NOW.minus(Duration.ofMinutes(50)), Duration.ofMinutes(50), 120);
    x.post(NOW.plusSeconds(5), Duration.ofSeconds(50), 650);
    x.post(NOW.plus(Duration.ofSeconds(65)), Duration.ofMinutes(4), 40);
    // Requests 1-2: run 0. 3-5: run 1, the burst, to the page cap. 6: run 2's new tweets; 7: its
    // first gap page gets a 429. Run 3 is paused and makes none. 8: run 4's new tweets; 9: a gap
    // page that comes back after the budget.
    x.fail(7, FakeRecentSearch.tooManyRequests(NOW.plus(Duration.ofMinutes(4))));
    x.slow(9, BUDGET.plusSeconds(5));

    List<RunResult> runs = runEveryMinute(ingester(3), 10);

    assertThat(runs)
        .extracting(RunResult::stop)
        .startsWith(
            RunResult.Stop.COMPLETE,
            RunResult.Stop.PAGE_CAP,
            RunResult.Stop.RATE_LIMITED,
            RunResult.Stop.PAUSED,
            RunResult.Stop.TIME_BUDGET);
    // From minute 5 on no tweet is created: empty minutes, while the gap drains.
    assertThat(runs.get(9).stop()).isEqualTo(RunResult.Stop.COMPLETE);
    assertThat(runs.get(9).published()).isZero();
    assertThat(runs.get(9).gapsOpen()).isZero();
    assertEveryTweetServedOnceAndPublishedOnce();
  }
}
