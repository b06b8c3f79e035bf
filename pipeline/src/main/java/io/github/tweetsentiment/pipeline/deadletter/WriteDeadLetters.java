package io.github.tweetsentiment.pipeline.deadletter;

import io.github.tweetsentiment.pipeline.PipelineMetrics;
import io.github.tweetsentiment.pipeline.sink.SinkConfig;
import io.github.tweetsentiment.pipeline.sink.WriteTable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the dead letters of every stage into the one {@code dead_letter} table. Returns what it
 * wrote, for tests and for anything downstream that wants to alert on it.
 */
public final class WriteDeadLetters
    extends PTransform<PCollectionList<DeadLetter>, PCollection<DeadLetter>> {

  private final SinkConfig sink;

  public WriteDeadLetters(SinkConfig sink) {
    this.sink = sink;
  }

  @Override
  public PCollection<DeadLetter> expand(PCollectionList<DeadLetter> stages) {
    PCollection<DeadLetter> all =
        stages
            .apply("FlattenStages", Flatten.pCollections())
            .apply("Count", ParDo.of(new CountFn()));
    all.apply(
        "WriteDeadLetterRows",
        WriteTable.deadLetters(DeadLetterRow.TABLE, new DeadLetterRow(), sink));
    return all;
  }

  /** Counts and logs each dead letter (never its payload, which may be large or private). */
  static final class CountFn extends DoFn<DeadLetter, DeadLetter> {
    private static final Logger LOG = LoggerFactory.getLogger(WriteDeadLetters.class);
    private final Counter deadLetters = PipelineMetrics.counter(PipelineMetrics.DEAD_LETTERS);

    @ProcessElement
    public void process(@Element DeadLetter d, OutputReceiver<DeadLetter> out) {
      deadLetters.inc();
      LOG.debug("dead letter: {}", d);
      out.output(d);
    }
  }
}
