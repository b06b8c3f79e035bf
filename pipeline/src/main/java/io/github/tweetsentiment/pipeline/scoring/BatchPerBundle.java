package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * The backfill's batching: consecutive tweets of a bundle, {@code batchSize} at a time, the last
 * batch of a bundle when it ends. No shuffle, state or timer: in a batch job bundles are large and
 * every tweet is on time, so there is nothing to wait for and no watermark to hold (the streaming
 * job's {@link BatchTweets} needs both).
 */
final class BatchPerBundle
    extends PTransform<PCollection<IncomingTweet>, PCollection<List<IncomingTweet>>> {

  private final int batchSize;

  BatchPerBundle(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batchSize must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  @Override
  public PCollection<List<IncomingTweet>> expand(PCollection<IncomingTweet> tweets) {
    if (!(tweets.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(
          "BatchPerBundle batches the global window only: window the tweets after scoring");
    }
    return tweets
        .apply("FillBatchesPerBundle", ParDo.of(new FillFn(batchSize)))
        .setCoder(ListCoder.of(IncomingTweet.IncomingTweetCoder.of()));
  }

  static final class FillFn extends DoFn<IncomingTweet, List<IncomingTweet>> {
    private final int batchSize;
    private transient List<IncomingTweet> batch;
    private transient Instant earliest;

    FillFn(int batchSize) {
      this.batchSize = batchSize;
    }

    @StartBundle
    public void startBundle() {
      batch = new ArrayList<>(batchSize);
      earliest = null;
    }

    @ProcessElement
    public void process(
        @Element IncomingTweet tweet,
        @Timestamp Instant timestamp,
        OutputReceiver<List<IncomingTweet>> out) {
      batch.add(tweet);
      earliest = earliest == null || timestamp.isBefore(earliest) ? timestamp : earliest;
      if (batch.size() >= batchSize) {
        // At this tweet's time: the scoring step stamps each tweet with its own created_at.
        out.output(batch);
        batch = new ArrayList<>(batchSize);
        earliest = null;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (!batch.isEmpty()) {
        context.output(batch, earliest, GlobalWindow.INSTANCE);
      }
      batch = null;
    }
  }
}
