package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run reading Pub/Sub (the emulator) never ends by itself; a stop signal (what Ctrl-C
 * sends, here SIGTERM) cancels it, prints the summary and exits, with what was scored on disk.
 */
class StopPubsubRunIT {
  @TempDir Path dir;

  @Test
  void aStopSignal_cancelsTheRun_printsTheSummary_andExits() throws Exception {
    PubsubEmulator pubsub = PubsubEmulator.topicAndSubscription("stop");
    Instant created = Instant.now().minusSeconds(30);
    for (int i = 1; i <= 3; i++) {
      Tweet tweet = Tweet.of(Long.toString(3000 + i), "phone " + i, created.plusSeconds(i));
      pubsub.publish(
          TweetMessage.payload(tweet).getBytes(StandardCharsets.UTF_8),
          TweetMessage.attributes(tweet, "phones", TweetMessage.SOURCE_RECENT_SEARCH));
    }
    Path output = dir.resolve("out");
    Path log = dir.resolve("console.txt");
    Path jar = Path.of(System.getProperty("local.jar", "target/sentiment-pipeline.jar"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(pubsub.pipelineArgs()));
    command.addAll(
        List.of(
            "--model=fast",
            "--maxBufferingMillis=200",
            "--progressSeconds=0",
            "--outputDir=" + output));
    Process run =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Instant giveUp = Instant.now().plusSeconds(120);
      while (scoredIds(output).size() < 3 && Instant.now().isBefore(giveUp) && run.isAlive()) {
        Thread.sleep(500);
      }
      assertThat(scoredIds(output)).as(Files.readString(log)).hasSize(3);

      run.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C's SIGINT.

      assertThat(run.waitFor(90, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
    } finally {
      run.destroyForcibly();
    }
    String printed = Files.readString(log);
    assertThat(printed)
        .contains("Stopping: cancelling the pipeline")
        .contains("Pipeline CANCELLED")
        .containsPattern("tweets scored +3\\b");
    assertThat(scoredIds(output)).containsExactlyInAnyOrder("3001", "3002", "3003");
  }

  private static List<String> scoredIds(Path output) throws IOException {
    return OutputRows.column(output, "scored_tweets", "tweet_id");
  }
}
