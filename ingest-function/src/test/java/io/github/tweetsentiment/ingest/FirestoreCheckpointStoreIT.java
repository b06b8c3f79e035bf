package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Firestore checkpoint against the Firestore emulator, including overlapping runs. */
class FirestoreCheckpointStoreIT {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  String collection;
  final List<FirestoreCheckpointStore> opened = new ArrayList<>();

  @BeforeEach
  void setUp() {
    collection = "checkpoint_it_" + UUID.randomUUID().toString().replace("-", "");
  }

  @AfterEach
  void tearDown() {
    opened.forEach(FirestoreCheckpointStore::close);
  }

  /** A store with its own client, as a separate function instance would have. */
  FirestoreCheckpointStore store() {
    FirestoreCheckpointStore store = Emulators.firestoreStore(collection);
    opened.add(store);
    return store;
  }

  static Checkpoint cp(String query, String sinceId, Gap... gaps) {
    return new Checkpoint(query, sinceId, List.of(gaps), NOW);
  }

  @Test
  void compareAndSet_isReadBackAndRefusesStaleExpectations() {
    FirestoreCheckpointStore store = store();

    assertThat(store.read("cats")).isEmpty();
    assertThat(store.compareAndSet("cats", null, cp("cats", "100"))).isTrue();
    assertThat(store.compareAndSet("dogs", null, cp("dogs", "500"))).isTrue();
    assertThat(store.read("cats")).contains(new Checkpoint("cats", "100", NOW));
    assertThat(store.compareAndSet("cats", null, cp("cats", "200"))).isFalse();
    assertThat(store.compareAndSet("cats", cp("cats", "90"), cp("cats", "200"))).isFalse();
    assertThat(
            store.compareAndSet(
                "cats", cp("cats", "100"), new Checkpoint("cats", "200", NOW.plusSeconds(60))))
        .isTrue();
    assertThat(store().read("cats")).contains(new Checkpoint("cats", "200", NOW.plusSeconds(60)));
    assertThat(store().read("dogs").orElseThrow().sinceId()).isEqualTo("500");
  }

  @Test
  void compareAndSet_roundTripsGapsAndTreatsAReadGapAsProgress() {
    FirestoreCheckpointStore store = store();
    Gap between = Gap.between("100", "150", NOW.minusSeconds(60));
    Gap from = Gap.from(Instant.parse("2026-11-25T09:00:00Z"), "90", NOW.minusSeconds(120));

    assertThat(store.compareAndSet("q", null, cp("q", "200", between, from))).isTrue();

    assertThat(store().read("q")).contains(new Checkpoint("q", "200", List.of(between, from), NOW));
    // Another run read the first gap: a run that still expects it may not write.
    assertThat(store.compareAndSet("q", cp("q", "200", between, from), cp("q", "200", from)))
        .isTrue();
    assertThat(store().compareAndSet("q", cp("q", "200", between, from), cp("q", "300"))).isFalse();
    assertThat(store().read("q").orElseThrow().gaps()).containsExactly(from);
  }

  @Test
  void read_aDocumentWrittenBeforeGapsKeepsWorking() throws Exception {
    FirestoreCheckpointStore store = store();
    // The fields the previous version wrote: no "gaps".
    store
        .doc("q")
        .set(
            Map.of(
                "query",
                "q",
                "since_id",
                "2125197739422646272",
                "updated_at",
                com.google.cloud.Timestamp.ofTimeSecondsAndNanos(NOW.getEpochSecond(), 0)))
        .get(20, TimeUnit.SECONDS);

    assertThat(store.read("q")).contains(new Checkpoint("q", "2125197739422646272", NOW));

    // A run from it that stops at the page cap records a gap in the same document.
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(Pages.ok(Pages.page("tok-2", "2125197739422646372")));
      server.start();
      RunResult result = ingester(server, new RecordingPublisher(), store, 1).run();

      assertThat(server.takeRequest().getUrl().queryParameter("since_id"))
          .isEqualTo("2125197739422646272");
      assertThat(result.checkpoint()).isEqualTo(RunResult.CheckpointOutcome.ADVANCED);
    }
    Checkpoint after = store().read("q").orElseThrow();
    assertThat(after.sinceId()).isEqualTo("2125197739422646372");
    assertThat(after.gaps())
        .singleElement()
        .satisfies(
            g ->
                assertThat(
                        g.sameRange(Gap.between("2125197739422646272", "2125197739422646372", NOW)))
                    .isTrue());
  }

  @Test
  void compareAndSet_concurrentInstancesFromTheSameCheckpointOnlyOneWins() throws Exception {
    Gap gap = Gap.between("50", "80", NOW);
    store().compareAndSet("q", null, cp("q", "100", gap));
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        FirestoreCheckpointStore store = store();
        // Half move since_id on, half read the gap: every one expects the same checkpoint.
        Checkpoint next = i % 2 == 0 ? cp("q", Integer.toString(200 + i), gap) : cp("q", "100");
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.compareAndSet("q", cp("q", "100", gap), next);
                }));
      }
      go.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      Checkpoint stored = store().read("q").orElseThrow();
      assertThat(stored.sinceId()).isIn("100", "200", "202");
      assertThat(stored.gaps()).hasSize(stored.sinceId().equals("100") ? 0 : 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void run_twoOverlappingInvocationsOnlyOneAdvances() throws Exception {
    String old = "2125197739422646272";
    String newest = "2125197739422646372";
    store().compareAndSet("q", null, new Checkpoint("q", old, NOW));
    // Both invocations reach the API before either finishes: both read the same checkpoint.
    CyclicBarrier bothAtTheApi = new CyclicBarrier(2);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              try {
                bothAtTheApi.await(30, TimeUnit.SECONDS);
              } catch (Exception e) {
                return new MockResponse.Builder().code(599).build();
              }
              return Pages.ok(Pages.page(null, newest, "2125197739422646300"));
            }
          });
      server.start();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<RunResult>> runs = new ArrayList<>();
        List<RecordingPublisher> publishers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          RecordingPublisher publisher = new RecordingPublisher();
          publishers.add(publisher);
          Ingester ingester = ingester(server, publisher, store(), 10);
          runs.add(pool.submit(ingester::run));
        }
        List<RunResult.CheckpointOutcome> outcomes = new ArrayList<>();
        for (Future<RunResult> run : runs) {
          outcomes.add(run.get(60, TimeUnit.SECONDS).checkpoint());
        }

        assertThat(outcomes)
            .containsExactlyInAnyOrder(
                RunResult.CheckpointOutcome.ADVANCED, RunResult.CheckpointOutcome.CONFLICT);
        // Both published (the pipeline deduplicates); the checkpoint moved once.
        assertThat(publishers).allSatisfy(p -> assertThat(p.messages()).hasSize(2));
        assertThat(store().read("q").orElseThrow().sinceId()).isEqualTo(newest);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  static Ingester ingester(
      MockWebServer server, RecordingPublisher publisher, CheckpointStore store, int maxPages) {
    PollSettings settings =
        Pages.settings("q", server.url("/"), maxPages, false, Pages.AMPLE_BUDGET);
    java.time.Clock clock = java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);
    XApiClient client =
        new XApiClient(
            new OkHttpClient(),
            settings.apiBaseUrl(),
            settings.token(),
            clock,
            d -> {},
            RetryPolicy.DEFAULT);
    return new Ingester(settings, client, publisher, store, clock);
  }
}
