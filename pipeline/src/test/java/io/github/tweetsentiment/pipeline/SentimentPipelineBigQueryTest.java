package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.scoring.KeywordModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline, as {@code run()} builds it, over samples/tweets/small.jsonl: a real HTTP
 * endpoint scripted to label by keyword, and Beam's fake BigQuery behind the Storage Write API.
 * Every tweet id of the recording ends up exactly once, scored or dead-lettered.
 */
public class SentimentPipelineBigQueryTest {

  private static final String PROJECT = "project-id";
  private static final Path RECORDING = Fixtures.samplesDir().resolve("small.jsonl");
  // A dataset of its own per test: BigQueryIO caches schemas and write streams per table in static
  // fields, so a table name reused by the next test would meet the last one's cached state.
  private final String dataset = "tweets_" + UUID.randomUUID().toString().replace("-", "");

  private final FakeDatasetService datasets = new FakeDatasetService();
  private final FakeBigQueryServices services =
      new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService());
  private MockWebServer endpoint;

  @BeforeEach
  public void setUp() throws Exception {
    FakeDatasetService.setUp();
    Fixtures.createTables(
        datasets, PROJECT, dataset, List.of("scored_tweets", "sentiment_windows", "dead_letter"));
    endpoint = new MockWebServer();
    endpoint.setDispatcher(KeywordModel.dispatcher(KeywordModel::predictions));
    endpoint.start();
  }

  @AfterEach
  public void tearDown() throws Exception {
    endpoint.close();
  }

  @Test
  public void everyTweetOfTheRecording_isScoredOrDeadLetteredExactlyOnce() throws Exception {
    PipelineResult result = run("--input=" + RECORDING, "--maxBufferingMillis=200");

    List<String> scoredIds = column("scored_tweets", "tweet_id");
    List<String> deadIds = column("dead_letter", "tweet_id");
    List<String> accounted = new ArrayList<>(scoredIds);
    deadIds.stream().filter(id -> id != null).forEach(accounted::add);
    assertThat(accounted)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(Fixtures.tweetIdsIn(RECORDING));
    // Lines with no readable id (truncated JSON, a log line) are dead letters too.
    assertThat(Fixtures.counter(result, PipelineMetrics.MESSAGES_READ)).isEqualTo(lines());
    assertEveryLineAccountedFor(result, scoredIds.size());

    // The current row of each window (its highest pane) counts only scored tweets.
    Map<String, TableRow> latest = new HashMap<>();
    for (TableRow row : datasets.getAllRows(PROJECT, dataset, "sentiment_windows")) {
      String key = row.get("window_start") + "|" + row.get("query");
      TableRow seen = latest.get(key);
      if (seen == null || paneIndex(row) > paneIndex(seen)) {
        latest.put(key, row);
      }
    }
    long windowed =
        latest.values().stream()
            .mapToLong(r -> Long.parseLong(r.get("tweet_count").toString()))
            .sum();
    assertThat(windowed).isPositive().isLessThanOrEqualTo(scoredIds.size());
  }

  @Test
  public void aBackfill_loadsOneFinalRowPerWindow_markedWithItsRun() throws Exception {
    Path temp = Files.createTempDirectory("bigquery-loads");
    PipelineResult result =
        run(
            "--input=" + RECORDING,
            "--backfill=true",
            "--backfillFrom=2020-01-01",
            "--backfillTo=2030-01-01",
            "--jobName=backfill-test",
            "--tempLocation=" + temp);

    List<TableRow> scored = datasets.getAllRows(PROJECT, dataset, "scored_tweets");
    assertThat(scored).isNotEmpty();
    assertThat(scored)
        .extracting(r -> r.get("run_id") + " " + r.get("run_mode"))
        .containsOnly("backfill-test backfill");
    List<TableRow> windows = datasets.getAllRows(PROJECT, dataset, "sentiment_windows");
    assertThat(windows)
        .extracting(r -> r.get("window_start") + "|" + r.get("query"))
        .doesNotHaveDuplicates();
    assertThat(windows)
        .allSatisfy(
            r -> {
              assertThat(r.get("pane_timing")).isEqualTo("ON_TIME");
              assertThat(r.get("is_final")).isEqualTo(true);
              assertThat(r.get("run_mode")).isEqualTo("backfill");
            });
    assertThat(
            windows.stream().mapToLong(r -> Long.parseLong(r.get("tweet_count").toString())).sum())
        .isEqualTo(scored.size());
    assertEveryLineAccountedFor(result, scored.size());
  }

  /**
   * Runs the pipeline as {@code run()} builds it with {@code args}, scored by the endpoint and
   * written to this test's dataset of the fake BigQuery, to the end.
   */
  private PipelineResult run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--sentimentEndpoint=" + endpoint.url("/"));
    all.add("--project=" + PROJECT);
    all.add("--outputDataset=" + dataset);
    all.add("--batchSize=8");
    SentimentOptions options = Fixtures.options(all.toArray(String[]::new));
    PipelineResult result =
        SentimentPipeline.run(options, PipelineConfig.from(options, LaunchDefaults.NONE, services));
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    return result;
  }

  /** The recording's lines that are not blank: each one message read. */
  private static long lines() throws IOException {
    return Files.readAllLines(RECORDING).stream().filter(l -> !l.isBlank()).count();
  }

  /** Each line read became a scored tweet, a dead letter or a dropped duplicate. */
  private void assertEveryLineAccountedFor(PipelineResult result, long scored) throws Exception {
    assertThat(
            scored
                + column("dead_letter", "stage").size()
                + Fixtures.counter(result, PipelineMetrics.DUPLICATES_DROPPED))
        .isEqualTo(lines());
  }

  private static long paneIndex(TableRow row) {
    return Long.parseLong(row.get("pane_index").toString());
  }

  private List<String> column(String table, String field) throws Exception {
    return datasets.getAllRows(PROJECT, dataset, table).stream()
        .map(r -> r.get(field) == null ? null : r.get(field).toString())
        .collect(Collectors.toList());
  }
}
