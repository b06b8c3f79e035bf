package io.github.tweetsentiment.ingest;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The read-budget scenarios with the checkpoint and usage in local files. */
class ReadBudgetTest extends ReadBudgetScenarios {
  @TempDir Path dir;

  @Override
  CheckpointStore newStore() {
    return new FileCheckpointStore(dir.resolve("checkpoint.json"));
  }
}
