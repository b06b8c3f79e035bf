package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.tweetsentiment.core.Envelope;
import io.github.tweetsentiment.core.TweetJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class IngesterTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  static final String QUERY = "cats lang:en";
  // Snowflake ids from November 2026, so they are inside recent search's 7-day window.
  static final String OLD = "2125197739422646272";
  static final String A = "2125197739422646372";
  static final String B = "2125197739422646362";
  static final String C = "2125197739422646352";
  static final String D = "2125197739422646342";

  @TempDir Path dir;
  @RegisterExtension final StandInApi api = new StandInApi(NOW);
  final MockWebServer server = api.server;
  final TestClock clock = api.clock;
  final ScriptedServer script = api.serve(new ScriptedServer(clock));
  final RecordingPublisher publisher = new RecordingPublisher();
  FileCheckpointStore store;

  @BeforeEach
  void start() {
    store = new FileCheckpointStore(dir.resolve("checkpoint.json"));
  }

  static {
    // Sanity check of the constants above: an id's Snowflake time must be near NOW.
    Instant t = TweetIds.createdAt(OLD);
    if (t == null || t.isBefore(NOW.minus(Duration.ofDays(6))) || t.isAfter(NOW)) {
      throw new AssertionError("test ids are not from late November 2026: " + t);
    }
  }

  Ingester ingester(int maxPages, Duration budget) {
    return ingester(maxPages, budget, Duration.ofHours(1));
  }

  Ingester ingester(int maxPages, Duration budget, Duration lookback) {
    return ingester(maxPages, budget, lookback, PollSettings.GapLimits.DEFAULT);
  }

  Ingester ingester(
      int maxPages, Duration budget, Duration lookback, PollSettings.GapLimits gapLimits) {
    return ingester(maxPages, budget, lookback, gapLimits, Pages.AMPLE_BUDGET);
  }

  Ingester ingester(
      int maxPages,
      Duration budget,
      Duration lookback,
      PollSettings.GapLimits gapLimits,
      ReadBudget reads) {
    PollSettings settings =
        new PollSettings(
            BearerToken.of(Pages.TOKEN, "X_BEARER_TOKEN"),
            QUERY,
            api.url(),
            maxPages,
            budget,
            lookback,
            false,
            gapLimits,
            reads);
    return new Ingester(settings, api.client(RetryPolicy.DEFAULT), publisher, store, clock);
  }

  Ingester ingester() {
    return ingester(10, Duration.ofSeconds(40));
  }

  /** Stores a checkpoint at {@code sinceId} with {@code gaps}, as an earlier run would have. */
  void seed(String sinceId, Gap... gaps) {
    assertThat(store.compareAndSet(QUERY, null, new Checkpoint(QUERY, sinceId, List.of(gaps), NOW)))
        .isTrue();
  }

  Checkpoint checkpoint() {
    return store.read(QUERY).orElseThrow();
  }

  /** The stored checkpoint has one gap, and it covers the range of {@code expected}. */
  void assertOneGap(Gap expected) {
    assertThat(checkpoint().gaps())
        .singleElement()
        .satisfies(g -> assertThat(g.sameRange(expected)).isTrue());
  }

  /** The id a tweet created at {@code t} would have. */
  static String idAt(Instant t) {
    return Long.toString((t.toEpochMilli() - 1288834974657L) << 22);
  }

  HttpUrl nextRequestUrl() throws InterruptedException {
    RecordedRequest r = server.takeRequest();
    return r.getUrl();
  }

  @Test
  void run_firstRunStartsAtTheLookbackAndAdvancesToTheFirstPagesNewestId() throws Exception {
    script.then(Pages.ok(Pages.page("tok-2", A, B))).then(Pages.ok(Pages.page(null, C)));

    RunResult result = ingester().run();

    assertThat(result.stop()).isEqualTo(RunResult.Stop.COMPLETE);
    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
    assertThat(result.pages()).isEqualTo(2);
    assertThat(result.published()).isEqualTo(3);
    assertThat(result.sinceId()).isNull();
    assertThat(result.newestId()).isEqualTo(A);
    assertThat(store.read(QUERY)).get().extracting(Checkpoint::sinceId).isEqualTo(A);
    HttpUrl first = nextRequestUrl();
    assertThat(first.queryParameter("start_time")).isEqualTo("2026-11-25T09:00:00Z");
    assertThat(first.queryParameter("since_id")).isNull();
    HttpUrl second = nextRequestUrl();
    assertThat(second.queryParameter("next_token")).isEqualTo("tok-2");
    assertThat(publisher.messages())
        .extracting(m -> m.attributes().get("tweet_id"))
        .containsExactly(A, B, C);
    assertThat(publisher.flushes()).isPositive();
  }

  @Test
  void run_withACheckpointAsksForNewerTweetsOnly() throws Exception {
    seed(OLD);
    script.then(Pages.ok(Pages.page(null, A)));

    RunResult result = ingester().run();

    assertThat(nextRequestUrl().queryParameter("since_id")).isEqualTo(OLD);
    assertThat(result.sinceId()).isEqualTo(OLD);
    assertThat(store.read(QUERY).orElseThrow().sinceId()).isEqualTo(A);
  }

  @Test
  void run_emptyResultLeavesTheCheckpoint() throws Exception {
    seed(OLD);
    script.then(Pages.ok(Pages.EMPTY));

    RunResult result = ingester().run();

    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.UNCHANGED);
    assertThat(result.published()).isZero();
    assertThat(store.read(QUERY).orElseThrow().sinceId()).isEqualTo(OLD);
  }

  @Test
  void run_failedPublishLeavesTheCheckpoint() throws Exception {
    seed(OLD);
    publisher.failingFrom(1);
    script.then(Pages.ok(Pages.page(null, A, B)));

    PublishException e = catchThrowableOfType(PublishException.class, () -> ingester().run());

    assertThat(e.failed()).isEqualTo(1);
    assertThat(e.total()).isEqualTo(2);
    assertThat(e.getMessage()).contains("checkpoint stays at " + OLD);
    assertThat(store.read(QUERY).orElseThrow().sinceId()).isEqualTo(OLD);
  }

  @Test
  void run_429OnALaterPageRecordsAGapAndPausesUntilTheReset() throws Exception {
    seed(OLD);
    Instant reset = NOW.plus(Duration.ofMinutes(12));
    script
        .then(Pages.ok(Pages.page("tok-2", A, B)))
        .then(
            Pages.json(429, "{\"title\":\"Too Many Requests\",\"status\":429}")
                .addHeader("x-rate-limit-remaining", "0")
                .addHeader("x-rate-limit-reset", Long.toString(reset.getEpochSecond()))
                .build());
    Ingester ingester = ingester();

    RunResult limited = ingester.run();

    assertThat(limited.stop()).isEqualTo(RunResult.Stop.RATE_LIMITED);
    assertThat(limited.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
    assertThat(limited.resumeAt()).isEqualTo(reset);
    assertThat(limited.published()).isEqualTo(2);
    assertThat(limited.gapsOpen()).isEqualTo(1);
    // Everything from B up is read; what is older than B and newer than OLD is not.
    assertThat(checkpoint().sinceId()).isEqualTo(A);
    assertOneGap(Gap.between(OLD, B, NOW));

    clock.advance(Duration.ofMinutes(1));
    RunResult paused = ingester.run();
    assertThat(paused.stop()).isEqualTo(RunResult.Stop.PAUSED);
    assertThat(server.getRequestCount()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(12));
    String newer = "2125197739422646472";
    script.then(Pages.ok(Pages.page(null, newer))).then(Pages.ok(Pages.page(null, C, D)));
    RunResult resumed = ingester.run();

    assertThat(resumed.stop()).isEqualTo(RunResult.Stop.COMPLETE);
    assertThat(resumed.gapsFilled()).isEqualTo(1);
    assertThat(resumed.gapPages()).isEqualTo(1);
    nextRequestUrl();
    nextRequestUrl();
    HttpUrl head = nextRequestUrl();
    assertThat(head.queryParameter("since_id")).isEqualTo(A);
    assertThat(head.queryParameter("until_id")).isNull();
    HttpUrl gap = nextRequestUrl();
    assertThat(gap.queryParameter("since_id")).isEqualTo(OLD);
    assertThat(gap.queryParameter("until_id")).isEqualTo(B);
    assertThat(checkpoint().sinceId()).isEqualTo(newer);
    assertThat(checkpoint().gaps()).isEmpty();
    assertThat(publisher.messages())
        .extracting(m -> m.attributes().get("tweet_id"))
        .containsExactly(A, B, newer, C, D);
  }

  @Test
  void run_stopsBeforeA429WhenTheWindowIsUsedUp() throws Exception {
    script.then(
        Pages.json(200, Pages.page("tok-2", A))
            .addHeader("x-rate-limit-remaining", "0")
            .addHeader("x-rate-limit-reset", Long.toString(NOW.plusSeconds(300).getEpochSecond()))
            .build());

    RunResult result = ingester().run();

    assertThat(result.stop()).isEqualTo(RunResult.Stop.RATE_LIMITED);
    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
    assertThat(result.resumeAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(server.getRequestCount()).isEqualTo(1);
    // The first run started at the lookback: the gap does too.
    assertThat(checkpoint().sinceId()).isEqualTo(A);
    assertThat(checkpoint().gaps())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.startTime()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
              assertThat(g.untilId()).isEqualTo(A);
            });
  }

  @Test
  void run_pageCapStopsPagingAndRecordsTheRestAsAGap() throws Exception {
    seed(OLD);
    script
        .then(Pages.ok(Pages.page("tok-2", A)))
        .then(Pages.ok(Pages.page("tok-3", B)))
        .then(Pages.ok(Pages.page(null, C)));

    try (LogCapture logs = new LogCapture()) {
      RunResult result = ingester(2, Duration.ofSeconds(40)).run();

      assertThat(result.stop()).isEqualTo(RunResult.Stop.PAGE_CAP);
      assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
      assertThat(server.getRequestCount()).isEqualTo(2);
      assertThat(checkpoint().sinceId()).isEqualTo(A);
      assertOneGap(Gap.between(OLD, B, NOW));
      assertThat(logs.all()).contains("page cap (X_MAX_PAGES=2)").contains("1 gap(s)");
    }
  }

  @Test
  void run_timeBudgetStopsPagingAndRecordsTheRestAsAGap() throws Exception {
    seed(OLD);
    script
        .then(Pages.ok(Pages.page("tok-2", A)), Duration.ofSeconds(25), () -> {})
        .then(Pages.ok(Pages.page("tok-3", B)), Duration.ofSeconds(25), () -> {})
        .then(Pages.ok(Pages.page(null, C)));

    RunResult result = ingester(10, Duration.ofSeconds(40)).run();

    assertThat(result.stop()).isEqualTo(RunResult.Stop.TIME_BUDGET);
    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
    assertThat(result.published()).isEqualTo(2);
    assertThat(checkpoint().sinceId()).isEqualTo(A);
    assertOneGap(Gap.between(OLD, B, NOW));
  }

  @Test
  void run_checkpointOutsideTheSevenDayWindowRestartsFromTheLookback() throws Exception {
    String ancient = "1275840243636322304"; // June 2020
    seed(ancient);
    script.then(Pages.ok(Pages.page(null, A)));

    RunResult result = ingester().run();

    HttpUrl url = nextRequestUrl();
    assertThat(url.queryParameter("since_id")).isNull();
    assertThat(url.queryParameter("start_time")).isEqualTo("2026-11-25T09:00:00Z");
    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
    assertThat(store.read(QUERY).orElseThrow().sinceId()).isEqualTo(A);
  }

  @Test
  void run_sevenDayLookbackStartsJustInsideTheApisWindow() throws Exception {
    script.then(Pages.ok(Pages.EMPTY));

    ingester(10, Duration.ofSeconds(40), Duration.ofDays(7)).run();

    assertThat(nextRequestUrl().queryParameter("start_time")).isEqualTo("2026-11-18T10:02:01Z");
  }

  @Test
  void run_resultNoNewerThanTheCheckpointLeavesItWithoutAConflict() throws Exception {
    seed(A);
    script.then(Pages.ok(Pages.page(null, A)));

    RunResult result = ingester().run();

    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.UNCHANGED);
    assertThat(store.read(QUERY).orElseThrow().sinceId()).isEqualTo(A);
  }

  @Test
  void run_overlappingRunThatAdvancedFirstWins() throws Exception {
    seed(OLD);
    // While this run is at the API, another invocation moves the checkpoint on.
    script.then(
        Pages.ok(Pages.page(null, B)),
        Duration.ZERO,
        () ->
            store.compareAndSet(
                QUERY, new Checkpoint(QUERY, OLD, NOW), new Checkpoint(QUERY, A, NOW)));

    RunResult result = ingester().run();

    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.CONFLICT);
    assertThat(result.published()).isEqualTo(1);
    assertThat(store.read(QUERY).orElseThrow().sinceId()).isEqualTo(A);
  }

  @Test
  void run_401FailsWithoutPublishingOrAdvancing() {
    seed(OLD);
    script.then(Pages.problem(401, "{\"title\":\"Unauthorized\",\"status\":401}"));

    XApiException e = catchThrowableOfType(XApiException.class, () -> ingester().run());

    assertThat(e.kind()).isEqualTo(XApiException.Kind.UNAUTHORIZED);
    assertThat(publisher.messages()).isEmpty();
    assertThat(store.read(QUERY).orElseThrow().sinceId()).isEqualTo(OLD);
  }

  @Test
  void run_partialErrorsAreCountedAndLogged() throws Exception {
    script.then(
        Pages.ok(
            "{\"data\":[{\"id\":\""
                + A
                + "\",\"text\":\"hi\",\"created_at\":\"2026-11-25T09:59:00.000Z\"}],"
                + "\"errors\":[{\"title\":\"Not Found Error\",\"detail\":\"Could not find user\","
                + "\"resource_id\":\"7\"}],\"meta\":{\"newest_id\":\""
                + A
                + "\",\"result_count\":1}}"));

    try (LogCapture logs = new LogCapture()) {
      RunResult result = ingester().run();

      assertThat(result.partialErrors()).isEqualTo(1);
      assertThat(result.published()).isEqualTo(1);
      assertThat(logs.all()).contains("\"severity\":\"WARNING\"").contains("Could not find user");
    }
  }

  @Test
  void run_publishesOneEnvelopePerTweetThatReadsBack() throws Exception {
    script.then(Pages.ok(Pages.page(null, A, B)));

    ingester().run();

    OutboundMessage first = publisher.messages().get(0);
    Envelope envelope = TweetJson.readEnvelope(first.data());
    assertThat(envelope.tweets())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo(A);
              assertThat(t.text()).isEqualTo("tweet " + A);
              assertThat(t.lang()).isEqualTo("en");
            });
    assertThat(first.data()).doesNotContain("\n");
    assertThat(first.attributes())
        .containsEntry("tweet_id", A)
        .containsEntry("created_at", "2026-11-25T10:00:00Z")
        .containsEntry("query", QUERY)
        .containsEntry("lang", "en")
        .containsEntry("source", "x-api-v2-recent-search");
  }

  @Test
  void run_neverLogsTheBearerToken() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      script
          .then(Pages.problem(503, "{\"title\":\"Service Unavailable\"}"))
          .then(Pages.ok(Pages.page("tok-2", A)))
          .then(Pages.problem(429, "{\"title\":\"Too Many Requests\"}"));
      ingester().run();
      clock.advance(Duration.ofMinutes(20));
      script.then(Pages.problem(401, "{\"title\":\"Unauthorized\"}"));
      XApiException e = catchThrowableOfType(XApiException.class, () -> ingester().run());

      assertThat(logs.lines()).hasSizeGreaterThan(3);
      assertThat(logs.all()).doesNotContain(Pages.TOKEN);
      assertThat(e.getMessage()).doesNotContain(Pages.TOKEN);
      assertThat(e.toString()).doesNotContain(Pages.TOKEN);
    }
  }

  // Ids below OLD, for gaps recorded by earlier runs.
  static final String GAP_LOW = "2125197739422646100";
  static final String GAP_TOP = "2125197739422646200";
  static final String IN_GAP_1 = "2125197739422646190";
  static final String IN_GAP_2 = "2125197739422646180";

  @Test
  void run_gapReadToThePageCapShrinksFromItsTop() throws Exception {
    seed(A, Gap.between(GAP_LOW, GAP_TOP, NOW));
    script.then(Pages.ok(Pages.EMPTY)).then(Pages.ok(Pages.page("tok-2", IN_GAP_1, IN_GAP_2)));

    RunResult result = ingester(2, Duration.ofSeconds(40)).run();

    assertThat(result.stop()).isEqualTo(RunResult.Stop.PAGE_CAP);
    assertThat(result.gapPages()).isEqualTo(1);
    assertThat(nextRequestUrl().queryParameter("since_id")).isEqualTo(A);
    HttpUrl gap = nextRequestUrl();
    assertThat(gap.queryParameter("since_id")).isEqualTo(GAP_LOW);
    assertThat(gap.queryParameter("until_id")).isEqualTo(GAP_TOP);
    assertThat(gap.queryParameter("start_time")).isNull();
    assertThat(checkpoint().sinceId()).isEqualTo(A);
    assertOneGap(Gap.between(GAP_LOW, IN_GAP_2, NOW));
  }

  @Test
  void run_gapOlderThanSevenDaysIsGivenUpLoggedAndCounted() throws Exception {
    String low = idAt(NOW.minus(Duration.ofDays(8)).minus(Duration.ofHours(1)));
    String top = idAt(NOW.minus(Duration.ofDays(8)));
    seed(A, Gap.between(low, top, NOW.minus(Duration.ofDays(8))));
    script.then(Pages.ok(Pages.EMPTY));

    try (LogCapture logs = new LogCapture()) {
      RunResult result = ingester().run();

      assertThat(result.gapsAbandoned()).isEqualTo(1);
      assertThat(result.gapsOpen()).isZero();
      assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(checkpoint().gaps()).isEmpty();
      assertThat(logs.lines())
          .filteredOn(l -> l.contains("\"event\":\"gap_abandoned\""))
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .contains("\"severity\":\"WARNING\"")
                      .contains("\"gap_since_id\":\"" + low + "\"")
                      .contains("\"gap_until_id\":\"" + top + "\"")
                      .contains("recent search reaches back (7 days)"));
    }
  }

  @Test
  void run_gapStartingBeyondSevenDaysIsReadFromTheReachAndItsOlderPartGivenUp() throws Exception {
    String low = idAt(NOW.minus(Duration.ofDays(8)));
    String top = idAt(NOW.minus(Duration.ofDays(6)));
    seed(A, Gap.between(low, top, NOW.minus(Duration.ofDays(6))));
    script.then(Pages.ok(Pages.EMPTY)).then(Pages.ok(Pages.EMPTY));

    try (LogCapture logs = new LogCapture()) {
      RunResult result = ingester().run();

      nextRequestUrl();
      HttpUrl gap = nextRequestUrl();
      assertThat(gap.queryParameter("since_id")).isNull();
      assertThat(gap.queryParameter("start_time")).isEqualTo("2026-11-18T10:02:01Z");
      assertThat(gap.queryParameter("until_id")).isEqualTo(top);
      assertThat(result.gapsAbandoned()).isEqualTo(1);
      assertThat(result.gapsFilled()).isEqualTo(1);
      assertThat(checkpoint().gaps()).isEmpty();
      assertThat(logs.all())
          .contains("\"gap_end_time\":\"2026-11-18T10:02:01Z\"")
          .contains("the part before 2026-11-18T10:02:01Z");
    }
  }

  @Test
  void run_moreGapsThanXMaxGapsGivesUpTheOldest() throws Exception {
    Gap newer = Gap.between(GAP_TOP, "2125197739422646250", NOW);
    Gap older = Gap.between(GAP_LOW, IN_GAP_2, NOW);
    seed(OLD, newer, older);
    script.then(Pages.ok(Pages.page("tok-2", A)));

    try (LogCapture logs = new LogCapture()) {
      RunResult result =
          ingester(
                  1,
                  Duration.ofSeconds(40),
                  Duration.ofHours(1),
                  new PollSettings.GapLimits(2, Duration.ofDays(7)))
              .run();

      assertThat(result.stop()).isEqualTo(RunResult.Stop.PAGE_CAP);
      assertThat(result.gapsAbandoned()).isEqualTo(1);
      assertThat(checkpoint().gaps()).extracting(Gap::untilId).containsExactly(A, newer.untilId());
      assertThat(logs.all()).contains("X_MAX_GAPS=2").contains(older.untilId());
    }
  }

  @Test
  void run_gapOlderThanXGapMaxAgeIsGivenUp() throws Exception {
    seed(
        A,
        Gap.between(
            idAt(NOW.minus(Duration.ofHours(3))), idAt(NOW.minus(Duration.ofHours(2))), NOW));
    script.then(Pages.ok(Pages.EMPTY));

    try (LogCapture logs = new LogCapture()) {
      RunResult result =
          ingester(
                  10,
                  Duration.ofSeconds(40),
                  Duration.ofHours(1),
                  new PollSettings.GapLimits(20, Duration.ofHours(1)))
              .run();

      assertThat(result.gapsAbandoned()).isEqualTo(1);
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(logs.all()).contains("X_GAP_MAX_AGE=1h");
    }
  }

  @Test
  void run_xApiFailureAfterAPagePublishesItRecordsTheGapAndFails() throws Exception {
    seed(OLD);
    script.then(Pages.ok(Pages.page("tok-2", A, B)));
    for (int i = 0; i < RetryPolicy.DEFAULT.maxAttempts(); i++) {
      script.then(Pages.problem(503, "{\"title\":\"Service Unavailable\"}"));
    }

    XApiException e = catchThrowableOfType(XApiException.class, () -> ingester().run());

    assertThat(e.kind()).isEqualTo(XApiException.Kind.SERVER_ERROR);
    assertThat(e.getMessage()).contains("2 tweet(s) are published");
    assertThat(publisher.messages())
        .extracting(m -> m.attributes().get("tweet_id"))
        .containsExactly(A, B);
    assertThat(checkpoint().sinceId()).isEqualTo(A);
    assertOneGap(Gap.between(OLD, B, NOW));
  }

  @Test
  void run_failedPublishLeavesTheCheckpointAndItsGaps() throws Exception {
    seed(OLD, Gap.between(GAP_LOW, GAP_TOP, NOW));
    publisher.failingFrom(0);
    script.then(Pages.ok(Pages.page(null, A))).then(Pages.ok(Pages.page(null, IN_GAP_1)));

    catchThrowableOfType(PublishException.class, () -> ingester().run());

    assertThat(checkpoint().sinceId()).isEqualTo(OLD);
    assertOneGap(Gap.between(GAP_LOW, GAP_TOP, NOW));
  }

  @Test
  void run_storedCheckpointWithoutGapsKeepsWorking() throws Exception {
    // Written by the version before gaps: no "gaps" field.
    Files.writeString(
        store.path(),
        "{\""
            + QUERY
            + "\": {\"since_id\": \""
            + OLD
            + "\", \"updated_at\": \"2026-11-25T09:59:00Z\"}}");
    script.then(Pages.ok(Pages.page("tok-2", A)));

    RunResult result = ingester(1, Duration.ofSeconds(40)).run();

    assertThat(nextRequestUrl().queryParameter("since_id")).isEqualTo(OLD);
    assertThat(result.sinceId()).isEqualTo(OLD);
    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
    assertThat(checkpoint().sinceId()).isEqualTo(A);
    assertOneGap(Gap.between(OLD, A, NOW));
  }

  @Test
  void run_anotherRunThatReadTheSameGapFirstMakesThisOneAConflict() throws Exception {
    seed(A, Gap.between(GAP_LOW, GAP_TOP, NOW));
    Checkpoint before = checkpoint();
    // While this run reads the gap, another invocation reads it too and records it first.
    script
        .then(Pages.ok(Pages.EMPTY))
        .then(
            Pages.ok(Pages.page(null, IN_GAP_1)),
            Duration.ZERO,
            () -> store.compareAndSet(QUERY, before, new Checkpoint(QUERY, A, NOW)));

    RunResult result = ingester().run();

    assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.CONFLICT);
    assertThat(checkpoint().gaps()).isEmpty();
    assertThat(checkpoint().sinceId()).isEqualTo(A);
  }

  @Test
  void createdAt_decodesTheCreationTimeOfAnId() {
    // The default-payload fixture's newest tweet was created on 2020-06-24 at 17:16 UTC.
    assertThat(TweetIds.createdAt("1275840243636322304"))
        .isBetween(Instant.parse("2020-06-24T17:00:00Z"), Instant.parse("2020-06-24T17:30:00Z"));
    assertThat(TweetIds.createdAt("not-a-number")).isNull();
    assertThat(TweetIds.createdAt(idAt(NOW))).isEqualTo(NOW);
  }
}
