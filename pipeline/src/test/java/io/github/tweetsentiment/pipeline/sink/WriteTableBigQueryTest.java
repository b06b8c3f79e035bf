package io.github.tweetsentiment.pipeline.sink;

import static io.github.tweetsentiment.pipeline.Fixtures.BASE_TIME;
import static io.github.tweetsentiment.pipeline.Fixtures.incoming;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.pipeline.Fixtures;
import io.github.tweetsentiment.pipeline.TestPipelineExtension;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetEvent;
import io.github.tweetsentiment.pipeline.scoring.ScoredTweetRow;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.joda.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WriteTable against Beam's fake BigQuery (the Storage Write API path, proto conversion included):
 * rows land with the schema's field names, rejected rows come back as dead letters, and rejected
 * dead letters are counted rather than looped.
 */
@ExtendWith(TestPipelineExtension.class)
class WriteTableBigQueryTest {

  private static final String PROJECT = "project-id";
  // A dataset of its own per test: BigQueryIO caches schemas and write streams per table in static
  // fields, so a table name reused by the next test would meet the last one's cached state.
  private final String dataset = "tweets_" + UUID.randomUUID().toString().replace("-", "");

  final transient TestPipeline p = TestPipeline.create();

  private final FakeDatasetService datasets = new FakeDatasetService();
  private final FakeBigQueryServices services =
      new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService());

  @BeforeEach
  void setUp() throws Exception {
    FakeDatasetService.setUp();
    p.getOptions().as(BigQueryOptions.class).setProject(PROJECT);
    p.getOptions().as(DirectOptions.class).setTargetParallelism(1);
    Fixtures.createTables(
        datasets, PROJECT, dataset, List.of(ScoredTweetRow.TABLE, DeadLetterRow.TABLE));
  }

  private SinkConfig bigQuery(BigQueryIO.Write.Method method) {
    return new SinkConfig.BigQuery(
        PROJECT, dataset, method, Duration.standardSeconds(1), 1, services);
  }

  private static ScoredTweetEvent scored(String id, String text) {
    return new ScoredTweetEvent(
        incoming(id, text, Duration.standardSeconds(5), "nimbus"),
        new Prediction(
            SentimentLabel.POSITIVE,
            0.9,
            Map.of(
                SentimentLabel.NEGATIVE,
                0.05,
                SentimentLabel.NEUTRAL,
                0.05,
                SentimentLabel.POSITIVE,
                0.9),
            "fast",
            "v1"),
        java.time.Instant.parse("2026-11-24T18:01:00Z"));
  }

  private List<TableRow> rows(String table) throws Exception {
    return datasets.getAllRows(PROJECT, dataset, table);
  }

  /** For the fake BigQuery: refuse the rows whose {@code field} is {@code value}. */
  private static Function<TableRow, Boolean> failWhen(String field, String value) {
    return (Function<TableRow, Boolean> & Serializable) row -> value.equals(row.get(field));
  }

  /** Writes scored tweets to their table with {@code method}; the rows refused come out. */
  private WriteTable<ScoredTweetEvent> writeScoredTweets(BigQueryIO.Write.Method method) {
    return WriteTable.of(
        ScoredTweetRow.TABLE,
        new ScoredTweetRow(),
        bigQuery(method),
        DeadLetter.Stage.WRITE_SCORED_TWEETS);
  }

  /** Writes {@code tweets} at least once (the default method); the rows refused come out. */
  private PCollection<DeadLetter> writeAtLeastOnce(ScoredTweetEvent... tweets) {
    return p.apply(
            Create.of(List.of(tweets)).withCoder(ScoredTweetEvent.ScoredTweetEventCoder.of()))
        .apply(writeScoredTweets(BigQueryIO.Write.Method.STORAGE_API_AT_LEAST_ONCE));
  }

  @Test
  void atLeastOnce_writesRowsWithTheSchemasFieldNames() throws Exception {
    PCollection<DeadLetter> rejected =
        writeAtLeastOnce(scored("1", "good phone"), scored("2", "nice camera"));

    PAssert.that(rejected).empty();
    p.run().waitUntilFinish();

    List<TableRow> rows = rows(ScoredTweetRow.TABLE);
    assertThat(rows).extracting(r -> r.get("tweet_id")).containsExactlyInAnyOrder("1", "2");
    TableRow first = rows.stream().filter(r -> "1".equals(r.get("tweet_id"))).findFirst().get();
    assertThat(first.get("label")).isEqualTo("positive");
    assertThat(first.get("query")).isEqualTo("nimbus");
    assertThat(first.get("model_version")).isEqualTo("v1");
    assertThat(first.keySet())
        .isSubsetOf(
            TableSchemas.load("scored_tweets").getFields().stream()
                .map(TableFieldSchema::getName)
                .toList());
  }

  @Test
  void exactlyOnce_onAStream_writesEveryRowOnce() throws Exception {
    TestStream<ScoredTweetEvent> events =
        TestStream.create(ScoredTweetEvent.ScoredTweetEventCoder.of())
            .advanceWatermarkTo(BASE_TIME)
            .addElements(scored("1", "good phone"), scored("2", "nice camera"))
            .advanceProcessingTime(Duration.standardSeconds(5))
            .addElements(scored("3", "great screen"))
            .advanceWatermarkToInfinity();

    p.apply(events).apply(writeScoredTweets(BigQueryIO.Write.Method.STORAGE_WRITE_API));
    p.run().waitUntilFinish();

    assertThat(rows(ScoredTweetRow.TABLE))
        .extracting(r -> r.get("tweet_id"))
        .containsExactlyInAnyOrder("1", "2", "3");
  }

  @Test
  void rejectedRow_becomesADeadLetterOfTheWriteStage() throws Exception {
    datasets.setShouldFailRow(failWhen("text", "rejected by bigquery"));

    PCollection<DeadLetter> rejected =
        writeAtLeastOnce(scored("1", "good phone"), scored("2", "rejected by bigquery"));

    PAssert.that(rejected)
        .satisfies(
            Fixtures.onlyDeadLetter(
                DeadLetter.Stage.WRITE_SCORED_TWEETS,
                "bigquery_insert_error",
                "2",
                d -> {
                  assertThat(d.errorMessage()).contains("scored_tweets");
                  assertThat(d.payloadString()).contains("rejected by bigquery");
                }));
    p.run().waitUntilFinish();

    assertThat(rows(ScoredTweetRow.TABLE)).extracting(r -> r.get("tweet_id")).containsExactly("1");
  }

  @Test
  void deadLetterRows_areWrittenAsTheDeadLetterSchemaSays_andRejectedOnesAreCounted()
      throws Exception {
    RawMessage bad = RawMessage.fromRecording("{\"data\": {\"id\": \"9\"", "rec.jsonl", 3);
    DeadLetter written =
        DeadLetter.of(DeadLetter.Stage.PARSE, new IllegalArgumentException("truncated"), bad, "9");
    DeadLetter refused =
        DeadLetter.of(DeadLetter.Stage.PARSE, "bad_attribute", "no tweet_id", bad, null)
            .withPayload("refuse me");
    datasets.setShouldFailRow(failWhen("payload_string", "refuse me"));

    PCollection<DeadLetter> all =
        PCollectionList.of(
                p.apply(Create.of(written, refused).withCoder(DeadLetter.DeadLetterCoder.of())))
            .apply(
                new WriteDeadLetters(bigQuery(BigQueryIO.Write.Method.STORAGE_API_AT_LEAST_ONCE)));

    // A dead letter the table refuses is logged and counted, not fed back into it.
    PAssert.that(all).containsInAnyOrder(written, refused);
    PipelineResult result = p.run();
    result.waitUntilFinish();

    List<TableRow> rows = rows(DeadLetterRow.TABLE);
    assertThat(rows).hasSize(1);
    TableRow row = rows.get(0);
    assertThat(row.get("stage")).isEqualTo("parse");
    assertThat(row.get("tweet_id")).isEqualTo("9");
    assertThat(row.get("payload_string")).isEqualTo("{\"data\": {\"id\": \"9\"");
    assertThat(attributes(row)).containsEntry("file", "rec.jsonl").containsEntry("line", "3");
    long failures = Fixtures.counter(result, PipelineMetrics.DEAD_LETTER_WRITE_FAILURES);
    assertThat(failures).isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> attributes(TableRow row) {
    return ((List<Map<Object, Object>>) row.get("attributes"))
        .stream().collect(Collectors.toMap(a -> a.get("key"), a -> a.get("value")));
  }
}
