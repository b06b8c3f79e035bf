package io.github.tweetsentiment.ingest;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The exactly-once timelines with a checkpoint file and an in-memory publisher. */
class ExactlyOnceTest extends ExactlyOnceScenarios {
  @TempDir Path dir;
  private FileCheckpointStore store;
  private final RecordingPublisher publisher = new RecordingPublisher();

  @Override
  CheckpointStore store() {
    if (store == null) {
      store = new FileCheckpointStore(dir.resolve("checkpoint.json"));
    }
    return store;
  }

  @Override
  EnvelopePublisher publisher() {
    return publisher;
  }

  @Override
  List<String> publishedIds(int expected) {
    return publisher.messages().stream().map(m -> m.attributes().get("tweet_id")).toList();
  }
}
