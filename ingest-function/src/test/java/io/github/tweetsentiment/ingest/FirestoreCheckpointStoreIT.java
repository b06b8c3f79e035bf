package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    FirestoreCheckpointStore store =
        FirestoreCheckpointStore.open(
            new IngestConfig.FirestoreSpec(Emulators.PROJECT, "(default)", collection),
            Emulators.firestoreHost());
    opened.add(store);
    return store;
  }

  @Test
  void advance_isReadBackAndRefusesStaleExpectations() {
    FirestoreCheckpointStore store = store();

    assertThat(store.read("cats")).isEmpty();
    assertThat(store.advance("cats", null, "100", NOW)).isTrue();
    assertThat(store.advance("dogs", null, "500", NOW)).isTrue();
    assertThat(store.read("cats")).contains(new Checkpoint("cats", "100", NOW));
    assertThat(store.advance("cats", null, "200", NOW)).isFalse();
    assertThat(store.advance("cats", "100", "90", NOW)).isFalse();
    assertThat(store.advance("cats", "100", "200", NOW.plusSeconds(60))).isTrue();
    assertThat(store().read("cats")).contains(new Checkpoint("cats", "200", NOW.plusSeconds(60)));
    assertThat(store().read("dogs").orElseThrow().sinceId()).isEqualTo("500");
  }

  @Test
  void advance_concurrentInstancesFromTheSameCheckpointOnlyOneWins() throws Exception {
    store().advance("q", null, "100", NOW);
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        FirestoreCheckpointStore store = store();
        String newId = Integer.toString(200 + i);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.advance("q", "100", newId, NOW);
                }));
      }
      go.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(store().read("q").orElseThrow().sinceId()).isIn("200", "201", "202", "203");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void run_twoOverlappingInvocationsOnlyOneAdvances() throws Exception {
    String old = "2125197739422646272";
    String newest = "2125197739422646372";
    store().advance("q", null, old, NOW);
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
          Ingester ingester = ingester(server, publisher, store());
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
      MockWebServer server, RecordingPublisher publisher, CheckpointStore store) {
    PollSettings settings =
        new PollSettings(
            BearerToken.of(Pages.TOKEN, "X_BEARER_TOKEN"),
            "q",
            server.url("/"),
            10,
            Duration.ofSeconds(40),
            Duration.ofHours(1),
            false);
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
