package io.github.tweetsentiment.pipeline;

import static io.github.tweetsentiment.pipeline.Fixtures.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.sdk.Pipeline;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class SentimentPipelineTest {

  /** The top-level steps, in order: the story main tells, the same in streaming and backfill. */
  static final List<String> STEPS =
      List.of(
          "ReadTweets",
          "ParseTweets",
          "DeduplicateTweets",
          "FilterTweets",
          "ScoreSentiment",
          "WriteScoredTweets",
          "WindowTweets",
          "AggregateSentiment",
          "CorrectShares",
          "WriteWindows",
          "WriteDeadLetters");

  /** What building the config from {@code args} fails with; the args themselves parse. */
  private static AbstractThrowableAssert<?, ? extends Throwable> configRefuses(String... args) {
    SentimentOptions o = options(args);
    return assertThatThrownBy(() -> PipelineConfig.from(o));
  }

  @Test
  void options_areWellFormed_withTheDocumentedDefaults() {
    SentimentOptions o = options();

    // No input and no endpoint by default: production must say which, a local run fills them in.
    assertThat(o.getInput()).isNull();
    assertThat(o.getSentimentEndpoint()).isNull();
    assertThat(o.getDedupShards()).isEqualTo(64);
    assertThat(o.getScoringShards()).isEqualTo(16);
    assertThat(o.getMaxCallsInFlight()).isEqualTo(2);
    assertThat(o.getModel()).isEqualTo("accurate");
    assertThat(o.getWindowMinutes()).isEqualTo(1);
    assertThat(o.getAllowedLatenessMinutes()).isEqualTo(10);
    assertThat(o.getEarlyFiringSeconds()).isEqualTo(10);
    assertThat(o.getOutputDir()).isEqualTo("output");
    assertThat(o.getReplaySpeed()).isZero();
  }

  @Test
  void dataflow_needsAServiceUrl_andSaysWhatToPass() {
    String[] dataflow = {
      "--runner=DataflowRunner",
      "--project=p",
      "--outputDataset=d",
      "--inputSubscription=projects/my-project/subscriptions/tweets"
    };
    SentimentOptions missing = options(dataflow);
    assertThat(missing.getRunner()).isEqualTo(DataflowRunner.class);
    assertThatThrownBy(() -> PipelineConfig.from(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--sentimentEndpoint is required")
        .hasMessageContaining("https://");

    List<String> embedded = new ArrayList<>(List.of(dataflow));
    embedded.add("--sentimentEndpoint=embedded");
    SentimentOptions local = options(embedded.toArray(String[]::new));
    assertThatThrownBy(() -> PipelineConfig.from(local))
        .hasMessageContaining("only in a local run")
        .hasMessageContaining("cannot reach a service inside the launcher");

    List<String> noScheme = new ArrayList<>(List.of(dataflow));
    noScheme.add("--sentimentEndpoint=sentiment-xyz.a.run.app");
    SentimentOptions bad = options(noScheme.toArray(String[]::new));
    assertThatThrownBy(() -> PipelineConfig.from(bad)).hasMessageContaining("http(s) URL");
  }

  @Test
  void anInputIsRequired() {
    configRefuses("--sentimentEndpoint=https://s.example")
        .hasMessageContaining("no input")
        .hasMessageContaining("--inputSubscription");
  }

  @Test
  void dataflow_needsAnOutputDataset() {
    configRefuses(
            "--runner=DataflowRunner",
            "--project=p",
            "--sentimentEndpoint=https://s.example",
            "--inputSubscription=projects/my-project/subscriptions/tweets")
        .hasMessageContaining("--outputDataset");
  }

  @Test
  void subscriptionAndTopic_areMutuallyExclusive() {
    configRefuses(
            "--sentimentEndpoint=http://localhost:1",
            "--inputSubscription=projects/my-project/subscriptions/tweets",
            "--inputTopic=projects/my-project/topics/tweets")
        .hasMessageContaining("not both");
  }

  @Test
  void aMalformedSubscription_isAnErrorNamingTheOption_beforeTheGraphIsBuilt() {
    configRefuses(
            "--sentimentEndpoint=http://localhost:1",
            "--inputSubscription=projects/my-project/subscriptions/s1")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--inputSubscription must be projects/PROJECT/subscriptions/NAME")
        .hasMessageContaining("shorter than 3 characters");
  }

  @Test
  void theGraphReadsAsTheStory_withUniqueStableStepNames() {
    SentimentOptions o =
        options("--sentimentEndpoint=http://localhost:1", "--input=recording.jsonl");
    Pipeline pipeline = Pipeline.create(o);

    SentimentPipeline.build(pipeline, PipelineConfig.from(o));

    List<String> topLevel = Fixtures.stepNames(pipeline, true);
    assertThat(topLevel).containsExactlyElementsOf(STEPS);
  }
}
