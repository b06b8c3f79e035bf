package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs the real DataflowRunner writes for this pipeline, offline, through {@code main}'s path
 * as a Flex Template launch takes it ({@link OfflineDataflow}): what Dataflow would be sent.
 */
class DataflowJobTest {

  @TempDir Path dir;

  private static final String SUBSCRIPTION = "projects/demo-project/subscriptions/tweets";

  /** Coder kinds and classes a PCollection of ours may use: deterministic, none Java-serialized. */
  private static final Pattern ALLOWED_CODER =
      Pattern.compile(
          "kind:(windowed_value|global_window|interval_window|pair|stream|length_prefix|varint)"
              + "|org\\.apache\\.beam\\.sdk\\.coders\\.(VarIntCoder|VarLongCoder|StringUtf8Coder|VoidCoder"
              + "|ListCoder|KvCoder|InstantCoder|BooleanCoder|NullableCoder|IterableCoder)"
              + "|org\\.apache\\.beam\\.sdk\\.coders\\.CustomCoder<io\\.github\\.tweetsentiment\\.[^>]+>"
              + "|org\\.apache\\.beam\\.sdk\\.transforms\\.windowing\\.IntervalWindow\\$IntervalWindowCoder");

  /** The steps that keep keyed state: deduplication, batching for the service, pane totals. */
  private static final List<String> STATEFUL_STEPS =
      List.of(
          "DeduplicateTweets/DropSeenIds",
          "ScoreSentiment/BatchTweets/FillBatches",
          "AggregateSentiment/AccumulatePanes");

  private static final Pattern CODER_NAME = Pattern.compile("[^\\[\\], ]+(<[^>]*>)?");

  @Test
  void theStreamingJob_fromTheSubscription_asTheDeployScriptLaunchesIt() throws Exception {
    OfflineDataflow.Job job = OfflineDataflow.launch(dir, "--inputSubscription=" + SUBSCRIPTION);

    assertWritten(job, "JOB_TYPE_STREAMING");
    assertThat(job.json().path("name").asText()).isEqualTo("tweet-sentiment");

    // Read from the subscription, with no timestamp attribute.
    JsonNode read = pubsubRead(job);
    assertThat(read.path("pubsub_subscription").path("value").asText())
        .isEqualTo("/subscriptions/demo-project/tweets");
    assertThat(read.has("pubsub_timestamp_label")).isFalse();

    // The stateful steps keep keyed state; Streaming Engine on, Runner v2 off (SetState).
    for (String stateful : STATEFUL_STEPS) {
      assertThat(
              job.step(stateful).path("properties").path("uses_keyed_state").path("value").asText())
          .as(stateful)
          .isEqualTo("true");
    }
    assertThat(job.experiments())
        .contains("enable_streaming_engine", "disable_runner_v2")
        .doesNotContain("use_runner_v2", "use_unified_worker");

    // At-least-once Storage Write API, the default: the cheaper "inconsistent" writes.
    assertThat(job.steps().keySet())
        .anyMatch(
            st ->
                st.startsWith("WriteScoredTweets/") && st.contains("StorageApiWriteInconsistent"));
    assertOurCodersOnly(job);
    assertStaged(job);
    assertStagedPipeline(job);
    // Dataflow refuses a job request over 10 MB.
    assertThat(Files.size(job.file())).isLessThan(10L << 20);
    // The launch names the job and where to watch it, and never asks a template job its state.
    assertThat(job.printed())
        .contains("tweet-sentiment", "job.json")
        .contains(
            "https://console.cloud.google.com/dataflow/jobs/europe-west1?project=demo-project");
  }

  @Test
  void theStreamingJob_withExactlyOnceWrites_fromATopic_withoutStreamingEngineAsked()
      throws Exception {
    OfflineDataflow.Job job =
        OfflineDataflow.launch(
            dir,
            "--inputTopic=projects/demo-project/topics/tweets",
            "--bigQueryWriteMethod=STORAGE_WRITE_API");

    assertWritten(job, "JOB_TYPE_STREAMING");
    assertThat(pubsubRead(job).path("pubsub_topic").path("value").asText())
        .isEqualTo("/topics/demo-project/tweets");
    // Exactly-once Storage Write API: no at-least-once ("inconsistent") writes.
    assertThat(job.steps().keySet())
        .anyMatch(st -> st.startsWith("WriteScoredTweets/WriteToBigQuery/StorageApiLoads/"))
        .noneMatch(st -> st.contains("StorageApiWriteInconsistent"));
    // Streaming Engine is turned on though not asked for: the job's SetState needs it.
    assertThat(job.experiments()).contains("enable_streaming_engine", "disable_runner_v2");
    assertOurCodersOnly(job);
    assertStaged(job);
  }

  @Test
  void theBackfill_isABatchJobReadingFilesOnce() throws Exception {
    OfflineDataflow.Job job =
        OfflineDataflow.launch(
            dir,
            "--backfill=true",
            "--input=gs://demo-archive/tweets/2026/11/01/**",
            "--backfillFrom=2026-11-01",
            "--backfillTo=2026-11-02");

    // The same steps: the damaged archive files that only files read once can have are dead
    // letters of ReadTweets.
    assertWritten(job, "JOB_TYPE_BATCH");
    assertThat(job.steps().keySet())
        .anyMatch(s -> s.startsWith("ReadTweets/ReadFiles/"))
        .noneMatch(s -> s.contains("Pubsub"));
    // The batch job is left to Dataflow's default runner: it keeps no SetState.
    assertThat(job.experiments()).doesNotContain("disable_runner_v2");
    assertStaged(job);
  }

  @Test
  void runnerV2_isRefusedForTheStreamingJob_sayingWhy() throws Exception {
    OfflineDataflow.Job job =
        OfflineDataflow.launch(
            dir, "--inputSubscription=" + SUBSCRIPTION, "--experiments=use_runner_v2");

    assertThat(job.exitCode()).isEqualTo(2);
    assertThat(job.errors()).contains("use_runner_v2", "SetState", "leave it out");
    assertThat(Files.exists(job.file())).as("no job written").isFalse();
  }

  @Test
  void aLaunchWithoutTheDataflowRunner_isRefused() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DataflowLaunch.launch(
            new String[] {
              "--runner=DirectRunner", "--inputSubscription=" + SUBSCRIPTION, "--outputDataset=t"
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            null);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--runner=DataflowRunner", "local-run");
  }

  /** The launch succeeded and wrote a job of {@code type} with the pipeline's top-level steps. */
  private static void assertWritten(OfflineDataflow.Job job, String type) {
    assertThat(job.exitCode()).as(job.errors()).isZero();
    assertThat(job.json().path("type").asText()).isEqualTo(type);
    assertTopLevelSteps(job, SentimentPipelineTest.STEPS);
  }

  /**
   * The properties of the streaming job's Pub/Sub read, checked to name tweet_id as the id label:
   * Pub/Sub drops a message published twice with the same tweet_id.
   */
  private static JsonNode pubsubRead(OfflineDataflow.Job job) {
    JsonNode read = job.step("ReadTweets/ReadPubsub/PubsubUnboundedSource").path("properties");
    assertThat(read.path("pubsub_id_label").path("value").asText()).isEqualTo("tweet_id");
    return read;
  }

  private static void assertTopLevelSteps(OfflineDataflow.Job job, List<String> expected) {
    List<String> topLevel = new ArrayList<>();
    for (String step : job.steps().keySet()) {
      String top = step.contains("/") ? step.substring(0, step.indexOf('/')) : step;
      if (!topLevel.contains(top)) {
        topLevel.add(top);
      }
    }
    assertThat(topLevel).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * Every output of a step running our code is encoded with our coders and Beam's deterministic
   * ones: nothing Java-serialized, which would be slow and break on any change to a class.
   */
  private static void assertOurCodersOnly(OfflineDataflow.Job job) {
    List<String> ours = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : job.steps().entrySet()) {
      String fn = e.getValue().path("properties").path("user_fn").path("value").asText("");
      if (!fn.startsWith("io.github.tweetsentiment.")) {
        continue;
      }
      for (String line : OfflineDataflow.describeStep(e.getValue())) {
        ours.add(line);
        String tree = line.substring(line.indexOf(": ") + 2);
        Matcher m = CODER_NAME.matcher(tree);
        while (m.find()) {
          assertThat(m.group()).as(line).matches(ALLOWED_CODER);
        }
      }
    }
    assertThat(ours).as("steps running our code").hasSizeGreaterThan(10);
    assertThat(String.join("\n", OfflineDataflow.describe(job.json())))
        .doesNotContain("SerializableCoder");
  }

  /**
   * The staged pipeline proto holds the same graph: our stateful steps, and no Java-serialized
   * coder ({@code SerializableCoder}) among its coders.
   */
  private static void assertStagedPipeline(OfflineDataflow.Job job) throws Exception {
    Path proto =
        job.staged().stream()
            .filter(p -> p.getFileName().toString().endsWith(".pb"))
            .findFirst()
            .orElseThrow();
    RunnerApi.Pipeline pipeline = RunnerApi.Pipeline.parseFrom(Files.readAllBytes(proto));
    List<String> names = new ArrayList<>();
    pipeline.getComponents().getTransformsMap().values().forEach(t -> names.add(t.getUniqueName()));
    assertThat(names).containsAll(STATEFUL_STEPS);
    int javaCoders = 0;
    for (RunnerApi.Coder coder : pipeline.getComponents().getCodersMap().values()) {
      if (coder.getSpec().getUrn().equals("beam:coders:javasdk:0.1")) {
        javaCoders++;
        Object decoded =
            SerializableUtils.deserializeFromByteArray(
                coder.getSpec().getPayload().toByteArray(), "a staged coder");
        assertThat(decoded).isNotInstanceOf(SerializableCoder.class);
      }
    }
    assertThat(javaCoders).as("our own coders, staged as Java coders").isPositive();
  }

  /** The pipeline's classes and its proto are staged, nothing else. */
  private static void assertStaged(OfflineDataflow.Job job) {
    assertThat(job.staged()).hasSize(2);
    assertThat(job.staged())
        .anyMatch(p -> p.getFileName().toString().matches("classes-.*\\.jar"))
        .anyMatch(p -> p.getFileName().toString().matches("pipeline-.*\\.pb"));
  }
}
