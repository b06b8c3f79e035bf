package io.github.tweetsentiment.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path dir;

  @Test
  void read_isEmptyBeforeTheFirstAdvance() {
    assertThat(new FileCheckpointStore(dir.resolve("cp.json")).read("q")).isEmpty();
  }

  static Checkpoint cp(String query, String sinceId, Gap... gaps) {
    return new Checkpoint(query, sinceId, List.of(gaps), NOW);
  }

  @Test
  void compareAndSet_persistsPerQueryAcrossInstances() {
    Path file = dir.resolve("sub/cp.json");
    FileCheckpointStore store = new FileCheckpointStore(file);

    assertThat(store.compareAndSet("q1", null, cp("q1", "100"))).isTrue();
    assertThat(store.compareAndSet("q2", null, cp("q2", "200"))).isTrue();
    assertThat(store.compareAndSet("q1", cp("q1", "100"), cp("q1", "150"))).isTrue();

    FileCheckpointStore reopened = new FileCheckpointStore(file);
    assertThat(reopened.read("q1")).contains(new Checkpoint("q1", "150", NOW));
    assertThat(reopened.read("q2").orElseThrow().sinceId()).isEqualTo("200");
  }

  @Test
  void compareAndSet_roundTripsGapsOfBothKinds() {
    Path file = dir.resolve("cp.json");
    Gap between = Gap.between("100", "150", NOW.minusSeconds(60));
    Gap from = Gap.from(Instant.parse("2026-11-25T09:00:00Z"), "90", NOW.minusSeconds(120));

    new FileCheckpointStore(file).compareAndSet("q", null, cp("q", "200", between, from));

    assertThat(new FileCheckpointStore(file).read("q"))
        .contains(new Checkpoint("q", "200", List.of(between, from), NOW));
  }

  @Test
  void compareAndSet_refusesAStaleExpectation() {
    FileCheckpointStore store = new FileCheckpointStore(dir.resolve("cp.json"));
    Gap gap = Gap.between("50", "80", NOW);
    store.compareAndSet("q", null, cp("q", "100", gap));

    assertThat(store.compareAndSet("q", null, cp("q", "300"))).isFalse();
    assertThat(store.compareAndSet("q", cp("q", "99", gap), cp("q", "300"))).isFalse();
    // The same since_id but another run already read (or shrank) the gap: stale too.
    assertThat(store.compareAndSet("q", cp("q", "100"), cp("q", "300"))).isFalse();
    assertThat(
            store.compareAndSet("q", cp("q", "100", Gap.between("50", "70", NOW)), cp("q", "300")))
        .isFalse();
    assertThat(store.read("q")).contains(cp("q", "100", gap));
    // Recorded at another time, the same range: the expectation holds.
    assertThat(
            store.compareAndSet(
                "q", cp("q", "100", Gap.between("50", "80", NOW.minusSeconds(9))), cp("q", "300")))
        .isTrue();
  }

  @Test
  void read_anEntryWithoutGapsFromBeforeGapsWereRecorded() throws Exception {
    Path file = dir.resolve("cp.json");
    Files.writeString(
        file, "{\"q\": {\"since_id\": \"100\", \"updated_at\": \"2026-11-25T10:00:00.000Z\"}}");
    FileCheckpointStore store = new FileCheckpointStore(file);

    assertThat(store.read("q")).contains(new Checkpoint("q", "100", NOW));
    assertThat(store.compareAndSet("q", new Checkpoint("q", "100", null), cp("q", "200"))).isTrue();
  }

  @Test
  void compareAndSet_twoConcurrentRunsFromTheSameCheckpointOnlyOneWins() throws Exception {
    Path file = dir.resolve("cp.json");
    new FileCheckpointStore(file).compareAndSet("q", null, cp("q", "100"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        // Separate store objects, as separate processes would have.
        FileCheckpointStore store = new FileCheckpointStore(file);
        String newId = Integer.toString(200 + i);
        Callable<Boolean> run =
            () -> {
              go.await();
              return store.compareAndSet("q", cp("q", "100"), cp("q", newId));
            };
        results.add(pool.submit(run));
      }
      go.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void read_aGapWithoutAnUpperBoundSaysTheFileIsNotACheckpoint() throws Exception {
    assertUnreadable(
        "{\"q\": {\"since_id\": \"100\", \"gaps\": [{\"since_id\": \"5\"}]}}", "untilId");
  }

  @Test
  void read_corruptFileSaysHowToRecover() throws Exception {
    assertUnreadable("{\"q\": {\"since_id\": ", "delete the file");
  }

  /** Reading a file that holds {@code content} fails naming the file and saying {@code why}. */
  void assertUnreadable(String content, String why) throws Exception {
    Path file = dir.resolve("cp.json");
    Files.writeString(file, content);

    assertThatThrownBy(() -> new FileCheckpointStore(file).read("q"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(why);
  }

  @Test
  void isNewer_comparesIdsNumerically() {
    assertThat(TweetIds.isNewer("1000", "999")).isTrue();
    assertThat(TweetIds.isNewer("999", "1000")).isFalse();
    assertThat(TweetIds.isNewer("1001", "1000")).isTrue();
    assertThat(TweetIds.isNewer("1000", "1000")).isFalse();
    assertThat(TweetIds.isNewer("1", null)).isTrue();
  }
}
