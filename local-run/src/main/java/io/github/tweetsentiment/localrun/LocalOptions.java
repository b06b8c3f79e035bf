package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.pipeline.SentimentOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** The pipeline's options and those only a local run has. */
public interface LocalOptions extends SentimentOptions {

  @Description("How often, in seconds, a local run prints its progress; 0 prints none.")
  @Default.Integer(5)
  int getProgressSeconds();

  void setProgressSeconds(int value);

  @Description(
      "How long, in seconds, a local run waits before it starts for a given --sentimentEndpoint"
          + " that answers with what retrying cures (408, 429, 5xx, a refused or reset"
          + " connection, a timeout): a Cloud Run service scaling from zero, or one started a"
          + " moment ago. What no wait cures (a 404 for the model, 401, 403, an answer that is not"
          + " the model's metadata) stops the run at once. 0 checks once.")
  @Default.Integer(60)
  int getEndpointWaitSeconds();

  void setEndpointWaitSeconds(int value);

  @Description(
      "Port on 127.0.0.1 of the page that shows a local run live (its URL is printed at start):"
          + " sentiment per window and query, totals, the latest tweets and dead letters. 0"
          + " serves none. Either way the run ends by writing report.html and"
          + " sentiment_windows_latest.ndjson to --outputDir.")
  @Default.Integer(8642)
  int getViewPort();

  void setViewPort(int value);
}
