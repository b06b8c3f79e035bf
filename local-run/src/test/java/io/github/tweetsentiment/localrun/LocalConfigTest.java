package io.github.tweetsentiment.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.pipeline.Mode;
import io.github.tweetsentiment.pipeline.PipelineConfig;
import io.github.tweetsentiment.pipeline.read.ReadTweets;
import java.net.URI;
import org.apache.beam.runners.direct.DirectOptions;
import org.junit.jupiter.api.Test;

/** A local run's defaults fill in what the command line left out, and only that. */
class LocalConfigTest {

  private static final String SERVICE = "http://127.0.0.1:4321";

  private static PipelineConfig config(String... args) {
    LocalOptions options = LocalPipeline.parse(args);
    return PipelineConfig.from(options, LocalRun.defaults(options, SERVICE), null);
  }

  @Test
  void nothingGiven_replaysTheBundledRecording_withTheStartedService_andFewKeys() {
    PipelineConfig config = config();

    assertThat(config.source()).isInstanceOf(ReadTweets.FromRecording.class);
    assertThat(((ReadTweets.FromRecording) config.source()).spec())
        .isEqualTo(LocalPipeline.BUNDLED_RECORDING);
    assertThat(config.client().endpoint()).isEqualTo(URI.create(SERVICE));
    assertThat(config.dedupShards()).isEqualTo(LocalRun.LOCAL_DEDUP_SHARDS);
    assertThat(((Mode.Streaming) config.mode()).scoringShards())
        .isEqualTo(LocalRun.LOCAL_SCORING_SHARDS);
    // A streaming run keeps the options' batching.
    assertThat(config.batchSize()).isEqualTo(32);
    assertThat(config.maxCallsInFlight()).isEqualTo(2);
  }

  @Test
  void whatTheCommandLineGives_winsOverTheLocalDefaults_evenWhenItEqualsTheOptionsDefault() {
    PipelineConfig config =
        config("--dedupShards=64", "--scoringShards=16", "--input=mine.jsonl", "--batchSize=7");

    assertThat(config.dedupShards()).isEqualTo(64);
    assertThat(((Mode.Streaming) config.mode()).scoringShards()).isEqualTo(16);
    assertThat(((ReadTweets.FromRecording) config.source()).spec()).isEqualTo("mine.jsonl");
    assertThat(config.batchSize()).isEqualTo(7);
  }

  @Test
  void aBackfill_sendsLargerBatches_unlessTold() {
    PipelineConfig backfill = config("--backfill=true", "--input=archive/*.avro");
    assertThat(backfill.mode()).isInstanceOf(Mode.Backfill.class);
    assertThat(backfill.batchSize()).isEqualTo(LocalRun.LOCAL_BACKFILL_BATCH_SIZE);
    assertThat(backfill.maxCallsInFlight()).isEqualTo(LocalRun.LOCAL_BACKFILL_CALLS_IN_FLIGHT);

    PipelineConfig told =
        config(
            "--backfill=true", "--input=archive/*.avro", "--batchSize=10", "--maxCallsInFlight=1");
    assertThat(told.batchSize()).isEqualTo(10);
    assertThat(told.maxCallsInFlight()).isEqualTo(1);
  }

  @Test
  void aGivenEndpoint_isUsed_andAPubsubInput_getsNoRecording() {
    LocalOptions options =
        LocalPipeline.parse(
            new String[] {
              "--sentimentEndpoint=http://localhost:9",
              "--inputTopic=projects/my-project/topics/tweets"
            });
    PipelineConfig config = PipelineConfig.from(options, LocalRun.defaults(options, null), null);

    assertThat(config.client().endpoint()).isEqualTo(URI.create("http://localhost:9"));
    assertThat(config.source())
        .isEqualTo(new ReadTweets.FromTopic("projects/my-project/topics/tweets"));
  }

  @Test
  void aMistakeInTheOptions_isReportedBeforeTheServiceStarts() {
    LocalOptions options =
        LocalPipeline.parse(
            new String[] {"--backfill=true", "--inputTopic=projects/my-project/topics/tweets"});

    assertThatThrownBy(() -> LocalRun.checkInputsAndOutputs(options))
        .hasMessageContaining("a backfill reads files, not Pub/Sub");
  }

  @Test
  void theDirectRunnersChecks_areOffForSpeed_unlessTheCommandLineTurnsThemOn() {
    LocalOptions quiet = LocalPipeline.parse(new String[0]);
    LocalRun.tuneDirectRunner(quiet);
    assertThat(quiet.as(DirectOptions.class).isEnforceImmutability()).isFalse();
    assertThat(quiet.as(DirectOptions.class).isEnforceEncodability()).isFalse();
    assertThat(quiet.as(DirectOptions.class).isBlockOnRun()).isFalse();

    LocalOptions checked = LocalPipeline.parse(new String[] {"--enforceImmutability=true"});
    LocalRun.tuneDirectRunner(checked);
    assertThat(checked.as(DirectOptions.class).isEnforceImmutability()).isTrue();
    assertThat(checked.as(DirectOptions.class).isEnforceEncodability()).isFalse();
  }
}
