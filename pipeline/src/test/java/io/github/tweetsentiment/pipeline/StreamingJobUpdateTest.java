package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards {@code --update}: the streaming job as the DataflowRunner writes it (each step's name and
 * each output's coder) against the checked-in description of the job now running in production,
 * {@code src/test/resources/dataflow/streaming-job.txt}. Dataflow matches a replacement job's steps
 * to the running one's by name and refuses an update whose coders are not compatible, so a change
 * here is a change to how the production job is updated (docs/operations.md).
 */
class StreamingJobUpdateTest {

  static final Path GOLDEN = Path.of("src/test/resources/dataflow/streaming-job.txt");

  @TempDir Path dir;

  @Test
  void theStreamingJobsStepsAndCoders_areTheOnesARunningJobCanBeUpdatedFrom() throws Exception {
    OfflineDataflow.Job job =
        OfflineDataflow.launch(
            dir, "--inputSubscription=projects/demo-project/subscriptions/tweets");
    assertThat(job.exitCode()).as(job.errors()).isZero();
    List<String> now = OfflineDataflow.describe(job.json());
    if ("true".equals(System.getenv("UPDATE_GOLDEN"))) {
      Files.write(GOLDEN, now, StandardCharsets.UTF_8);
    }
    List<String> golden = Files.readAllLines(GOLDEN, StandardCharsets.UTF_8);
    List<String> gone = new ArrayList<>(golden);
    gone.removeAll(now);
    List<String> added = new ArrayList<>(now);
    added.removeAll(golden);
    assertThat(gone.isEmpty() && added.isEmpty())
        .as(
            "The streaming job's steps or coders changed, so a running job may not update to this"
                + " build (Dataflow matches steps by name and checks each output's coder)."
                + "%n  gone from the running job's description:%n    %s"
                + "%n  new:%n    %s"
                + "%nEither keep the step names and coders; or, for renamed steps, update with"
                + " infra/12-dataflow.sh --update --transform-name-mapping OLD=NEW; or launch a new"
                + " job and drain the old one (docs/operations.md, Update the pipeline). A change meant"
                + " to break compatibility regenerates %s (UPDATE_GOLDEN=true ./mvnw -pl pipeline"
                + " test -Dtest=StreamingJobUpdateTest) in the same commit and says so in its"
                + " decision record.",
            String.join("%n    ".formatted(), gone),
            String.join("%n    ".formatted(), added),
            GOLDEN)
        .isTrue();
    // Every step of ours is in it: the description is not empty or cut short.
    assertThat(now).anyMatch(l -> l.startsWith("DeduplicateTweets/DropSeenIds "));
    assertThat(now).anyMatch(l -> l.startsWith("AggregateSentiment/AccumulatePanes "));
  }
}
