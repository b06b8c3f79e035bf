package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {

  private static Counters counters(Map<String, Long> byName) {
    Map<String, Long> keyed = new HashMap<>();
    byName.forEach((name, value) -> keyed.put(PipelineMetrics.NAMESPACE + "/" + name, value));
    return new Counters(keyed, Map.of());
  }

  @Test
  void whileReading_theTotalIsExtrapolatedFromTheMessagesRead() {
    Counters c =
        counters(
            Map.of(PipelineMetrics.MESSAGES_READ, 1_000L, PipelineMetrics.TWEETS_PARSED, 990L));

    assertThat(Progress.backfillLine(c, 4, 100_000L, new double[] {0, 0}))
        .contains("0 of ~99,000 tweets done")
        .contains("before the first score");
  }

  @Test
  void onceScoring_theTimeLeftGoesByTheRecentRate() {
    Counters c =
        counters(
            Map.of(
                PipelineMetrics.MESSAGES_READ, 100_000L,
                PipelineMetrics.TWEETS_PARSED, 100_000L,
                PipelineMetrics.TWEETS_SCORED, 38_000L,
                PipelineMetrics.DUPLICATES_DROPPED, 2_000L));

    // 20,000 tweets done in the 5 s since the previous line: 4,000 a second, 60,000 to go.
    String line = Progress.backfillLine(c, 20, 100_000L, new double[] {15, 20_000});

    assertThat(line)
        .contains("backfill  40%: 40,000 of 100,000 tweets done")
        .contains("4,000 tweets/s, about 15 s left");
  }

  @Test
  void theFirstLineAfterScoringBegins_givesNoRateYet() {
    Counters c =
        counters(
            Map.of(
                PipelineMetrics.MESSAGES_READ, 100_000L,
                PipelineMetrics.TWEETS_PARSED, 100_000L,
                PipelineMetrics.TWEETS_SCORED, 5_000L));

    assertThat(Progress.backfillLine(c, 12, 100_000L, new double[] {10, 0}))
        .endsWith("5,000 of 100,000 tweets done, scoring");
  }

  @Test
  void withoutAKnownSize_itSaysItIsReading_untilItCanEstimate() {
    Counters c = counters(Map.of(PipelineMetrics.MESSAGES_READ, 10L));

    assertThat(Progress.backfillLine(c, 2, null, new double[] {0, 0}))
        .endsWith("backfill: reading");
  }

  @Test
  void theInputSize_countsNonBlankLines_asTheReadersDo(@TempDir Path dir) throws Exception {
    byte[] text = "{}\n\n  \n{}\r\n{}".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("lines.jsonl"), text);

    assertThat(InputSize.messages(file.toString())).isEqualTo(3);
    assertThat(InputSize.messages(LocalPipeline.BUNDLED_RECORDING)).isEqualTo(533);
    assertThat(InputSize.messages("gs://bucket/tweets/**.avro")).isNull();
  }
}
