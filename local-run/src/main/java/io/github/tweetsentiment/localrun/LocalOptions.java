package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.pipeline.SentimentPipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** The pipeline's options and those only a local run has. */
public interface LocalOptions extends SentimentPipeline.Options {

  @Description("How often, in seconds, a local run prints its progress; 0 prints none.")
  @Default.Integer(5)
  int getProgressSeconds();

  void setProgressSeconds(int value);
}
