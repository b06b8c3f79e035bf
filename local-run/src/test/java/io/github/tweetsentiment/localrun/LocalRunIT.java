package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.Envelope;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.TweetMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's local job end to end, as {@code java -jar local-run/target/sentiment-pipeline.jar}
 * runs it: the DirectRunner over samples/tweets/small.jsonl with the real sentiment service started
 * in-process (the fast model), writing NDJSON. Every tweet id of the recording appears exactly
 * once, scored or in the dead letters.
 */
class LocalRunIT {

  @TempDir Path output;

  @Test
  void localJob_accountsForEveryTweetOnce_andPrintsTheSummary() throws Exception {
    Path recording = samplesDir().resolve("small.jsonl");
    String printed =
        succeeds(
            "--input=" + recording, "--outputDir=" + output, "--model=fast", "--progressSeconds=1");

    assertThat(printed)
        .contains("Starting the sentiment service in-process with model 'fast'")
        .contains("Pipeline DONE")
        .contains("tweets scored")
        .contains("dead letters");

    List<JsonNode> scored = rows("scored_tweets");
    List<JsonNode> dead = rows("dead_letter");
    List<String> accounted = new ArrayList<>();
    scored.forEach(r -> accounted.add(r.get("tweet_id").asText()));
    dead.stream()
        .filter(r -> r.hasNonNull("tweet_id"))
        .forEach(r -> accounted.add(r.get("tweet_id").asText()));
    assertThat(accounted)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(tweetIdsIn(recording));
    assertThat(dead).allSatisfy(r -> assertThat(r.get("stage").asText()).isEqualTo("parse"));
    assertThat(scored)
        .allSatisfy(
            r -> {
              assertThat(r.get("label").asText()).isIn("negative", "neutral", "positive");
              assertThat(r.get("model").asText()).isEqualTo("fast");
            });
    // The embedded model's share correction, fetched at launch, corrects every window's shares.
    assertThat(rows("sentiment_windows"))
        .filteredOn(w -> w.get("tweet_count").asLong() > 0)
        .isNotEmpty()
        .allSatisfy(
            w -> {
              double corrected =
                  w.get("corrected_negative_share").asDouble()
                      + w.get("corrected_neutral_share").asDouble()
                      + w.get("corrected_positive_share").asDouble();
              assertThat(corrected).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
              assertThat(w.get("neutral_share").asDouble())
                  .isEqualTo(w.get("neutral_count").asDouble() / w.get("tweet_count").asDouble());
            });
  }

  @Test
  void pacedReplayOfTheBundledRecording_showsEarlyOnTimeAndLatePanes_andItsTooLateTweets()
      throws Exception {
    String printed =
        succeeds(
            "--outputDir=" + output,
            "--model=fast",
            "--replaySpeed=120",
            "--maxBufferingMillis=100",
            "--progressSeconds=0");

    // The recording's three tweets 13-14 minutes behind the newest, as they would be live. Their
    // margin over the allowed lateness is a minute or two of event time, half a second at this
    // pace, so a loaded machine may keep one or two of them in; TestStream tests pin it exactly.
    assertThat(printed).containsPattern("too late for windows +[123]\\b");
    assertThat(rows("sentiment_windows"))
        .extracting(r -> r.get("pane_timing").asText())
        .contains("EARLY", "ON_TIME", "LATE");
    assertThat(rows("scored_tweets")).hasSize(510);
  }

  @Test
  void theTweetsArchive_replaysLikeTheRecordingItWasPublishedFrom() throws Exception {
    // small.jsonl as the ingest function publishes it and the archive subscription stores it.
    Path archive = output.resolve("archive/14/05_00Z_test.avro");
    Files.createDirectories(archive.getParent());
    Schema schema =
        SchemaBuilder.record("PubsubMessageWithMetadata")
            .fields()
            .requiredString("subscription_name")
            .requiredString("message_id")
            .requiredLong("publish_time")
            .name("attributes")
            .type()
            .map()
            .values()
            .stringType()
            .noDefault()
            .requiredBytes("data")
            .endRecord();
    Set<String> published = new TreeSet<>();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.create(schema, archive.toFile());
      int n = 0;
      for (String line : Files.readAllLines(samplesDir().resolve("small.jsonl"))) {
        Envelope envelope;
        try {
          envelope = TweetJson.readEnvelope(line);
        } catch (RuntimeException e) {
          continue; // The function never publishes what does not parse.
        }
        for (Tweet tweet : envelope.tweets()) {
          GenericRecord r = new GenericData.Record(schema);
          r.put("subscription_name", "projects/p/subscriptions/tweets-archive");
          r.put("message_id", Integer.toString(++n));
          r.put("publish_time", 1_764_000_000_000_000L + n);
          r.put(
              "attributes", TweetMessage.attributes(tweet, "q", TweetMessage.SOURCE_RECENT_SEARCH));
          r.put(
              "data",
              ByteBuffer.wrap(TweetMessage.payload(tweet).getBytes(StandardCharsets.UTF_8)));
          writer.append(r);
          published.add(tweet.id());
        }
      }
    }
    Path out = output.resolve("out");

    succeeds(
        "--input=" + output.resolve("archive") + "/*/*.avro",
        "--outputDir=" + out,
        "--model=fast",
        "--progressSeconds=0",
        "--viewPort=0");

    List<String> scored = OutputRows.column(out, "scored_tweets", "tweet_id");
    assertThat(scored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);

    // A backfill reads the same archive as a batch job: the same tweets, each window once.
    Path backfill = output.resolve("backfill");
    succeeds(
        "--input=" + output.resolve("archive") + "/*/*.avro",
        "--backfill=true",
        "--outputDir=" + backfill,
        "--model=fast",
        "--progressSeconds=0",
        "--viewPort=0");
    assertThat(OutputRows.column(backfill, "scored_tweets", "tweet_id"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(published);
    assertThat(OutputRows.of(backfill, "sentiment_windows"))
        .extracting(r -> r.get("window_start").asText() + "|" + r.get("query").asText())
        .doesNotHaveDuplicates();
  }

  @Test
  void aBackfill_printsItsEstimate_andWritesTheSameOutputs() throws Exception {
    // The bundled recording 40 times over, each copy with its own ids 20 minutes earlier: long
    // enough (about 20,000 tweets) for progress lines at one a second.
    List<String> recording =
        Files.readAllLines(samplesDir().resolve("recorded-tweets.jsonl"), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    for (int back = 39; back >= 0; back--) {
      for (String line : recording) {
        lines.add(back == 0 ? line : BenchmarkInputs.shifted(line, back));
      }
    }
    Path input = Files.write(output.resolve("copies.jsonl"), lines, StandardCharsets.UTF_8);
    Path out = output.resolve("out");

    String printed =
        succeeds(
            "--backfill=true",
            "--input=" + input,
            "--outputDir=" + out,
            "--model=fast",
            "--batchSize=100",
            "--progressSeconds=1",
            "--viewPort=0");

    assertThat(printed)
        .contains("copies.jsonl as a backfill")
        .containsPattern("backfill +[0-9]+%: [0-9,]+ of ~?[0-9,]+ tweets done")
        .contains("outside the range      0")
        .containsPattern("tweets scored +20,400\\b");
    List<JsonNode> windows = OutputRows.of(out, "sentiment_windows");
    assertThat(windows)
        .allSatisfy(
            w -> {
              assertThat(w.get("pane_timing").asText()).isEqualTo("ON_TIME");
              assertThat(w.get("is_final").asBoolean()).isTrue();
              assertThat(w.get("run_mode").asText()).isEqualTo("backfill");
            });
    assertThat(windows.stream().mapToLong(w -> w.get("tweet_count").asLong()).sum())
        .isEqualTo(20_400);
    assertThat(OutputRows.column(out, "scored_tweets", "tweet_id"))
        .hasSize(20_400)
        .doesNotHaveDuplicates();
    assertThat(out.resolve("report.html")).exists();
    assertThat(Files.readAllLines(out.resolve("sentiment_windows_latest.ndjson")))
        .hasSize(windows.size());
  }

  @Test
  void aGivenEndpointThatDoesNotAnswer_stopsTheRunWithinSeconds_namingTheUrlAndWhatToDo()
      throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/";
    long start = System.nanoTime();

    ConsoleRun run =
        ConsoleRun.of(
            "--sentimentEndpoint=" + url,
            "--outputDir=" + output,
            "--model=fast",
            // A refused connection is what a service still starting gives too: waited out
            // briefly.
            "--endpointWaitSeconds=2");

    assertThat(run.exit()).as(run.printed()).isEqualTo(2);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    assertThat(run.printed())
        .contains(url + "v1/models/fast")
        .contains("is not ready after waiting 2 s")
        .contains("nothing answered")
        .contains("--sentimentEndpoint")
        .doesNotContain("Pipeline");
  }

  /** Runs the local pipeline with {@code args}: it exits 0; what it printed. */
  private static String succeeds(String... args) {
    ConsoleRun run = ConsoleRun.of(args);
    assertThat(run.exit()).as(run.printed()).isZero();
    return run.printed();
  }

  /** The samples/tweets folder of the checkout (set by the build as samples.dir). */
  private static Path samplesDir() {
    return Path.of(System.getProperty("samples.dir", "../samples/tweets"));
  }

  /** The distinct tweet ids of a recording's lines that are JSON with a numeric data.id. */
  private static List<String> tweetIdsIn(Path recording) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(recording)) {
      try {
        JsonNode id = TweetJson.mapper().readTree(line).path("data").path("id");
        if (id.isTextual() && id.asText().matches("[0-9]+") && !ids.contains(id.asText())) {
          ids.add(id.asText());
        }
      } catch (IOException e) {
        // A malformed line: it has no id to account for.
      }
    }
    return ids;
  }

  private List<JsonNode> rows(String table) throws IOException {
    return OutputRows.of(output, table);
  }
}
