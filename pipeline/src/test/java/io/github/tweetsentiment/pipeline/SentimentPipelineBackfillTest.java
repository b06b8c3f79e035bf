package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.read.ArchiveFixture;
import io.github.tweetsentiment.pipeline.scoring.KeywordModel;
import io.github.tweetsentiment.pipeline.sink.LocalTableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockWebServer;
import org.apache.beam.sdk.PipelineResult;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill ({@code --backfill=true}) end to end on the DirectRunner, against a real HTTP
 * endpoint scripted to label by keyword, writing NDJSON: its windows are the streaming job's final
 * panes, every line is scored once or dead-lettered, duplicates go however far apart, and the
 * created_at range keeps whole windows.
 */
class SentimentPipelineBackfillTest {

  @TempDir Path dir;
  private MockWebServer endpoint;

  @BeforeEach
  void startEndpoint() throws IOException {
    endpoint = new MockWebServer();
    endpoint.setDispatcher(KeywordModel.dispatcher(KeywordModel::predictions));
    endpoint.start();
  }

  @AfterEach
  void stopEndpoint() throws IOException {
    endpoint.close();
  }

  @Test
  void backfillWindows_equalTheStreamingJobsFinalPanes_onTheSameOnTimeInput() throws Exception {
    Path input = onTime(Fixtures.samplesDir().resolve("recorded-tweets.jsonl"));

    // Paced, so that the streaming job fires early panes before the final ones.
    run("streaming", "--input=" + input, "--replaySpeed=200");
    run("backfill", "--input=" + input, "--backfill=true");

    List<JsonNode> streamingRows = rows("streaming", "sentiment_windows");
    List<JsonNode> backfillRows = rows("backfill", "sentiment_windows");
    Map<String, JsonNode> finalPanes = new HashMap<>();
    for (JsonNode row : streamingRows) {
      finalPanes.merge(
          windowKey(row),
          row,
          (a, b) -> a.get("pane_index").asLong() >= b.get("pane_index").asLong() ? a : b);
    }
    // The streaming job fired early and late panes too; the backfill one row per window, final.
    assertThat(streamingRows.size()).isGreaterThan(finalPanes.size());
    assertThat(backfillRows).hasSize(finalPanes.size());
    for (JsonNode row : backfillRows) {
      JsonNode expected = finalPanes.get(windowKey(row));
      assertThat(expected).as("streaming pane of %s", windowKey(row)).isNotNull();
      for (String field :
          List.of(
              "window_end", "tweet_count", "negative_count", "neutral_count", "positive_count")) {
        assertThat(row.get(field))
            .as("%s of %s", field, windowKey(row))
            .isEqualTo(expected.get(field));
      }
      for (String field :
          List.of(
              "mean_score", "mean_polarity", "negative_share", "neutral_share", "positive_share")) {
        assertThat(row.get(field).asDouble())
            .as("%s of %s", field, windowKey(row))
            .isCloseTo(expected.get(field).asDouble(), org.assertj.core.data.Offset.offset(1e-9));
      }
      assertThat(row.get("pane_timing").asText()).isEqualTo("ON_TIME");
      assertThat(row.get("pane_index").asLong()).isZero();
      assertThat(row.get("is_final").asBoolean()).isTrue();
      assertThat(row.get("run_mode").asText()).isEqualTo("backfill");
      assertThat(row.get("model_version").asText()).isEqualTo("test-1");
    }
    assertThat(streamingRows)
        .allSatisfy(r -> assertThat(r.get("run_mode").asText()).isEqualTo("streaming"));
  }

  @Test
  void everyLine_isScoredOnceOrDeadLettered_andTheCountsAddUp() throws Exception {
    Path input = Fixtures.samplesDir().resolve("recorded-tweets.jsonl");

    PipelineResult result = run("backfill", "--input=" + input, "--backfill=true");

    List<String> scoredIds = new ArrayList<>();
    rows("backfill", "scored_tweets").forEach(r -> scoredIds.add(r.get("tweet_id").asText()));
    assertThat(scoredIds).doesNotHaveDuplicates();
    Set<Long> deadLines = new HashSet<>();
    for (JsonNode d : rows("backfill", "dead_letter")) {
      deadLines.add(Long.parseLong(attribute(d, "line")));
    }
    List<String> lines = Files.readAllLines(input);
    long nonBlank = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      nonBlank++;
      long number = i + 1;
      List<String> ids = tweetIds(lines.get(i));
      if (!deadLines.contains(number)) {
        assertThat(ids).as("line %d", number).isNotEmpty();
        assertThat(scoredIds).as("line %d", number).containsAll(ids);
      }
    }
    assertThat(Fixtures.counter(result, PipelineMetrics.MESSAGES_READ)).isEqualTo(nonBlank);
    assertThat(
            scoredIds.size()
                + deadLines.size()
                + Fixtures.counter(result, PipelineMetrics.DUPLICATES_DROPPED))
        .isEqualTo(nonBlank);
    long windowed =
        rows("backfill", "sentiment_windows").stream()
            .mapToLong(r -> r.get("tweet_count").asLong())
            .sum();
    assertThat(windowed).isEqualTo(scoredIds.size());
  }

  @Test
  void aDamagedArchiveFile_isReadUpToTheDamage_andItsRestIsOneDeadLetter() throws Exception {
    Path archive = Files.createDirectories(dir.resolve("archive"));
    ArchiveFixture.write(
        archive.resolve("a-whole.avro"), true, archiveTweet(1), archiveTweet(2), archiveTweet(3));
    Path cut =
        ArchiveFixture.write(
            archive.resolve("b-cut.avro"),
            true,
            archiveTweet(11),
            archiveTweet(12),
            archiveTweet(13));
    ArchiveFixture.truncate(cut, ArchiveFixture.blockEnds(cut).get(2) - 10);
    Path junk = Files.writeString(archive.resolve("c-junk.avro"), "not avro\n");

    PipelineResult result =
        run("damaged", "--input=" + archive.resolve("*.avro"), "--backfill=true");

    assertThat(rows("damaged", "scored_tweets"))
        .extracting(r -> r.get("tweet_id").asText())
        .containsExactlyInAnyOrder("1", "2", "3", "11", "12");
    Map<String, JsonNode> deadByFile = new HashMap<>();
    for (JsonNode d : rows("damaged", "dead_letter")) {
      assertThat(d.get("stage").asText()).isEqualTo("read");
      assertThat(d.get("payload_size").asInt()).isZero();
      deadByFile.put(attribute(d, "file"), d);
    }
    assertThat(deadByFile).containsOnlyKeys(cut.toString(), junk.toString());
    assertThat(attribute(deadByFile.get(cut.toString()), "records_read")).isEqualTo("2");
    assertThat(deadByFile.get(cut.toString()).get("error_message").asText())
        .contains("ends inside a block");
    assertThat(attribute(deadByFile.get(junk.toString()), "records_read")).isEqualTo("0");
    assertThat(deadByFile.get(junk.toString()).get("error_message").asText())
        .contains("is not an Avro data file");
    assertThat(Fixtures.counter(result, PipelineMetrics.DEAD_LETTERS)).isEqualTo(2);
  }

  private static String archiveTweet(int id) {
    return Fixtures.envelope(
        Integer.toString(id), "tweet " + id, org.joda.time.Duration.standardSeconds(id));
  }

  @Test
  void aDuplicateIsDroppedHoweverFarApart_keepingTheFirstCopy() throws Exception {
    // One tweet, then five hours of others (past any dedup horizon), then the tweet again as
    // another query found it.
    List<String> lines = new ArrayList<>();
    lines.add(line("1000000000000000001", "a good start", "2026-11-24T10:00:05Z", "first"));
    for (int h = 1; h <= 5; h++) {
      lines.add(
          line("100000000000000010" + h, "bad news", "2026-11-24T1" + h + ":00:00Z", "other"));
    }
    lines.add(line("1000000000000000001", "a good start", "2026-11-24T10:00:05Z", "second"));
    Path input = Files.write(dir.resolve("far-apart.jsonl"), lines);

    PipelineResult result =
        run("backfill", "--input=" + input, "--backfill=true", "--dedupHorizonMinutes=1");

    List<JsonNode> scored = rows("backfill", "scored_tweets");
    assertThat(scored).hasSize(6);
    assertThat(Fixtures.counter(result, PipelineMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
    assertThat(
            scored.stream()
                .filter(r -> r.get("tweet_id").asText().equals("1000000000000000001"))
                .map(r -> r.get("query").asText()))
        .containsExactly("first");
  }

  @Test
  void theRange_leavesOutTweetsCreatedOutsideIt_soItsWindowsAreWhole() throws Exception {
    Path input =
        Files.write(
            dir.resolve("range.jsonl"),
            List.of(
                line("1000000000000000001", "good", "2026-11-24T09:59:59Z", "q"),
                line("1000000000000000002", "good", "2026-11-24T10:00:00Z", "q"),
                line("1000000000000000003", "bad", "2026-11-24T10:01:59Z", "q"),
                line("1000000000000000004", "bad", "2026-11-24T10:02:00Z", "q")));

    PipelineResult result =
        run(
            "backfill",
            "--input=" + input,
            "--backfill=true",
            "--backfillFrom=2026-11-24T10:00:00Z",
            "--backfillTo=2026-11-24T10:02:00Z");

    assertThat(rows("backfill", "scored_tweets"))
        .extracting(r -> r.get("tweet_id").asText())
        .containsExactlyInAnyOrder("1000000000000000002", "1000000000000000003");
    assertThat(Fixtures.counter(result, PipelineMetrics.TWEETS_OUT_OF_RANGE)).isEqualTo(2);
    assertThat(rows("backfill", "sentiment_windows"))
        .extracting(r -> r.get("window_start").asText() + " " + r.get("tweet_count").asLong())
        .containsExactlyInAnyOrder("2026-11-24T10:00:00Z 1", "2026-11-24T10:01:00Z 1");
  }

  @Test
  void severalPatterns_readEveryFileOnce_andNoneMatching_isAnErrorNamingTheOption()
      throws Exception {
    Files.createDirectories(dir.resolve("day1"));
    Files.createDirectories(dir.resolve("day2"));
    Files.write(
        dir.resolve("day1/a.jsonl"),
        List.of(line("1000000000000000001", "good", "2026-11-24T10:00:00Z", "q")));
    Files.write(
        dir.resolve("day2/b.jsonl"),
        List.of(line("1000000000000000002", "bad", "2026-11-25T10:00:00Z", "q")));
    String spec =
        dir.resolve("day1") + "/*.jsonl," + dir.resolve("day2") + "/*," + dir + "/day3/*.jsonl";

    run("backfill", "--input=" + spec, "--backfill=true");

    assertThat(rows("backfill", "scored_tweets"))
        .extracting(r -> r.get("tweet_id").asText())
        .containsExactlyInAnyOrder("1000000000000000001", "1000000000000000002");
    assertThatThrownBy(() -> run("none", "--input=" + dir + "/day3/*.jsonl", "--backfill=true"))
        .hasMessageContaining("matches no file");
  }

  @Test
  void options_thatContradictABackfill_areErrorsThatSayWhatToFix() {
    refused("--backfill=true", "--inputSubscription=projects/my-project/subscriptions/tweets")
        .hasMessageContaining("a backfill reads files, not Pub/Sub");
    refused("--backfill=true", "--input=x.jsonl", "--replaySpeed=10")
        .hasMessageContaining("--replaySpeed paces a streaming replay");
    refused(
            "--backfill=true",
            "--input=x.jsonl",
            "--project=p",
            "--outputDataset=tweets",
            "--tempLocation=gs://b/temp")
        .hasMessageContaining("needs --backfillFrom and --backfillTo");
    refused(
            "--backfill=true",
            "--input=x.jsonl",
            "--project=p",
            "--outputDataset=tweets",
            "--backfillFrom=2026-11-01",
            "--backfillTo=2026-11-02")
        .hasMessageContaining("pass --tempLocation=gs://BUCKET/temp");
    refused("--backfill=true", "--input=x.jsonl", "--backfillFrom=2026-11-01T00:00:30Z")
        .hasMessageContaining("on window boundaries")
        .hasMessageContaining("2026-11-01T00:00:00Z to 2026-11-01T00:01:00Z");
    refused(
            "--backfill=true",
            "--input=x.jsonl",
            "--backfillFrom=2026-11-02",
            "--backfillTo=2026-11-01")
        .hasMessageContaining("must be before --backfillTo");
    refused("--backfill=true", "--input=x.jsonl", "--backfillFrom=November")
        .hasMessageContaining("--backfillFrom must be an RFC 3339 instant");
    refused("--input=x.jsonl", "--backfillFrom=2026-11-01")
        .hasMessageContaining("add --backfill=true");
    // A date is midnight UTC, and a whole day is on every window boundary.
    validate(
        "--backfill=true",
        "--input=x.jsonl",
        "--project=p",
        "--outputDataset=tweets",
        "--tempLocation=gs://b/temp",
        "--backfillFrom=2026-11-01",
        "--backfillTo=2026-11-08T00:00:00+00:00",
        "--windowMinutes=5");
  }

  @Test
  void onDataflow_theBackfillIsTheSameStory_ofBatchSteps() {
    SentimentOptions o =
        Fixtures.options(
            "--runner=DataflowRunner",
            "--project=my-project",
            "--region=europe-west1",
            "--tempLocation=gs://bucket/temp",
            "--backfill=true",
            "--input=gs://archive/tweets/2026/11/01/**,gs://archive/tweets/2026/11/02/**",
            "--backfillFrom=2026-11-01",
            "--backfillTo=2026-11-02",
            "--outputDataset=tweet_sentiment",
            "--sentimentEndpoint=https://sentiment-xyz.a.run.app");
    PipelineConfig.from(o);
    // The graph does not depend on the runner; the DataflowRunner itself would reach for GCS.
    o.setRunner(org.apache.beam.runners.direct.DirectRunner.class);
    org.apache.beam.sdk.Pipeline pipeline = org.apache.beam.sdk.Pipeline.create(o);

    SentimentPipeline.build(pipeline, PipelineConfig.from(o));

    List<String> topLevel = Fixtures.stepNames(pipeline, true);
    List<String> inside = Fixtures.stepNames(pipeline, false);
    // The streaming job's steps, by name (the files it could not read are dead letters of
    // ReadTweets); inside them, the batch versions and load jobs.
    assertThat(topLevel).containsExactlyElementsOf(SentimentPipelineTest.STEPS);
    assertThat(inside)
        .contains(
            "ReadTweets/ReadFiles",
            "DeduplicateTweets/GroupByDayAndShard",
            "ScoreSentiment/BatchPerBundle",
            "AggregateSentiment/GroupByQueryAndDay",
            "WriteScoredTweets/WriteToBigQuery/BatchLoads");
  }

  /** Parses {@code args} (with an endpoint) and builds the config from them. */
  private static void validate(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--sentimentEndpoint=http://localhost:1");
    PipelineConfig.from(Fixtures.options(all.toArray(String[]::new)));
  }

  /** What parsing {@code args} or building the config from them fails with. */
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(String... args) {
    return assertThatThrownBy(() -> validate(args));
  }

  private PipelineResult run(String name, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--sentimentEndpoint=" + endpoint.url("/"));
    all.add("--outputDir=" + dir.resolve(name));
    all.add("--batchSize=8");
    all.add("--maxBufferingMillis=200");
    SentimentOptions options = Fixtures.options(all.toArray(String[]::new));
    PipelineResult result = SentimentPipeline.run(options, PipelineConfig.from(options));
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    return result;
  }

  /** The recording with its lines in created_at order: nothing is late, not even by a second. */
  private Path onTime(Path recording) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(recording));
    lines.removeIf(String::isBlank);
    lines.sort(Comparator.comparing(SentimentPipelineBackfillTest::earliestCreatedAt));
    return Files.write(dir.resolve("on-time.jsonl"), lines);
  }

  private static Instant earliestCreatedAt(String line) {
    try {
      return TweetJson.readEnvelope(line).tweets().stream()
          .map(Tweet::createdAt)
          .filter(t -> t != null)
          .min(Comparator.naturalOrder())
          .orElse(Instant.MAX);
    } catch (RuntimeException e) {
      return Instant.MAX; // Malformed: dead-lettered wherever it is.
    }
  }

  private static List<String> tweetIds(String line) {
    try {
      return TweetJson.readEnvelope(line).tweets().stream().map(Tweet::id).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static String line(String id, String text, String createdAt, String query) {
    return String.format(
        "{\"data\":{\"id\":\"%s\",\"text\":\"%s\",\"created_at\":\"%s\"},"
            + "\"matching_rules\":[{\"id\":\"1\",\"tag\":\"%s\"}]}",
        id, text, createdAt, query);
  }

  private static String windowKey(JsonNode row) {
    return row.get("window_start").asText() + "|" + row.get("query").asText();
  }

  private static String attribute(JsonNode deadLetter, String key) {
    JsonNode attributes = deadLetter.get("attributes");
    for (JsonNode a : attributes) {
      if (a.get("key").asText().equals(key)) {
        return a.get("value").asText();
      }
    }
    throw new AssertionError("no attribute " + key + " in " + deadLetter);
  }

  private List<JsonNode> rows(String name, String table) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : LocalTableFiles.wholeLines(dir.resolve(name), table)) {
      rows.add(TweetJson.mapper().readTree(line));
    }
    return rows;
  }
}
