package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.junit.jupiter.api.Test;

class SentimentPipelineTest {

  private static SentimentPipeline.Options options(String... args) {
    PipelineOptionsFactory.register(SentimentPipeline.Options.class);
    return PipelineOptionsFactory.fromArgs(args)
        .withValidation()
        .as(SentimentPipeline.Options.class);
  }

  @Test
  void options_areWellFormed_withTheDocumentedDefaults() {
    SentimentPipeline.Options o = options();

    assertThat(o.getInput()).isEqualTo(SentimentPipeline.BUNDLED_RECORDING);
    assertThat(o.getSentimentEndpoint()).isEqualTo("embedded");
    assertThat(o.getModel()).isEqualTo("accurate");
    assertThat(o.getWindowMinutes()).isEqualTo(1);
    assertThat(o.getAllowedLatenessMinutes()).isEqualTo(10);
    assertThat(o.getEarlyFiringSeconds()).isEqualTo(10);
    assertThat(o.getOutputDir()).isEqualTo("output");
    assertThat(o.getReplaySpeed()).isZero();
  }

  @Test
  void embeddedEndpoint_isRefusedOnDataflow_withWhatToDoInstead() {
    SentimentPipeline.Options o =
        options("--runner=DataflowRunner", "--project=p", "--outputDataset=d");
    assertThat(o.getRunner()).isEqualTo(DataflowRunner.class);

    assertThatThrownBy(() -> SentimentPipeline.validate(o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("works only locally")
        .hasMessageContaining("--sentimentEndpoint=https://");
  }

  @Test
  void dataflow_needsAnOutputDataset() {
    SentimentPipeline.Options o =
        options("--runner=DataflowRunner", "--project=p", "--sentimentEndpoint=https://s.example");

    assertThatThrownBy(() -> SentimentPipeline.validate(o)).hasMessageContaining("--outputDataset");
  }

  @Test
  void subscriptionAndTopic_areMutuallyExclusive() {
    SentimentPipeline.Options o =
        options(
            "--sentimentEndpoint=http://localhost:1",
            "--inputSubscription=projects/p/subscriptions/s",
            "--inputTopic=projects/p/topics/t");

    assertThatThrownBy(() -> SentimentPipeline.validate(o)).hasMessageContaining("not both");
  }

  @Test
  void theGraphReadsAsTheStory_withUniqueStableStepNames() {
    SentimentPipeline.Options o = options("--sentimentEndpoint=http://localhost:1");
    Pipeline pipeline = Pipeline.create(o);

    SentimentPipeline.build(pipeline, o, null);

    List<String> topLevel = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (!node.isRootNode() && node.getEnclosingNode().isRootNode()) {
              topLevel.add(node.getFullName());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    assertThat(topLevel)
        .containsExactly(
            "ReadTweets",
            "ParseTweets",
            "DeduplicateTweets",
            "FilterTweets",
            "ScoreSentiment",
            "WriteScoredTweets",
            "WindowTweets",
            "AggregateSentiment",
            "WriteWindows",
            "WriteDeadLetters");
  }
}
