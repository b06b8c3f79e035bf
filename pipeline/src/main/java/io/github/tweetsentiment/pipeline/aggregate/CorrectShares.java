package io.github.tweetsentiment.pipeline.aggregate;

import io.github.tweetsentiment.inference.InferenceListener;
import io.github.tweetsentiment.inference.SentimentClient;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.scoring.ClientConfig;
import java.time.Duration;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Adds to each pane its estimated true shares, correcting each model version's part of the window
 * with that version's share correction, which the workers ask of the service the first time they
 * see the version (so a job launched while the service was down, or running through a model
 * rollout, corrects with the right matrix). Asking waits out what retrying cures as scoring does,
 * within the same retry budget; a pane whose correction cannot be had keeps raw shares only and
 * counts {@value PipelineMetrics#SHARE_CORRECTION_UNAVAILABLE}.
 */
public final class CorrectShares
    extends PTransform<PCollection<WindowSentiment>, PCollection<WindowSentiment>> {

  /** Stands for "until it answers" when the scoring retries until success (a zero budget). */
  private static final Duration UNTIL_IT_ANSWERS = Duration.ofDays(365);

  private final ClientConfig client;
  private final ShareMethod method;

  public CorrectShares(ClientConfig client, ShareMethod method) {
    this.client = client;
    this.method = method;
  }

  @Override
  public PCollection<WindowSentiment> expand(PCollection<WindowSentiment> panes) {
    return panes
        .apply("CorrectPerModelVersion", ParDo.of(new CorrectFn(client, method)))
        .setCoder(WindowSentiment.WindowSentimentCoder.of());
  }

  private static final class CorrectFn extends DoFn<WindowSentiment, WindowSentiment> {
    private final ClientConfig config;
    private final ShareMethod method;
    private final Counter unavailable =
        PipelineMetrics.counter(PipelineMetrics.SHARE_CORRECTION_UNAVAILABLE);
    private transient SentimentClient client;
    private transient ModelCorrections corrections;

    CorrectFn(ClientConfig config, ShareMethod method) {
      this.config = config;
      this.method = method;
    }

    @Setup
    public void setup() {
      client = config.newClient(InferenceListener.none());
      Duration wait = config.retryBudget().isZero() ? UNTIL_IT_ANSWERS : config.retryBudget();
      corrections =
          new ModelCorrections(
              () -> client.servedModel(wait, config.timeout()),
              unavailable::inc,
              System::nanoTime,
              method);
    }

    @ProcessElement
    public void process(@Element WindowSentiment pane, OutputReceiver<WindowSentiment> out) {
      out.output(pane.withCorrected(corrections.correct(pane.stats())));
    }

    @Teardown
    public void teardown() {
      if (client != null) {
        client.close();
      }
    }
  }
}
