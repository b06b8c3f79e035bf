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

  @Test
  void advance_persistsPerQueryAcrossInstances() {
    Path file = dir.resolve("sub/cp.json");
    FileCheckpointStore store = new FileCheckpointStore(file);

    assertThat(store.advance("q1", null, "100", NOW)).isTrue();
    assertThat(store.advance("q2", null, "200", NOW)).isTrue();
    assertThat(store.advance("q1", "100", "150", NOW)).isTrue();

    FileCheckpointStore reopened = new FileCheckpointStore(file);
    assertThat(reopened.read("q1")).contains(new Checkpoint("q1", "150", NOW));
    assertThat(reopened.read("q2").orElseThrow().sinceId()).isEqualTo("200");
  }

  @Test
  void advance_refusesAStaleExpectationOrAMoveBack() {
    FileCheckpointStore store = new FileCheckpointStore(dir.resolve("cp.json"));
    store.advance("q", null, "100", NOW);

    assertThat(store.advance("q", null, "300", NOW)).isFalse();
    assertThat(store.advance("q", "99", "300", NOW)).isFalse();
    assertThat(store.advance("q", "100", "99", NOW)).isFalse();
    assertThat(store.read("q").orElseThrow().sinceId()).isEqualTo("100");
  }

  @Test
  void advance_twoConcurrentRunsFromTheSameCheckpointOnlyOneWins() throws Exception {
    Path file = dir.resolve("cp.json");
    new FileCheckpointStore(file).advance("q", null, "100", NOW);
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
              return store.advance("q", "100", newId, NOW);
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
  void read_corruptFileSaysHowToRecover() throws Exception {
    Path file = dir.resolve("cp.json");
    Files.writeString(file, "{\"q\": {\"since_id\": ");

    assertThatThrownBy(() -> new FileCheckpointStore(file).read("q"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("delete the file");
  }

  @Test
  void isNewer_comparesIdsNumerically() {
    assertThat(CheckpointStore.isNewer("1000", "999")).isTrue();
    assertThat(CheckpointStore.isNewer("999", "1000")).isFalse();
    assertThat(CheckpointStore.isNewer("1001", "1000")).isTrue();
    assertThat(CheckpointStore.isNewer("1000", "1000")).isFalse();
    assertThat(CheckpointStore.isNewer("1", null)).isTrue();
  }
}
